import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { OnairApi } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import { SESSION_LOG_MAX, type LiveDestination, type LiveHealth, type LiveSnapshot, type LiveStats, type LogEvent } from '../../../../shared/live'
import { StatsHistory, type StatsPoint } from '../../../../shared/stats-history'
import { atNextSecond } from '../../ui/second-ticks'
import { graphRedrawDue } from './graph-path'
import { isActive } from '../../lib/live-state'
import { useStores } from '../../app/stores-context'

const MAX_LOG = SESSION_LOG_MAX
/** How far main's clock may seem to move against ours before the offset follows (events take a few ms to arrive). */
const CLOCK_SLACK_MS = 250

export interface LiveStore {
  /** The session as main last reported it: the only source of the state shown (never derived here). */
  snapshot: LiveSnapshot
  stats: LiveStats | null
  /** The show's graph data so far (whole show, folded to stay small), the same as core's for a window opened mid-show. */
  graph: StatsPoint[]
  health: LiveHealth | null
  log: LogEvent[]
  /** Main's clock minus ours, from event timestamps, so the elapsed time is right on another device too. */
  clockOffsetMs: number
  /** A live:start or live:stop the user asked for and main has not answered yet (disables the buttons). */
  pending: 'start' | 'stop' | null
  /** The error of the last command that failed without a failed session to carry it. */
  commandError: OnairErrorValue | null
  /**
   * The ended or failed session whose outcome no longer shows (its error, its destinations' failures, its checklist):
   * the streamer has started setting up the next show. A view choice only; main's state is untouched.
   */
  dismissedSessionId: string | null
  refresh(): Promise<void>
  start(request: { destinations: LiveDestination[]; video: string; audio: string; record: boolean }): Promise<void>
  stop(): Promise<void>
  /** Cuts every reconnect wait short: the pushers try again now. */
  retryNow(): Promise<void>
  /** The setup changed: the last show's outcome gives way to the next show (no effect while a show runs). */
  dismiss(): void
}

/** The session whose outcome is on screen: the running one, or the last one until the next show is being set up. */
export function selectShownSnapshot(s: LiveStore): LiveSnapshot | null {
  if (s.snapshot.sessionId === null || s.snapshot.sessionId === s.dismissedSessionId) return null
  return s.snapshot
}

/** The graph's running fold, per store (kept out of the state: only its points are shown). */
const histories = new WeakMap<StoreApi<LiveStore>, StatsHistory>()

export function createLiveStore(api: OnairApi): StoreApi<LiveStore> {
  const store: StoreApi<LiveStore> = createStore<LiveStore>()((set, get) => ({
    snapshot: { sessionId: null, state: 'idle', sources: null, destinations: [], log: [] },
    stats: null,
    graph: [],
    health: null,
    log: [],
    clockOffsetMs: 0,
    pending: null,
    commandError: null,
    dismissedSessionId: null,

    async refresh() {
      const result = await api.invoke('live:snapshot', {})
      // A window that opens (or reconnects) mid-show gets the session's log so far with the snapshot.
      if (result.ok) set({ snapshot: result.value, log: result.value.log.slice(-MAX_LOG) })
      // …and the graphs of the show so far.
      const history = await api.invoke('live:history', {})
      if (!history.ok || history.value.sessionId === null || history.value.sessionId !== get().snapshot.sessionId) return
      const folded = StatsHistory.from(history.value.points, history.value.samplesPerPoint)
      histories.set(store, folded)
      set({ graph: folded.all() })
    },

    async start(request) {
      set({ pending: 'start', commandError: null })
      const result = await api.invoke('live:start', request)
      // The snapshot itself arrives as live:state events; a failure before any session existed has only this error.
      set({ pending: null, commandError: result.ok ? null : result.error })
    },

    async stop() {
      set({ pending: 'stop' })
      const result = await api.invoke('live:stop', {})
      set({ pending: null, commandError: result.ok ? null : result.error })
    },

    async retryNow() {
      const result = await api.invoke('live:retryNow', {})
      if (!result.ok) set({ commandError: result.error })
    },

    dismiss() {
      const { snapshot, commandError, dismissedSessionId } = get()
      if (isActive(snapshot.state) || (dismissedSessionId === snapshot.sessionId && !commandError)) return
      set({ dismissedSessionId: snapshot.sessionId, commandError: null })
    }
  }))
  histories.set(store, new StatsHistory())
  return store
}

/** Subscribes the store to main's events (once, at start-up). Returns the unsubscribe. */
export function connectLiveStore(store: StoreApi<LiveStore>, api: OnairApi): () => void {
  // Main's clock minus ours, kept steady: each event's few milliseconds of transit would otherwise move the show
  // clock's ticks (and restart them) every second.
  const offset = (time: number, current: number) => {
    const measured = time - Date.now()
    return Math.abs(measured - current) > CLOCK_SLACK_MS ? measured : current
  }
  let graphAt = -Infinity
  // While on air, a second's figures wait for the show's clock to tick (≤ 1 s) and change with it: the page draws one
  // frame a second for both, not one for each.
  let held: Partial<LiveStore> | null = null
  let heldUntil: (() => void) | undefined
  const drop = () => {
    heldUntil?.()
    heldUntil = undefined
    held = null
  }
  const commit = () => {
    const figures = held
    drop()
    if (figures) store.setState(figures)
  }
  const hold = (figures: Partial<LiveStore>) => {
    held = { ...held, ...figures }
    const { state, liveSince } = store.getState().snapshot
    if (liveSince === undefined || (state !== 'live' && state !== 'reconnecting')) commit()
    else heldUntil ??= atNextSecond(liveSince - (held.clockOffsetMs ?? store.getState().clockOffsetMs), commit)
  }
  const subscriptions = [
    api.on('live:state', (snapshot) => {
      const newSession = snapshot.sessionId !== store.getState().snapshot.sessionId
      // The last show's figures still waiting for a tick are not this one's.
      if (newSession) drop()
      store.setState({
        snapshot,
        // The snapshot carries the session's log so far; log:event appends to it until the next state.
        log: snapshot.log.slice(-MAX_LOG),
        // A new session starts with empty figures rather than the last show's.
        ...(newSession ? { stats: null, graph: startGraph(store), health: null, commandError: null } : {})
      })
    }),
    api.on('live:stats', (stats) => {
      const history = histories.get(store) ?? new StatsHistory()
      history.add(stats)
      histories.set(store, history)
      // The graphs span the whole show: they are drawn again once the show has grown by a column of them.
      const graph = held?.graph ?? store.getState().graph
      const graphDue = graph.length < 2 || graphRedrawDue(graph[0].time, graphAt, stats.time)
      if (graphDue) graphAt = stats.time
      const clockOffsetMs = offset(stats.time, held?.clockOffsetMs ?? store.getState().clockOffsetMs)
      hold({ stats, clockOffsetMs, ...(graphDue ? { graph: history.all() } : {}) })
    }),
    // Health at once, not on the tick: it trails the live state it scores (sampled every 2 s), and a badge saying
    // "offline" beside a show that is back would be worse than the page frame it saves.
    api.on('live:health', (health) => store.setState({ health })),
    api.on('log:event', (event) => store.setState((s) => ({ log: [...s.log, event].slice(-MAX_LOG), clockOffsetMs: offset(event.time, s.clockOffsetMs) })))
  ]
  return () => {
    drop()
    subscriptions.forEach((off) => off())
  }
}

function startGraph(store: StoreApi<LiveStore>): StatsPoint[] {
  histories.set(store, new StatsHistory())
  return []
}

/** Subscribes a component to one slice of the live session: it re-renders only when that slice changes. */
export function useLive<T>(selector: (s: LiveStore) => T): T {
  return useStore(useStores().live, selector)
}
