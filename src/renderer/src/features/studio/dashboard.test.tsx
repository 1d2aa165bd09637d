import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { LiveSnapshot, LiveStats } from '../../../../shared/live'
import { changeLanguage } from '../../i18n/i18n'
import { fakeAccounts, CUSTOM_ACCOUNT as CUSTOM, SIGMA_ACCOUNT as SIGMA } from '../../testing/fake-accounts'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { DestinationsCard } from '../destinations/destinations-card'
import { LivePanel } from './live-panel'

const start = Date.now() - 60_000
const LIVE: LiveSnapshot = {
  sessionId: 's1',
  state: 'live',
  startedAt: start,
  liveSince: start,
  sources: { video: 'testsrc', audio: 'sine' },
  destinations: [
    { id: 'd1', provider: 'sigma', profile: 'default', channelId: 'c1', label: 'Sigma Livestream · Kênh 1', state: 'live' },
    { id: 'd2', provider: 'custom', profile: 'default', label: 'rtmp://127.0.0.1:1935/live', state: 'live' }
  ],
  recordingPath: '/rec/show.mkv',
  log: []
}

const stats = (time: number, sigma: number, custom: number, congestion = 0): LiveStats => ({
  time,
  fps: 30,
  bitrateKbps: 2500,
  speed: 1,
  droppedFrames: 0,
  duplicatedFrames: 0,
  destinations: [
    { id: 'd1', bytesSent: 0, kbps: sigma, congestion, droppedFrames: 0, reconnects: 0 },
    { id: 'd2', bytesSent: 0, kbps: custom, congestion: 0, droppedFrames: 0, reconnects: 1 }
  ]
})

function setup(snapshot: LiveSnapshot = LIVE) {
  const api = scriptedApi()
  fakeAccounts(api, [SIGMA, CUSTOM])
  api.reply('live:snapshot', snapshot)
  return renderWithApi(
    <>
      <DestinationsCard />
      <LivePanel />
    </>,
    api
  )
}

describe('the live dashboard', () => {
  it('says the bitrate that reaches the ingests, not the encoder’s: 0 during an outage, with the off-air banner', async () => {
    const { api } = setup()
    await waitFor(() => expect(screen.getByTestId('monitor-state').dataset.state).toBe('live'))
    act(() => api.emit('live:stats', stats(Date.now(), 2400, 2300)))
    // A second's figures change on the show clock's next tick (one page frame a second for both).
    await waitFor(() => expect(screen.getByTestId('stat-kbps').textContent).toBe('Sent4,700kbps'))
    expect(screen.queryByTestId('off-air')).toBeNull()

    // The network goes: both destinations reconnect; the encoder goes on at 2500 kbps.
    const offAirSince = Date.now() - 12_000
    act(() => {
      api.emit('live:state', {
        ...LIVE,
        state: 'reconnecting',
        offAirSince,
        destinations: LIVE.destinations.map((d) => ({ ...d, state: 'reconnecting' as const, retryAt: Date.now() + 4_000 }))
      })
      api.emit('live:stats', stats(Date.now(), 0, 0))
    })
    await waitFor(() => expect(screen.getByTestId('stat-kbps').textContent).toBe('Sent0kbps'))
    const banner = await screen.findByTestId('off-air')
    await waitFor(() => expect(banner.textContent).toMatch(/You are off air for 1[23] s/))
    expect(banner.textContent).toContain('Recording continues')
    act(() => changeLanguage('vi'))
    expect(screen.getByTestId('off-air').textContent).toContain('Vẫn đang ghi hình')
    act(() => changeLanguage('en'))
  })

  it('shows each reconnecting destination’s countdown, and Retry now asks core to try at once', async () => {
    const { api } = setup({
      ...LIVE,
      state: 'reconnecting',
      destinations: [LIVE.destinations[0], { ...LIVE.destinations[1], state: 'reconnecting', retryAt: Date.now() + 7_500 }]
    })
    api.reply('live:retryNow', LIVE)
    const chip = await waitFor(() => screen.getAllByTestId('destination-chip').find((c) => c.dataset.provider === 'custom') as HTMLElement)
    const countdown = await within(chip).findByTestId('chip-countdown')
    await waitFor(() => expect(countdown.textContent).toBe('Next try in 8 s'))
    // The live destination has no countdown.
    const sigma = screen.getAllByTestId('destination-chip').find((c) => c.dataset.provider === 'sigma') as HTMLElement
    expect(within(sigma).queryByTestId('retry-now')).toBeNull()
    await userEvent.setup().click(within(chip).getByTestId('retry-now'))
    expect(api.requestsOf('live:retryNow')).toHaveLength(1)
  })

  it('draws the show’s graphs per destination and says why health is not excellent, in the streamer’s language', async () => {
    const { api } = setup()
    await waitFor(() => expect(screen.getByTestId('monitor-state').dataset.state).toBe('live'))
    const t0 = Date.now()
    act(() => {
      for (let i = 0; i < 10; i++) api.emit('live:stats', stats(t0 + i * 1000, i === 5 ? 0 : 2400, 2300, i === 7 ? 0.6 : 0))
      api.emit('live:health', {
        time: t0,
        level: 'unstable',
        reasons: ['network congested (60 % of the 700 ms buffer)'],
        causes: [{ code: 'congested', percent: 60 }]
      })
    })
    const sent = await screen.findByTestId('graph-sent', {}, { timeout: 1500 })
    expect(sent.querySelectorAll('path')).toHaveLength(2)
    expect([...sent.querySelectorAll('.graph-key')].map((k) => k.textContent)).toEqual(['Kênh 1', 'rtmp://127.0.0.1:1935/live'])
    expect(screen.getByTestId('graph-congestion-now').textContent).toBe('0 %')
    // The congestion spike is in the line: some point reaches 60 % of the height.
    expect(screen.getByTestId('graph-congestion').querySelector('path')?.getAttribute('d')).toContain(',24')
    expect(screen.getByTestId('health-reasons').textContent).toBe('Network congested (60 % of the 700 ms buffer)')
    act(() => changeLanguage('ko'))
    expect(screen.getByTestId('health-reasons').textContent).toBe('네트워크 혼잡 (700 ms 버퍼의 60 %)')
    act(() => changeLanguage('en'))
  })

  it('a window opened mid-show draws the whole show so far, from core’s history', async () => {
    const api = scriptedApi()
    fakeAccounts(api, [SIGMA, CUSTOM])
    api.reply('live:snapshot', LIVE)
    const points = Array.from({ length: 30 }, (_, i) => ({
      time: start + i * 2000,
      fps: 30,
      speed: 1,
      sent: { d1: 2400, d2: i < 10 ? 0 : 2300 },
      congestion: 0
    }))
    api.reply('live:history', { sessionId: 's1', points, samplesPerPoint: 2 })
    renderWithApi(<LivePanel />, api)
    const graph = await screen.findByTestId('graph-sent')
    const paths = [...graph.querySelectorAll('path')].map((p) => p.getAttribute('d') ?? '')
    expect(paths).toHaveLength(2)
    expect(paths[1].split('L')).toHaveLength(30)
  })
})
