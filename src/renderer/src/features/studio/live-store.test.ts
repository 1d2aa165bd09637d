import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LiveSnapshot, LiveStats } from '../../../../shared/live'
import { scriptedApi } from '../../testing/scripted-api'
import { connectLiveStore, createLiveStore } from './live-store'

const stats = (time: number, kbps: number): LiveStats => ({
  time,
  fps: 30,
  bitrateKbps: kbps,
  speed: 1,
  droppedFrames: 0,
  duplicatedFrames: 0,
  destinations: [{ id: 'd1', bytesSent: 0, kbps, congestion: 0, droppedFrames: 0, reconnects: 0 }]
})

describe('the live store’s figures', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }))
  afterEach(() => vi.useRealTimers())

  const show = (state: LiveSnapshot['state'], liveSince?: number): LiveSnapshot => ({
    sessionId: 's1',
    state,
    startedAt: 990_000,
    ...(liveSince === undefined ? {} : { liveSince }),
    sources: { video: 'screen:0', audio: 'mic:default' },
    destinations: [{ id: 'd1', provider: 'custom', profile: 'default', label: 'rtmp://x/live', state: 'live' }],
    log: []
  })

  it('on air, change on the show clock’s next tick, with it (one page frame a second), never later', () => {
    const api = scriptedApi()
    const store = createLiveStore(api)
    connectLiveStore(store, api)
    // On air since 990 300: the clock turns over at …x300 ms.
    api.emit('live:state', show('live', 990_300))
    vi.advanceTimersByTime(100) // 1 000 100
    api.emit('live:stats', stats(Date.now(), 2500))
    expect(store.getState().stats).toBeNull()
    vi.advanceTimersByTime(199)
    expect(store.getState().stats).toBeNull()
    vi.advanceTimersByTime(10) // past 1 000 300, the clock's tick
    expect(store.getState().stats?.bitrateKbps).toBe(2500)
    // Two seconds' figures before a tick: the newest shows, and the graph has what it drew by then.
    api.emit('live:stats', stats(Date.now(), 2600))
    api.emit('live:stats', stats(Date.now() + 1, 2700))
    vi.advanceTimersByTime(1000)
    expect(store.getState().stats?.bitrateKbps).toBe(2700)
    expect(
      store
        .getState()
        .graph.map((p) => p.sent.d1)
        .slice(0, 2)
    ).toEqual([2500, 2600])
  })

  it('off air, change at once; and a new show never shows the last one’s held figures', () => {
    const api = scriptedApi()
    const store = createLiveStore(api)
    connectLiveStore(store, api)
    api.emit('live:state', show('connecting'))
    api.emit('live:stats', stats(Date.now(), 1800))
    expect(store.getState().stats?.bitrateKbps).toBe(1800)

    api.emit('live:state', show('live', 999_500))
    api.emit('live:stats', stats(Date.now(), 2500))
    api.emit('live:state', { ...show('live', 1_000_000), sessionId: 's2' })
    vi.advanceTimersByTime(2000)
    expect(store.getState().stats).toBeNull()
  })
})
