import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SessionDetail, SessionReport, SessionSummary } from '../../../../shared/sessions'
import { changeLanguage } from '../../i18n/i18n'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { exportFileName, healthPercents } from './history-format'
import { HistoryPage } from './history-page'

const T0 = Date.UTC(2026, 10, 30, 3, 0, 0)
const summary = (over: Partial<SessionSummary>): SessionSummary => ({
  id: 'aaaaaaaa-0000-4000-8000-000000000001',
  start: T0,
  end: T0 + 1800_000,
  durationSeconds: 1800,
  ending: 'clean',
  destinations: ['NAVER Cloud Live Station · 아침 라이브', 'rtmp://ingest.example/live'],
  onAirSeconds: 1790,
  outages: 1,
  reconnects: 1,
  recordedSeconds: 1799.5,
  ...over
})
const CLEAN = summary({})
const CRASHED = summary({ id: 'aaaaaaaa-0000-4000-8000-000000000002', start: T0 + 7200_000, ending: 'crashed', outages: 0, reconnects: 0, durationSeconds: 61 })

const REPORT: SessionReport = {
  id: CLEAN.id,
  start: T0,
  end: T0 + 1800_000,
  durationSeconds: 1800,
  ending: 'clean',
  sources: { video: 'screen:0', audio: 'mic:default' },
  liveSince: T0 + 2000,
  onAirSeconds: 1790,
  recordedSeconds: 1799.5,
  outages: [{ start: T0 + 600_000, seconds: 10.2, cause: 'ingest_unreachable', destinations: ['d1', 'd2'], recovery: 'reconnected', attempts: 3 }],
  reconnects: 2,
  bitrate: { meanKbps: 5480, minKbps: 0 },
  droppedFrames: 12,
  encoderSpeedMin: 0.97,
  health: { excellent: 0.8, acceptable: 0.1, unstable: 0.05, offline: 0.05 },
  destinations: [
    {
      id: 'd1',
      provider: 'naver',
      profile: 'default',
      channelId: 'ls-1',
      label: 'NAVER Cloud Live Station · 아침 라이브',
      finalState: 'ended',
      onAirSeconds: 1790,
      outages: [{ start: T0 + 600_000, seconds: 10.2, cause: 'ingest_unreachable', recovery: 'reconnected', attempts: 3 }],
      reconnects: 1,
      bitrate: { meanKbps: 2740, minKbps: 0 },
      droppedFrames: 0,
      congestionMax: 0.42,
      providerEvents: 1
    },
    {
      id: 'd2',
      provider: 'custom',
      profile: 'default',
      label: 'rtmp://ingest.example/live',
      finalState: 'failed',
      error: { code: 'ingest_rejected_key', message: 'refused' },
      onAirSeconds: 600,
      outages: [],
      reconnects: 1,
      bitrate: { meanKbps: 2740, minKbps: 0 },
      droppedFrames: 0,
      congestionMax: 1.2,
      providerEvents: 0
    }
  ],
  providerEvents: [{ time: T0 + 5000, level: 'info', code: 'provider.event', message: 'NAVER · 아침 라이브: 방송이 시작되었습니다', source: 'naver' }],
  recording: { path: '/home/me/recordings/2026-11-30_03-00-00-아침.mkv', seconds: 1799.5, complete: true },
  logLines: 4
}
const DETAIL: SessionDetail = {
  report: REPORT,
  log: [
    { time: T0 + 2000, level: 'info', code: 'live.started', message: 'You are live' },
    {
      time: T0 + 5000,
      level: 'info',
      code: 'provider.event',
      message: 'NAVER · 아침 라이브: 방송이 시작되었습니다',
      source: 'naver',
      data: { text: '방송이 시작되었습니다' }
    },
    {
      time: T0 + 600_000,
      level: 'warn',
      code: 'pusher.reconnecting',
      message: 'x',
      data: { destination: 'NAVER Cloud Live Station · 아침 라이브', id: 'd1', attempt: 1, seconds: 1, cause: 'ingest_unreachable' }
    },
    { time: T0 + 1800_000, level: 'info', code: 'live.ended', message: 'The live session ended' }
  ],
  recording: {
    id: 'rec-1',
    path: '/home/me/recordings/2026-11-30_03-00-00-아침.mkv',
    fileName: '2026-11-30_03-00-00-아침.mkv',
    sessionId: 'aaaaaaaa-0000-4000-8000-000000000001',
    kind: 'live',
    destinations: ['NAVER Cloud Live Station · 아침 라이브'],
    startedAt: T0,
    durationSeconds: 1799.5,
    sizeBytes: 1_000_000,
    state: 'uploaded',
    repairing: false,
    inUse: false,
    missing: false
  },
  samples: [
    { time: T0 + 2000, fps: 30, speed: 1, kbps: { d1: 2800, d2: 2800 }, congestion: 0 },
    { time: T0 + 600_000, fps: 30, speed: 1, kbps: { d1: 0, d2: 0 }, congestion: 1.2 },
    { time: T0 + 1800_000, fps: 30, speed: 1, kbps: { d1: 2800, d2: 0 }, congestion: 0.1 }
  ]
}

function setup(list: SessionSummary[]) {
  const api = scriptedApi()
  api.reply('sessions:list', list)
  api.reply('sessions:get', DETAIL)
  const user = userEvent.setup()
  return { user, ...renderWithApi(<HistoryPage />, api) }
}
const card = (id: string) => screen.getAllByTestId('session').find((el) => el.dataset.id === id) as HTMLElement

afterEach(() => {
  act(() => changeLanguage('en'))
  vi.restoreAllMocks()
})

describe('History place', () => {
  it('lists every show as main lists it, with how it ended, where it went and its figures', async () => {
    setup([CRASHED, CLEAN])
    await screen.findAllByTestId('session')
    expect(screen.getAllByTestId('session').map((el) => el.dataset.id)).toEqual([CRASHED.id, CLEAN.id])
    const clean = within(card(CLEAN.id))
    expect(clean.getByTestId('session-ending').textContent).toBe('Ended')
    expect(clean.getByTestId('session-where').textContent).toBe('NAVER Cloud Live Station · 아침 라이브 · rtmp://ingest.example/live')
    expect(clean.getByTestId('session-on-air').textContent).toBe('29:50')
    expect(clean.getByTestId('session-outages').textContent).toBe('1')
    expect(within(card(CRASHED.id)).getByTestId('session-ending').textContent).toBe('Crashed')
    act(() => changeLanguage('ko'))
    expect(within(card(CRASHED.id)).getByTestId('session-ending').textContent).toBe('비정상 종료')
    act(() => changeLanguage('vi'))
    expect(within(card(CLEAN.id)).getByTestId('session-open').textContent).toBe('Chi tiết')
  })

  it('says so when there is no show yet, and when the history cannot be read', async () => {
    setup([])
    expect((await screen.findByTestId('history-empty')).textContent).toMatch(/No shows yet/)
  })

  it('a list that cannot be read says why', async () => {
    const api = scriptedApi()
    api.fail('sessions:list', { code: 'internal', message: 'boom' })
    renderWithApi(<HistoryPage />, api)
    expect(await screen.findByTestId('history-error')).toBeTruthy()
  })

  it('opens a show: its report, each outage with its cause and how it came back, each destination, health shares, graphs and the whole log', async () => {
    const { api, user } = setup([CLEAN])
    await user.click(await screen.findByTestId('session-open'))
    expect(api.requestsOf('sessions:get')).toEqual([{ id: CLEAN.id }])
    const report = await screen.findByTestId('session-report')
    expect(document.activeElement?.id).toBe('page-title')
    expect(within(report).getByTestId('report-on-air').textContent).toBe('29:50')
    expect(within(report).getByTestId('report-recorded').textContent).toBe('30:00')
    expect(within(report).getByTestId('report-bitrate').textContent).toBe('5480 kbps on average, 0 kbps at the lowest')
    expect(within(report).getByTestId('report-reconnects').textContent).toBe('2')
    expect(within(report).getByTestId('report-recording').textContent).toContain('2026-11-30_03-00-00-아침.mkv')
    // What became of it since, as the recordings library says.
    expect(within(report).getByTestId('report-recording-library').textContent).toBe(' · In the library: Uploaded (30:00)')
    expect([...within(report).getByTestId('report-health').querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Excellent 80 %',
      'Acceptable 10 %',
      'Unstable 5 %',
      'Offline 5 %'
    ])
    const outage = screen.getByTestId('outage')
    expect(outage.dataset.recovery).toBe('reconnected')
    expect(outage.textContent).toMatch(/off air for 0:10/)
    expect(outage.textContent).toMatch(/came back on its own \(attempts: 3\)/)
    expect(outage.textContent).toMatch(/does not answer/)
    const rows = screen.getAllByTestId('report-destination')
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual(['NAVER Cloud Live Station · 아침 라이브', 'rtmp://ingest.example/live'])
    expect(rows[1].textContent).toContain('Failed')
    expect(screen.getByTestId('session-graphs').querySelectorAll('path').length).toBe(4)
    // The log, worded by the app; the provider's event kept as the provider wrote it, tagged with its name.
    const log = screen.getByTestId('session-log')
    expect([...log.querySelectorAll('li')].map((li) => li.dataset.code)).toEqual(['live.started', 'provider.event', 'pusher.reconnecting', 'live.ended'])
    expect(log.textContent).toContain('방송이 시작되었습니다')
    await user.selectOptions(screen.getByTestId('session-log-level'), 'warn')
    expect([...screen.getByTestId('session-log').querySelectorAll('li')].map((li) => li.dataset.code)).toEqual(['pusher.reconnecting'])
    // In Korean: the outage's cause and how it came back in Korean words, no English of ours.
    act(() => changeLanguage('ko'))
    expect(screen.getByTestId('outage').textContent).toMatch(/자동으로 복구됨 \(시도 3회\)/)
    expect(screen.getByTestId('outage').textContent).not.toMatch(/came back|attempts|off air|does not answer/)
    // Back: the list, with focus on the show it came from.
    await user.click(screen.getByTestId('history-back'))
    await waitFor(() => expect(document.activeElement).toBe(within(card(CLEAN.id)).getByTestId('session-open')))
  })

  it('a show that cannot be read says why, beside the way back', async () => {
    const { api, user } = setup([CLEAN])
    api.fail('sessions:get', { code: 'not_found', message: 'There is no show with this id in the history.' })
    await user.click(await screen.findByTestId('session-open'))
    expect(await screen.findByTestId('session-error')).toBeTruthy()
    expect(screen.getByTestId('history-back')).toBeTruthy()
  })

  it('Export JSON saves the report, the whole log and the graph points as one file named by the show', async () => {
    const { user } = setup([CLEAN])
    const blobs: Blob[] = []
    const create = vi.fn((blob: Blob) => (blobs.push(blob), 'blob:onair/1'))
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() })
    let downloaded = ''
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloaded = this.download
    })
    await user.click(await screen.findByTestId('session-open'))
    await user.click(await screen.findByTestId('session-export'))
    expect(downloaded).toBe('onair-show-2026-11-30-03-00-00-aaaaaaaa.json')
    expect(blobs[0].type).toBe('application/json')
    expect(JSON.parse(await blobs[0].text())).toEqual({ version: 1, ...DETAIL })
  })

  it('a show that ends joins the list without a reload', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      const { api } = setup([CLEAN])
      await screen.findAllByTestId('session')
      api.reply('sessions:list', [CRASHED, CLEAN])
      act(() => api.emit('live:state', { sessionId: 'new-show', state: 'ended', sources: null, destinations: [], log: [] }))
      await act(async () => vi.advanceTimersByTimeAsync(400))
      await waitFor(() => expect(screen.getAllByTestId('session')).toHaveLength(2))
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('history format', () => {
  it.each([
    [
      { excellent: 0.8, acceptable: 0.1, unstable: 0.05, offline: 0.05 },
      { excellent: 80, acceptable: 10, unstable: 5, offline: 5 }
    ],
    [
      { excellent: 1 / 3, acceptable: 1 / 3, unstable: 1 / 3, offline: 0 },
      { excellent: 34, acceptable: 33, unstable: 33, offline: 0 }
    ],
    [
      { excellent: 0, acceptable: 0, unstable: 0, offline: 0 },
      { excellent: 0, acceptable: 0, unstable: 0, offline: 0 }
    ]
  ])('health shares %j read as %j (whole percents adding up to 100)', (shares, percents) => {
    expect(healthPercents(shares)).toEqual(percents)
  })

  it('names an export by when the show started and its id', () => {
    expect(exportFileName({ id: 'f3e886f0-1111-4000-8000-000000000000', start: Date.UTC(2026, 0, 2, 9, 5, 7) })).toBe(
      'onair-show-2026-01-02-09-05-07-f3e886f0.json'
    )
  })
})

describe('History place, offline mode', () => {
  it('a show part of which reached no destination says how long, in the report’s facts', async () => {
    const { api, user } = setup([CLEAN])
    api.reply('sessions:get', {
      ...DETAIL,
      report: {
        ...REPORT,
        unstreamed: [
          { start: T0, end: T0 + 15_000, seconds: 15 },
          { start: T0 + 60_000, end: T0 + 105_000, seconds: 45 }
        ]
      }
    })
    await user.click(await screen.findByTestId('session-open'))
    const report = await screen.findByTestId('session-report')
    const fact = within(report).getByTestId('report-unstreamed')
    expect(fact.textContent).toBe('1:00')
    expect(fact.parentElement?.textContent).toContain('Reached no destination')
    act(() => changeLanguage('ko'))
    expect(within(report).getByTestId('report-unstreamed').parentElement?.textContent).toContain('송출되지 않은 시간')
  })

  it('no such fact when every moment reached a destination', async () => {
    const { user } = setup([CLEAN])
    await user.click(await screen.findByTestId('session-open'))
    const report = await screen.findByTestId('session-report')
    expect(within(report).queryByTestId('report-unstreamed')).toBeNull()
  })
})
