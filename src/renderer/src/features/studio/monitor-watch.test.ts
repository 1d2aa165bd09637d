import { describe, expect, it } from 'vitest'
import type { ConnectionState } from '../../api/ws-api'
import { scriptedApi } from '../../testing/scripted-api'
import { connectMonitorWatch, type PageVisibility } from './monitor-watch'

function fakePage(): PageVisibility & { set(state: 'visible' | 'hidden'): void } {
  let listener: (() => void) | null = null
  const page = {
    visibilityState: 'visible',
    addEventListener: (_type: 'visibilitychange', l: () => void) => void (listener = l),
    removeEventListener: () => void (listener = null),
    set(state: 'visible' | 'hidden') {
      page.visibilityState = state
      listener?.()
    }
  }
  return page
}

function fakeConnection() {
  let listener: ((state: ConnectionState) => void) | null = null
  return {
    connection: () => 'open' as ConnectionState,
    onConnection: (l: (state: ConnectionState) => void) => {
      listener = l
      return () => void (listener = null)
    },
    set: (state: ConnectionState) => listener?.(state)
  }
}

describe('connectMonitorWatch', () => {
  it('says whether the page can show the monitor: at start, on each change (once), and again after a reconnect', () => {
    const api = scriptedApi()
    const page = fakePage()
    const connection = fakeConnection()
    const off = connectMonitorWatch(api, connection, page)
    page.set('hidden')
    page.set('hidden')
    // A new socket starts out watching: the page says where it is again.
    connection.set('closed')
    connection.set('open')
    page.set('visible')
    expect(api.requestsOf('monitor:watch')).toEqual([{ watching: true }, { watching: false }, { watching: false }, { watching: true }])
    off()
    page.set('hidden')
    connection.set('open')
    expect(api.requestsOf('monitor:watch')).toHaveLength(4)
  })

  it('without a page (a test DOM without one) says nothing', () => {
    const api = scriptedApi()
    connectMonitorWatch(api, null, null)()
    expect(api.requestsOf('monitor:watch')).toEqual([])
  })
})
