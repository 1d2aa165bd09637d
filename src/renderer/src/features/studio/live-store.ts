import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { OnairApi, PreviewFrame } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import { SESSION_LOG_MAX, type LiveHealth, type LiveSnapshot, type LiveStats, type LogEvent } from '../../../../shared/live'
import { useStores } from '../../app/stores-context'

const MAX_LOG = SESSION_LOG_MAX

export interface LiveStore {
  /** The session as main last reported it: the only source of the state shown (never derived here). */
  snapshot: LiveSnapshot
  stats: LiveStats | null
  health: LiveHealth | null
  log: LogEvent[]
  preview: PreviewFrame | null
  /** Main's clock minus ours, from event timestamps, so the elapsed time is right on another device too. */
  clockOffsetMs: number
  /** A live:start or live:stop the user asked for and main has not answered yet (disables the buttons). */
  pending: 'start' | 'stop' | null
  /** The error of the last command that failed without a failed session to carry it. */
  commandError: OnairErrorValue | null
  refresh(): Promise<void>
  start(request: { video: string; audio: string; record: boolean }): Promise<void>
  stop(): Promise<void>
}

export function createLiveStore(api: OnairApi): StoreApi<LiveStore> {
  return createStore<LiveStore>()((set) => ({
    snapshot: { sessionId: null, state: 'idle', sources: null, destinations: [], log: [] },
    stats: null,
    health: null,
    log: [],
    preview: null,
    clockOffsetMs: 0,
    pending: null,
    commandError: null,

    async refresh() {
      const result = await api.invoke('live:snapshot', {})
      // A window that opens (or reconnects) mid-show gets the session's log so far with the snapshot.
      if (result.ok) set({ snapshot: result.value, log: result.value.log.slice(-MAX_LOG) })
    },

    async start({ video, audio, record }) {
      set({ pending: 'start', commandError: null })
      const result = await api.invoke('live:start', { destinations: [{ provider: 'custom', profile: 'default' }], video, audio, record })
      // The snapshot itself arrives as live:state events; a failure before any session existed has only this error.
      set({ pending: null, commandError: result.ok ? null : result.error })
    },

    async stop() {
      set({ pending: 'stop' })
      const result = await api.invoke('live:stop', {})
      set({ pending: null, commandError: result.ok ? null : result.error })
    }
  }))
}

/** Subscribes the store to main's events (once, at start-up). Returns the unsubscribe. */
export function connectLiveStore(store: StoreApi<LiveStore>, api: OnairApi): () => void {
  const offset = (time: number) => time - Date.now()
  const subscriptions = [
    api.on('live:state', (snapshot) =>
      store.setState((s) => {
        const newSession = snapshot.sessionId !== s.snapshot.sessionId
        return {
          snapshot,
          // A new session starts with empty figures rather than the last show's.
          ...(newSession ? { stats: null, health: null, preview: null, commandError: null } : {})
        }
      })
    ),
    api.on('live:stats', (stats) => store.setState({ stats, clockOffsetMs: offset(stats.time) })),
    api.on('live:health', (health) => store.setState({ health })),
    api.on('preview:frame', (preview) => store.setState({ preview })),
    api.on('log:event', (event) => store.setState((s) => ({ log: [...s.log, event].slice(-MAX_LOG), clockOffsetMs: offset(event.time) })))
  ]
  return () => subscriptions.forEach((off) => off())
}

/** Subscribes a component to one slice of the live session: it re-renders only when that slice changes. */
export function useLive<T>(selector: (s: LiveStore) => T): T {
  return useStore(useStores().live, selector)
}
