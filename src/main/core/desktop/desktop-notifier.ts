import type { HealthLevel, LiveSnapshot, LiveState } from '../../../shared/live'

/**
 * Which OS notifications a show deserves (DESIGN §10): a destination lost and back, health turning unstable, the show
 * ended or failed. Pure: the state goes in and comes out, so a table test can play a whole flapping show through it.
 */
export type NoticeKind = 'reconnecting' | 'backLive' | 'unstable' | 'ended' | 'failed'

export interface DesktopNotice {
  kind: NoticeKind
  /** What the notice is about (`dest:<id>`, `health`, `session:<id>`): a repeat for the same key is a duplicate. */
  key: string
  /** The destination as the UI labels it (provider + channel), for reconnecting / back live. */
  destination?: string
}

export interface NotifierOptions {
  /** Passing notices (reconnecting, back live, unstable) shown per rolling minute; more are dropped. */
  maxPerMinute: number
  /** The same notice for the same key again within this time is a duplicate. */
  dedupeMs: number
}

export const DEFAULT_NOTIFIER_OPTIONS: NotifierOptions = { maxPerMinute: 3, dedupeMs: 60_000 }

export interface NotifierState {
  sessionId: string | null
  sessionState: LiveState
  destinations: Readonly<Record<string, LiveState>>
  health: HealthLevel | null
  /** When the notices of the last minute were shown (ms). */
  shownAt: readonly number[]
  lastByKey: Readonly<Record<string, { kind: NoticeKind; at: number }>>
  /**
   * The latest notice per key held back by the budget: shown once the minute has room, unless by then the streamer's
   * last notice for that key is true again (lost, back, lost: the last one they saw still holds).
   */
  pending: Readonly<Record<string, DesktopNotice>>
}

export const INITIAL_NOTIFIER_STATE: NotifierState = {
  sessionId: null,
  sessionState: 'idle',
  destinations: {},
  health: null,
  shownAt: [],
  lastByKey: {},
  pending: {}
}

/** `tick`: time passed (the shell's timer at `wakeAt`), held-back notices may go out. */
export type NotifierInput = { event: 'live:state'; snapshot: LiveSnapshot } | { event: 'live:health'; level: HealthLevel } | { event: 'tick' }

export interface NotifierStep {
  state: NotifierState
  /** To show now. */
  notices: DesktopNotice[]
  /** Wanted but held back (duplicate or over the minute's budget); for the log and the tests. */
  dropped: Array<DesktopNotice & { why: 'duplicate' | 'rate' }>
  /** When to step again with `tick` for a held-back notice (ms since epoch); null when none waits. */
  wakeAt: number | null
}

const MINUTE_MS = 60_000

// The show's outcome is said once per show whatever came before it: a streamer who stepped away after a flapping
// minute must still learn that the show ended or failed. Only the passing notices share the minute's budget.
const OUTCOMES: ReadonlySet<NoticeKind> = new Set(['ended', 'failed'])

/** What changed between the last state and this input, as wanted notices (before de-duplication and the rate limit). */
function wanted(state: NotifierState, input: NotifierInput): { next: NotifierState; notices: DesktopNotice[] } {
  if (input.event === 'tick') return { next: state, notices: [] }
  if (input.event === 'live:health') {
    const notices: DesktopNotice[] =
      input.level === 'unstable' && state.health !== 'unstable' && (state.sessionState === 'live' || state.sessionState === 'reconnecting')
        ? [{ kind: 'unstable', key: 'health' }]
        : []
    // Unstable no longer: a held-back "unstable" would now be wrong.
    const pending = input.level === 'unstable' ? state.pending : withoutKey(state.pending, 'health')
    return { next: { ...state, health: input.level, pending }, notices }
  }
  const snap = input.snapshot
  const sameSession = snap.sessionId !== null && snap.sessionId === state.sessionId
  const before = sameSession ? state : { ...state, sessionState: 'idle' as LiveState, destinations: {}, health: null }
  const notices: DesktopNotice[] = []
  for (const d of snap.destinations) {
    const was = before.destinations[d.id]
    if (was === 'live' && d.state === 'reconnecting') notices.push({ kind: 'reconnecting', key: `dest:${d.id}`, destination: d.label })
    // Offline mode: a destination that answers at last (after Go Live or past the reconnect window) has the show again.
    if ((was === 'reconnecting' || was === 'offline') && d.state === 'live') notices.push({ kind: 'backLive', key: `dest:${d.id}`, destination: d.label })
  }
  if (snap.sessionId && snap.state !== before.sessionState) {
    if (snap.state === 'ended' && before.sessionState !== 'idle') notices.push({ kind: 'ended', key: `session:${snap.sessionId}` })
    if (snap.state === 'failed') notices.push({ kind: 'failed', key: `session:${snap.sessionId}` })
  }
  const destinations = Object.fromEntries(snap.destinations.map((d) => [d.id, d.state]))
  // A new show, or the outcome said: what was held back about the old one is over.
  const pending = sameSession && snap.state !== 'ended' && snap.state !== 'failed' ? before.pending : {}
  return { next: { ...before, sessionId: snap.sessionId, sessionState: snap.state, destinations, pending }, notices }
}

function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record
  return rest
}

/** One event in, the notices to show out. `now` is ms since epoch. */
export function notifierStep(state: NotifierState, input: NotifierInput, now: number, options: NotifierOptions = DEFAULT_NOTIFIER_OPTIONS): NotifierStep {
  const { next, notices: candidates } = wanted(state, input)
  let shownAt = next.shownAt.filter((t) => now - t < MINUTE_MS)
  const lastByKey = { ...next.lastByKey }
  const pending = { ...next.pending }
  const notices: DesktopNotice[] = []
  const dropped: NotifierStep['dropped'] = []
  const show = (notice: DesktopNotice) => {
    notices.push(notice)
    shownAt = [...shownAt, now]
    lastByKey[notice.key] = { kind: notice.kind, at: now }
    delete pending[notice.key]
  }
  for (const notice of candidates) {
    const last = lastByKey[notice.key]
    // Compared with what the streamer last saw for this key, however long ago, when something is held back for it.
    if (last && last.kind === notice.kind && (now - last.at < options.dedupeMs || pending[notice.key])) {
      dropped.push({ ...notice, why: 'duplicate' })
      delete pending[notice.key]
      continue
    }
    if (!OUTCOMES.has(notice.kind) && shownAt.length >= options.maxPerMinute) {
      dropped.push({ ...notice, why: 'rate' })
      pending[notice.key] = notice
      continue
    }
    show(notice)
  }
  for (const notice of Object.values(pending)) if (shownAt.length < options.maxPerMinute) show(notice)
  // Keys of finished shows are forgotten once they cannot matter (a long-running app must not grow).
  for (const [key, last] of Object.entries(lastByKey)) if (now - last.at >= options.dedupeMs && !pending[key]) delete lastByKey[key]
  const wakeAt = Object.keys(pending).length > 0 && shownAt.length > 0 ? Math.min(...shownAt) + MINUTE_MS : null
  return { state: { ...next, shownAt, lastByKey, pending }, notices, dropped, wakeAt }
}
