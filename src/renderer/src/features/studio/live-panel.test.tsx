import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { LiveSnapshot } from '../../../../shared/live'
import { changeLanguage } from '../../i18n/i18n'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { LivePanel } from './live-panel'

const LIVE: LiveSnapshot = {
  sessionId: 's1',
  state: 'live',
  liveSince: Date.now(),
  startedAt: Date.now(),
  sources: { video: 'testsrc', audio: 'sine' },
  destinations: [{ id: 'd1', provider: 'custom', profile: 'default', label: 'rtmp://127.0.0.1/live', state: 'live' }],
  log: []
}

const frame = (n: number) => ({ time: Date.now(), mime: 'image/jpeg' as const, data: `frame-${n}` })

describe('the live panel', () => {
  it('does not re-render on preview frames, audio levels or stats: only the picture and the figures follow them', async () => {
    const api = scriptedApi()
    api.reply('live:snapshot', LIVE)
    let panelRenders = 0
    // Counts the renders of LivePanel itself (its hooks run here); the parts it renders as elements are not counted.
    function CountedPanel(): React.JSX.Element {
      panelRenders++
      return LivePanel()
    }
    const { monitor } = renderWithApi(<CountedPanel />, api)
    await waitFor(() => expect(screen.getByTestId('monitor-state').dataset.state).toBe('live'))
    act(() => api.emit('preview:frame', frame(0)))
    // The picture's canvas is handed to the monitor, which paints the frames (off the main thread in a browser).
    await waitFor(() => expect([...monitor.pictures]).toEqual([screen.getByTestId('monitor-preview')]))
    const before = panelRenders

    for (let n = 1; n <= 30; n++) {
      act(() => {
        api.emit('preview:frame', frame(n))
        // The meter's levels, ten a second before and during the show, are not the panel's business either.
        api.emit('audio:levels', { time: n, levels: [{ source: 'sine', peakDb: -20 + n / 10, rmsDb: -23, clipped: false, noSignal: n > 20, muted: false }] })
        api.emit('live:stats', {
          time: Date.now(),
          fps: 30,
          bitrateKbps: 2500,
          speed: 1,
          droppedFrames: 0,
          duplicatedFrames: 0,
          destinations: [{ id: 'd1', bytesSent: 0, kbps: 2500 + n, congestion: 0, droppedFrames: 0, reconnects: 0 }]
        })
        api.emit('live:health', { time: Date.now(), level: 'excellent', reasons: [], causes: [] })
      })
    }
    // The picture, the levels and the figures did follow…
    expect(monitor.frames.map((f) => f.data)).toEqual(Array.from({ length: 31 }, (_, n) => `frame-${n}`))
    expect(monitor.levelsSent.at(-1)).toMatchObject([{ source: 'sine', peakDb: -17 }])
    // (the figures change on the show clock's next tick, with it: one page frame a second)
    await waitFor(() => expect(screen.getByTestId('stat-kbps').textContent).toContain('2,530'))
    // …and the panel (its buttons, state, error) did not render once for them.
    expect(panelRenders - before).toBe(0)

    // A change of state does reach it: the counter is not simply blind.
    act(() => api.emit('live:state', { ...LIVE, state: 'reconnecting' }))
    expect(panelRenders - before).toBeGreaterThan(0)
    expect(screen.getByTestId('monitor-state').dataset.state).toBe('reconnecting')
  })

  it('Go Live sends the chips and the sources chosen, and Stop ends the show', async () => {
    const api = scriptedApi()
    api.reply('accounts:list', [{ provider: 'custom', profile: 'default', label: 'Custom RTMP', connected: true, display: {} }])
    api.reply('live:start', { ...LIVE, state: 'connecting' })
    api.reply('live:stop', { ...LIVE, state: 'ended' })
    const { stores } = renderWithApi(<LivePanel />, api)
    const goLive = await screen.findByTestId('go-live')
    // No destination yet: Go Live waits for one and says so.
    expect(goLive).toHaveProperty('disabled', true)
    act(() => {
      stores.sources.getState().setVideo('screen:0')
      stores.destinations.getState().add({ provider: 'custom', profile: 'default' })
    })
    await waitFor(() => expect(goLive).toHaveProperty('disabled', false))
    act(() => goLive.click())
    await waitFor(() => expect(api.requestsOf('live:start')).toHaveLength(1))
    expect(api.requestsOf('live:start')[0]).toEqual({
      destinations: [{ provider: 'custom', profile: 'default' }],
      video: 'screen:0',
      // This machine lists no microphone: silence, never the test tone (issue 9 item 2).
      audio: 'none',
      record: true
    })
    act(() => api.emit('live:state', LIVE))
    act(() => screen.getByTestId('stop').click())
    await waitFor(() => expect(api.requestsOf('live:stop')).toHaveLength(1))
  })

  it('shows each Go Live step as main reports it; on air the figures take its place, and the checklist comes back on demand', async () => {
    const api = scriptedApi()
    renderWithApi(<LivePanel />, api)
    const step = (name: string) => screen.getByTestId(`step-${name}`).dataset.status
    await screen.findByTestId('checklist')
    const connecting: LiveSnapshot = { ...LIVE, state: 'connecting', liveSince: undefined, destinations: [{ ...LIVE.destinations[0], state: 'connecting' }] }
    act(() => api.emit('live:state', connecting))
    act(() => api.emit('log:event', { time: 1, level: 'info', code: 'destination.ready', message: '', data: { id: 'd1' } }))
    expect([step('account'), step('ingest'), step('encoder'), step('push'), step('confirm')]).toEqual(['done', 'done', 'running', 'running', 'skipped'])
    act(() => api.emit('log:event', { time: 1, level: 'info', code: 'encoder.started', message: '' }))
    expect(step('encoder')).toBe('done')

    act(() => api.emit('live:state', LIVE))
    expect(screen.queryByTestId('checklist')).toBeNull()
    expect(screen.getByTestId('stats')).toBeTruthy()
    act(() => screen.getByTestId('checklist-toggle').click())
    expect(step('push')).toBe('done')
  })

  it('a failing step is marked, names the destination and says why in the streamer’s language', async () => {
    const api = scriptedApi()
    const auth = {
      code: 'auth' as const,
      message: 'Sigma Livestream refused the credentials (HTTP 401): run onair credentials set sigma.',
      retryable: false,
      provider: 'sigma',
      step: 'account' as const
    }
    api.reply('live:snapshot', {
      ...LIVE,
      state: 'failed',
      liveSince: undefined,
      error: auth,
      destinations: [{ id: 'd1', provider: 'sigma', profile: 'default', channelId: 'c1', label: 'Sigma Livestream · Buổi sáng', state: 'failed', error: auth }]
    })
    renderWithApi(<LivePanel />, api)
    await waitFor(() => expect(screen.getByTestId('step-account').dataset.status).toBe('failed'))
    expect(['channel', 'ingest', 'encoder', 'push'].map((s) => screen.getByTestId(`step-${s}`).dataset.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped'
    ])
    // The show failed for its only destination's reason: said once, at the step, naming the destination.
    const failure = screen.getByTestId('live-error')
    expect(failure.dataset.step).toBe('account')
    expect(failure.textContent).toBe('!Account · Sigma Livestream · Buổi sáng: Sigma Livestream did not accept these credentials. Check them and try again.')
    expect(screen.getAllByRole('alert')).toHaveLength(1)
    act(() => changeLanguage('vi'))
    expect(failure.textContent).toBe(
      '!Tài khoản · Sigma Livestream · Buổi sáng: Sigma Livestream không chấp nhận thông tin đăng nhập này. Hãy kiểm tra rồi thử lại.'
    )
  })

  it('a window opened mid-show shows the session’s log so far from the snapshot', async () => {
    const api = scriptedApi()
    api.reply('live:snapshot', { ...LIVE, log: [{ time: Date.now(), level: 'info', code: 'live.started', message: 'You are live' }] })
    const { stores } = renderWithApi(<LivePanel />, api)
    await waitFor(() => expect(stores.live.getState().log.map((e) => e.code)).toEqual(['live.started']))
  })
})
