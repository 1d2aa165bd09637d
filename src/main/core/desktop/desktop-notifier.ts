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
}

export const INITIAL_NOTIFIER_STATE: NotifierState = { sessionId: null, sessionState: 'idle', destinations: {}, health: null, shownAt: [], lastByKey: {} }

export type NotifierInput = { event: 'live:state'; snapshot: LiveSnapshot } | { event: 'live:health'; level: HealthLevel }

export interface NotifierStep {
  state: NotifierState
  /** To show now. */
  notices: DesktopNotice[]
  /** Wanted but held back (duplicate or over the minute's budget); for the log and the tests. */
  dropped: Array<DesktopNotice & { why: 'duplicate' | 'rate' }>
}

const MINUTE_MS = 60_000

// The show's outcome is said once per show whatever came before it: a streamer who stepped away after a flapping
// minute must still learn that the show ended or failed. Only the passing notices share the minute's budget.
const OUTCOMES: ReadonlySet<NoticeKind> = new Set(['ended', 'failed'])

/** What changed between the last state and this input, as wanted notices (before de-duplication and the rate limit). */
function wanted(state: NotifierState, input: NotifierInput): { next: NotifierState; notices: DesktopNotice[] } {
  if (input.event === 'live:health') {
    const notices: DesktopNotice[] =
      input.level === 'unstable' && state.health !== 'unstable' && (state.sessionState === 'live' || state.sessionState === 'reconnecting')
        ? [{ kind: 'unstable', key: 'health' }]
        : []
    return { next: { ...state, health: input.level }, notices }
  }
  const snap = input.snapshot
  const sameSession = snap.sessionId !== null && snap.sessionId === state.sessionId
  const before = sameSession ? state : { ...state, sessionState: 'idle' as LiveState, destinations: {}, health: null }
  const notices: DesktopNotice[] = []
  for (const d of snap.destinations) {
    const was = before.destinations[d.id]
    if (was === 'live' && d.state === 'reconnecting') notices.push({ kind: 'reconnecting', key: `dest:${d.id}`, destination: d.label })
    if (was === 'reconnecting' && d.state === 'live') notices.push({ kind: 'backLive', key: `dest:${d.id}`, destination: d.label })
  }
  if (snap.sessionId && snap.state !== before.sessionState) {
    if (snap.state === 'ended' && before.sessionState !== 'idle') notices.push({ kind: 'ended', key: `session:${snap.sessionId}` })
    if (snap.state === 'failed') notices.push({ kind: 'failed', key: `session:${snap.sessionId}` })
  }
  const destinations = Object.fromEntries(snap.destinations.map((d) => [d.id, d.state]))
  return { next: { ...before, sessionId: snap.sessionId, sessionState: snap.state, destinations }, notices }
}

/** One event in, the notices to show out. `now` is ms since epoch. */
export function notifierStep(state: NotifierState, input: NotifierInput, now: number, options: NotifierOptions = DEFAULT_NOTIFIER_OPTIONS): NotifierStep {
  const { next, notices: candidates } = wanted(state, input)
  let shownAt = next.shownAt.filter((t) => now - t < MINUTE_MS)
  const lastByKey = { ...next.lastByKey }
  const notices: DesktopNotice[] = []
  const dropped: NotifierStep['dropped'] = []
  for (const notice of candidates) {
    const last = lastByKey[notice.key]
    if (last && last.kind === notice.kind && now - last.at < options.dedupeMs) {
      dropped.push({ ...notice, why: 'duplicate' })
      continue
    }
    if (!OUTCOMES.has(notice.kind) && shownAt.length >= options.maxPerMinute) {
      dropped.push({ ...notice, why: 'rate' })
      continue
    }
    notices.push(notice)
    shownAt = [...shownAt, now]
    lastByKey[notice.key] = { kind: notice.kind, at: now }
  }
  // Keys of finished shows are forgotten once they cannot matter (a long-running app must not grow).
  for (const [key, last] of Object.entries(lastByKey)) if (now - last.at >= options.dedupeMs) delete lastByKey[key]
  return { state: { ...next, shownAt, lastByKey }, notices, dropped }
}
