import { act, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import type { AccountSummary } from '../../../../shared/contract'
import type { LiveSnapshot, LiveStats } from '../../../../shared/live'
import type { RecordingSummary } from '../../../../shared/recordings'
import { changeLanguage } from '../../i18n/i18n'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { RecordingsPage } from './recordings-page'
import { streamChoices, streamView } from './stream-model'

const REC: RecordingSummary = {
  id: 'r1',
  path: '/rec/2026-11-30_방송.mkv',
  fileName: '2026-11-30_방송.mkv',
  sessionId: 's0',
  kind: 'live',
  destinations: ['NAVER · 아침 라이브'],
  startedAt: Date.UTC(2026, 10, 30, 3),
  durationSeconds: 60,
  sizeBytes: 24_000_000,
  state: 'pending_handoff',
  inUse: false,
  repairing: false,
  missing: false
}
const CUSTOM: AccountSummary = { provider: 'custom', profile: 'default', label: 'rtmp://ingest.example/live', connected: true, display: {} }
const snap = (state: LiveSnapshot['state'], positionSeconds: number, extra: Partial<LiveSnapshot> = {}): LiveSnapshot => ({
  sessionId: 's1',
  state,
  sources: { video: `file:${REC.path}`, audio: `file:${REC.path}` },
  destinations: [{ id: 'd1', provider: 'custom', profile: 'default', label: 'rtmp://ingest.example/live', state: state === 'ended' ? 'ended' : 'live' }],
  log: [],
  handoff: { path: REC.path, recordingId: 'r1', durationSeconds: 60, positionSeconds },
  ...extra
})
const stats = (mediaTimeMs: number): LiveStats => ({
  time: Date.now(),
  fps: 30,
  bitrateKbps: 2600,
  speed: 1,
  droppedFrames: 0,
  duplicatedFrames: 0,
  mediaTimeMs,
  destinations: []
})

function setup(accounts: AccountSummary[] = [CUSTOM]) {
  const api = scriptedApi()
  api.reply('recordings:list', [REC])
  api.reply('accounts:list', accounts)
  return { user: userEvent.setup(), ...renderWithApi(<RecordingsPage />, api) }
}

afterEach(() => {
  act(() => changeLanguage('en'))
})

describe('Recordings: streaming a recording to a channel', () => {
  it('offers the saved channels, streams this recording to the one chosen, then shows position / length, a bar and Stop', async () => {
    const { api, user } = setup()
    api.reply('handoff:stream', {
      id: 'b'.repeat(24),
      kind: 'stream',
      path: REC.path,
      recordingId: 'r1',
      target: CUSTOM.label,
      state: 'running',
      bytesDone: 0,
      bytesTotal: REC.sizeBytes,
      bytesPerSecond: 0,
      etaSeconds: 60
    })
    api.reply('live:stop', snap('ended', 21))
    await user.click(await screen.findByTestId('stream-open'))
    expect(screen.getByTestId('recording-state').textContent).toBe('Waiting to hand off')
    const channel = screen.getByTestId('stream-channel') as HTMLSelectElement
    expect([...channel.options].map((o) => o.textContent)).toEqual(['rtmp://ingest.example/live'])
    expect(screen.getByTestId('stream-form').textContent).toContain('1:00')
    // A recording with no missed part has no such choice: the whole file goes.
    expect(screen.queryByTestId('stream-only-missed')).toBeNull()
    await user.click(screen.getByTestId('stream-start'))
    expect(api.requestsOf('handoff:stream')).toEqual([{ recording: 'r1', destinations: [{ provider: 'custom', profile: 'default' }] }])
    expect(screen.queryByTestId('stream-form')).toBeNull()

    act(() => api.emit('live:state', snap('connecting', 0)))
    expect(screen.getByTestId('stream').textContent).toContain('Connecting to rtmp://ingest.example/live')
    // The card's state says it is going out now, not that it waits.
    expect(screen.getByTestId('recording-state').textContent).toBe('Handing off')
    act(() => api.emit('live:state', snap('live', 0)))
    act(() => api.emit('live:stats', stats(21_400)))
    expect(screen.getByTestId('stream-position').textContent).toBe('0:21 of 1:00')
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('35')
    // Not twice: the card's own button is gone while it streams.
    expect(screen.queryByTestId('stream-open')).toBeNull()
    await user.click(screen.getByTestId('stream-stop'))
    expect(api.requestsOf('live:stop')).toHaveLength(1)
    act(() => api.emit('live:state', snap('ended', 21.4)))
    expect(screen.getByTestId('stream-stopped').textContent).toContain('Stopped at 0:21 of 1:00')
    expect(screen.getByTestId('recording-state').textContent).toBe('Waiting to hand off')
  })

  it('after an offline show, offers only the part the audience missed (on by default), or the whole recording', async () => {
    const api = scriptedApi()
    api.reply('recordings:list', [{ ...REC, missed: [{ startSeconds: 0, endSeconds: 16.3 }] }])
    api.reply('accounts:list', [CUSTOM])
    api.fail('handoff:stream', { code: 'already_live', message: 'busy' })
    const user = userEvent.setup()
    renderWithApi(<RecordingsPage />, api)
    await user.click(await screen.findByTestId('stream-open'))
    const only = screen.getByTestId('stream-only-missed') as HTMLInputElement
    expect(only.checked).toBe(true)
    expect(only.parentElement?.textContent).toBe('Only the part the audience missed (0:00–0:16)')
    await user.click(screen.getByTestId('stream-start'))
    await user.click(only)
    await user.click(screen.getByTestId('stream-start'))
    expect(api.requestsOf('handoff:stream')).toEqual([
      { recording: 'r1', destinations: [{ provider: 'custom', profile: 'default' }], span: { startSeconds: 0, endSeconds: 16.3 } },
      { recording: 'r1', destinations: [{ provider: 'custom', profile: 'default' }] }
    ])
  })

  it('says when the whole recording went out, in Korean', async () => {
    const { api } = setup()
    await screen.findByTestId('stream-open')
    act(() => changeLanguage('ko'))
    act(() => api.emit('live:state', snap('live', 10)))
    expect(screen.getByTestId('stream').textContent).toContain('rtmp://ingest.example/live(으)로 송출 중')
    expect(screen.getByTestId('stream-position').textContent).toBe('1:00 중 0:10')
    act(() => api.emit('live:state', snap('ended', 59.5)))
    expect(screen.getByTestId('stream-done').textContent).toBe('rtmp://ingest.example/live(으)로 녹화본 전체를 송출했습니다.')
  })

  it('a refusal is said on the card in the reader’s language, the form kept', async () => {
    const { api, user } = setup()
    api.fail('handoff:stream', { code: 'ingest_unreachable', message: 'The ingest did not answer.' })
    await user.click(await screen.findByTestId('stream-open'))
    act(() => changeLanguage('vi'))
    await user.click(screen.getByTestId('stream-start'))
    await waitFor(() => expect(screen.getByTestId('stream-error').getAttribute('data-code')).toBe('ingest_unreachable'))
    expect(screen.getByTestId('stream-form')).toBeTruthy()
  })

  it('with no channel saved yet, it points to the Studio (in Vietnamese)', async () => {
    const { user } = setup([])
    act(() => changeLanguage('vi'))
    await user.click(await screen.findByTestId('stream-open'))
    expect(screen.getByTestId('stream-no-choices').textContent).toContain('Phòng phát')
    expect((screen.getByTestId('stream-start') as HTMLButtonElement).disabled).toBe(true)
  })
})

describe('stream model', () => {
  it('the Studio’s channels first, then saved RTMP servers not among them', () => {
    const choices = streamChoices(
      [{ provider: 'naver', profile: 'default', channelId: 'ls-1', channelName: '아침 라이브', hasBackup: true, backup: true }],
      [CUSTOM, { ...CUSTOM, provider: 'naver' }]
    )
    expect(choices.map((c) => [c.label, c.destination])).toEqual([
      ['NAVER Cloud Live Station · 아침 라이브', { provider: 'naver', profile: 'default', channelId: 'ls-1' }],
      ['rtmp://ingest.example/live', { provider: 'custom', profile: 'default' }]
    ])
  })

  it.each([
    ['another show', snap('live', 5, { handoff: undefined }), null, 'none'],
    ['connecting', snap('connecting', 0), null, 'connecting'],
    ['the file sent whole (last position a second short)', snap('ended', 59), null, 'done'],
    ['stopped half-way', snap('ended', 30), null, 'stopped'],
    ['failed', snap('failed', 3), null, 'failed']
  ])('%s', (_name, snapshot, s, kind) => expect(streamView(snapshot, s, 'r1').kind).toBe(kind))
})
