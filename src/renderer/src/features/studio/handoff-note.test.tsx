import { act, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { LiveSnapshot } from '../../../../shared/live'
import { changeLanguage } from '../../i18n/i18n'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { LivePanel } from './live-panel'

const show = (state: LiveSnapshot['state'], handoff?: LiveSnapshot['handoff']): LiveSnapshot => ({
  sessionId: 's1',
  state,
  sources: { video: 'file:/rec/아침.mkv', audio: 'file:/rec/아침.mkv' },
  destinations: [{ id: 'd1', provider: 'custom', profile: 'default', label: 'rtmp://ingest.example/live', state }],
  log: [],
  liveSince: Date.now(),
  ...(handoff ? { handoff } : {})
})

afterEach(() => {
  act(() => changeLanguage('en'))
})

describe('the Studio during a handoff', () => {
  it('says which recording goes out and how far it got; nothing for a captured show or once it ended', async () => {
    const api = scriptedApi()
    renderWithApi(<LivePanel />, api)
    await act(async () => {})
    act(() => api.emit('live:state', show('live')))
    expect(screen.queryByTestId('handoff-note')).toBeNull()
    act(() => api.emit('live:state', show('live', { path: '/rec/아침.mkv', recordingId: 'r1', durationSeconds: 65, positionSeconds: 3 })))
    expect(screen.getByTestId('handoff-note').textContent).toBe('Streaming the recording 아침.mkv as it was recorded: 0:03 of 1:05.')
    act(() =>
      api.emit('live:stats', {
        time: Date.now(),
        fps: 30,
        bitrateKbps: 2600,
        speed: 1,
        droppedFrames: 0,
        duplicatedFrames: 0,
        mediaTimeMs: 12_700,
        destinations: []
      })
    )
    act(() => changeLanguage('ko'))
    // The position comes with the second's figures, which change on the show clock's next tick.
    await waitFor(() => expect(screen.getByTestId('handoff-note').textContent).toBe('녹화본 아침.mkv을(를) 녹화된 그대로 송출하고 있습니다: 1:05 중 0:12.'))
    act(() => api.emit('live:state', show('ended', { path: '/rec/아침.mkv', recordingId: 'r1', durationSeconds: 65, positionSeconds: 65 })))
    expect(screen.queryByTestId('handoff-note')).toBeNull()
  })

  it('keeps the streamer’s own sources for the next show: the recording is no capture', async () => {
    const api = scriptedApi()
    const { stores } = renderWithApi(<LivePanel />, api)
    await act(async () => {})
    const before = { video: stores.sources.getState().video, audio: stores.sources.getState().audio }
    act(() => api.emit('live:state', show('live', { path: '/rec/아침.mkv', durationSeconds: 65, positionSeconds: 3 })))
    act(() => api.emit('live:state', show('ended', { path: '/rec/아침.mkv', durationSeconds: 65, positionSeconds: 65 })))
    expect({ video: stores.sources.getState().video, audio: stores.sources.getState().audio }).toEqual(before)
    // A captured show's sources are still shown as they are.
    act(() => api.emit('live:state', { ...show('live'), sessionId: 's2', sources: { video: 'screen:1', audio: 'system' } }))
    expect(stores.sources.getState().video).toBe('screen:1')
  })
})
