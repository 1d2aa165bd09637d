import type { OnairErrorValue } from '../../../../shared/errors'
import { GO_LIVE_STEPS, type GoLiveStep } from '../../../../shared/go-live-steps'
import type { DestinationStatus, LiveSnapshot, LogEvent } from '../../../../shared/live'
import { PROVIDERS } from '../../../../shared/providers'

/**
 * The Go Live checklist (issue 8 item 6) as a projection of what main reported: the session's snapshot (each
 * destination's state and the step its error names) and the log codes core writes at each step (`destination.ready`,
 * `encoder.started`, `destination.live`, `provider.live`). Nothing here decides a state; it only reads them.
 */
export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped'

export interface StepDestination {
  id: string
  label: string
  status: StepStatus
}

export interface ChecklistStep {
  step: GoLiveStep
  status: StepStatus
  /** Per destination, for the steps each destination goes through (all but the encoder). */
  destinations: StepDestination[]
}

export interface ChecklistFailure {
  step?: GoLiveStep
  /** The destination's label; absent for the session's own failure. */
  destination?: string
  error: OnairErrorValue
  /** This is why the whole show failed (said once: at the destination that failed for it, if one did). */
  session: boolean
}

export interface Checklist {
  steps: ChecklistStep[]
  failures: ChecklistFailure[]
}

const ACTIVE = new Set(['preparing', 'connecting', 'live', 'reconnecting', 'offline'])
const order = (step: GoLiveStep) => GO_LIVE_STEPS.indexOf(step)

/**
 * `snapshot` is the session on screen (null before any show, or once the last one's outcome gave way to a new setup);
 * `starting` is a live:start sent and not yet answered by a session.
 */
export function goLiveChecklist(
  snapshot: LiveSnapshot | null,
  log: LogEvent[],
  starting = false,
  nameOf: (d: DestinationStatus) => string = (d) => d.label
): Checklist {
  if (!snapshot || (starting && !ACTIVE.has(snapshot.state))) {
    // Before any answer: the first step is under way once Go Live was pressed.
    return { steps: GO_LIVE_STEPS.map((step) => ({ step, status: starting && step === 'account' ? 'running' : 'pending', destinations: [] })), failures: [] }
  }
  const active = ACTIVE.has(snapshot.state)
  const told = (code: string) => new Set(log.filter((e) => e.code === code).map((e) => String(e.data?.id ?? '')))
  const wentLive = told('destination.live')
  const confirmed = told('provider.live')
  const encoderStarted = log.some((e) => e.code === 'encoder.started')
  const sessionError = snapshot.state === 'failed' ? snapshot.error : undefined

  const destinationStep = (d: DestinationStatus, step: GoLiveStep): StepStatus => {
    const failedAt = d.error ? (d.error.step ?? 'push') : undefined
    if (failedAt) return order(step) < order(failedAt) ? 'done' : order(step) === order(failedAt) ? 'failed' : 'skipped'
    const live = wentLive.has(d.id) || d.state === 'live'
    switch (step) {
      case 'push':
        if (live) return 'done'
        // The whole show failed before this push got anywhere (the encoder, the connect timeout).
        if (sessionError?.step === 'push' && d.state === 'failed') return 'failed'
        return active ? 'running' : 'skipped'
      case 'confirm':
        // Custom RTMP has no API to ask; a backup ingest is the same channel, confirmed through its main push.
        if (!PROVIDERS[d.provider].hasApi || d.backup) return 'skipped'
        if (confirmed.has(d.id)) return 'done'
        if (!active) return 'skipped'
        return live ? 'running' : 'pending'
      default:
        // Listed in the snapshot only once its account, channel and ingest were ready.
        return 'done'
    }
  }

  const encoder = ((): StepStatus => {
    if (encoderStarted) return 'done'
    if (sessionError?.step === 'encoder') return 'failed'
    if (snapshot.liveSince !== undefined) return 'done'
    if (snapshot.state === 'connecting') return 'running'
    if (snapshot.state === 'preparing') return snapshot.destinations.length > 0 ? 'running' : 'pending'
    return 'skipped'
  })()

  const steps = GO_LIVE_STEPS.map((step): ChecklistStep => {
    if (step === 'encoder') return { step, status: encoder, destinations: [] }
    if (snapshot.destinations.length === 0) {
      // Nothing prepared yet: under way, or the show stopped before (a recording folder, a request main refused).
      if (active) return { step, status: step === 'account' ? 'running' : 'pending', destinations: [] }
      return { step, status: sessionError?.step === step ? 'failed' : 'skipped', destinations: [] }
    }
    const destinations = snapshot.destinations.map((d) => ({ id: d.id, label: nameOf(d), status: destinationStep(d, step) }))
    return { step, status: summarise(destinations.map((d) => d.status)), destinations }
  })

  const failures: ChecklistFailure[] = snapshot.destinations
    .filter((d) => d.error)
    .map((d) => ({ step: d.error?.step ?? 'push', destination: nameOf(d), error: d.error as OnairErrorValue, session: false }))
  // The session's own reason, unless a destination said the same already (a show whose only destination failed).
  const same = sessionError ? failures.find((f) => f.error.code === sessionError.code) : undefined
  if (same) same.session = true
  else if (sessionError) failures.push({ step: sessionError.step, error: sessionError, session: true })
  return { steps, failures }
}

/** A step over several destinations: failed if one failed there, under way while one is, done when all are through. */
export function summarise(statuses: StepStatus[]): StepStatus {
  if (statuses.length === 0) return 'pending'
  for (const s of ['failed', 'running', 'pending'] as const) if (statuses.includes(s)) return s
  return statuses.every((s) => s === 'skipped') ? 'skipped' : 'done'
}
