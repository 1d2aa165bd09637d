import { create } from 'zustand'
import type { PreviewFrame } from '../../../shared/contract'
import type { OnairErrorValue } from '../../../shared/errors'
import type { LiveHealth, LiveSnapshot, LiveStats, LogEvent } from '../../../shared/live'
import { onair } from '../api/onair'

const MAX_LOG = 200

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

export const useLiveStore = create<LiveStore>()((set) => ({
  snapshot: { sessionId: null, state: 'idle', destinations: [] },
  stats: null,
  health: null,
  log: [],
  preview: null,
  clockOffsetMs: 0,
  pending: null,
  commandError: null,

  async refresh() {
    const result = await onair.invoke('live:snapshot', {})
    if (result.ok) set({ snapshot: result.value })
  },

  async start({ video, audio, record }) {
    set({ pending: 'start', commandError: null })
    const result = await onair.invoke('live:start', { target: { provider: 'custom', profile: 'default' }, video, audio, record })
    // The snapshot itself arrives as live:state events; a failure before any session existed has only this error.
    set({ pending: null, commandError: result.ok ? null : result.error })
  },

  async stop() {
    set({ pending: 'stop' })
    const result = await onair.invoke('live:stop', {})
    set({ pending: null, commandError: result.ok ? null : result.error })
  }
}))

/** Subscribes the store to main's events (once, at start-up). Returns the unsubscribe. */
export function connectLiveStore(): () => void {
  const offset = (time: number) => time - Date.now()
  const subscriptions = [
    onair.on('live:state', (snapshot) =>
      useLiveStore.setState((s) => {
        const newSession = snapshot.sessionId !== s.snapshot.sessionId
        return {
          snapshot,
          // A new session starts with empty figures rather than the last show's.
          ...(newSession ? { stats: null, health: null, preview: null, commandError: null } : {})
        }
      })
    ),
    onair.on('live:stats', (stats) => useLiveStore.setState({ stats, clockOffsetMs: offset(stats.time) })),
    onair.on('live:health', (health) => useLiveStore.setState({ health })),
    onair.on('preview:frame', (preview) => useLiveStore.setState({ preview })),
    onair.on('log:event', (event) => useLiveStore.setState((s) => ({ log: [...s.log, event].slice(-MAX_LOG), clockOffsetMs: offset(event.time) })))
  ]
  return () => subscriptions.forEach((off) => off())
}
