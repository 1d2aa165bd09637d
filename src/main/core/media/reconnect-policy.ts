/**
 * When a pusher retries after losing its ingest (DESIGN §4). Pure: the caller supplies the clock and the random
 * source, so tests can replay any schedule.
 *
 * - First retry after 1 s, then ×1.5 per attempt with ±5 % jitter, capped at 30 s.
 * - Give up 30 min after the first failure of the current outage.
 * - A reachability probe (a TCP connect, at most once a second) that succeeds makes the retry due at once, so the
 *   wait after an outage does not grow with the outage's length.
 * - "Retry now" resets the backoff.
 */
export interface ReconnectPolicyOptions {
  initialDelayMs: number
  factor: number
  /** ±fraction applied to every delay (0.05 = ±5 %), so many clients do not retry in lockstep. */
  jitter: number
  maxDelayMs: number
  giveUpAfterMs: number
  /** How often the reachability probe may run while waiting. */
  probeIntervalMs: number
}

export const DEFAULT_RECONNECT: ReconnectPolicyOptions = {
  initialDelayMs: 1000,
  factor: 1.5,
  jitter: 0.05,
  maxDelayMs: 30_000,
  giveUpAfterMs: 30 * 60_000,
  probeIntervalMs: 1000
}

/** Delay before retry number `attempt` (1-based). `random` in [0, 1). */
export function reconnectDelayMs(attempt: number, random: number, options: ReconnectPolicyOptions = DEFAULT_RECONNECT): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** Math.max(0, attempt - 1))
  const jittered = base * (1 + options.jitter * (2 * random - 1))
  return Math.round(Math.min(jittered, options.maxDelayMs * (1 + options.jitter)))
}

export type ReconnectDecision = { action: 'wait'; retryAt: number; attempt: number } | { action: 'give-up'; reason: 'timeout' }

/**
 * The state of one destination's outage. `failed()` on every failed attempt; `succeeded()` once live again.
 * Pure apart from the numbers handed in.
 */
export class ReconnectState {
  private outageStart: number | null = null
  private attempt = 0

  constructor(private readonly options: ReconnectPolicyOptions = DEFAULT_RECONNECT) {}

  get attempts(): number {
    return this.attempt
  }

  get inOutage(): boolean {
    return this.outageStart !== null
  }

  /** An attempt failed at `now`: when to try next, or give up. */
  failed(now: number, random: number): ReconnectDecision {
    this.outageStart ??= now
    if (now - this.outageStart >= this.options.giveUpAfterMs) return { action: 'give-up', reason: 'timeout' }
    this.attempt += 1
    const delay = reconnectDelayMs(this.attempt, random, this.options)
    // Never schedule past the give-up point: the last attempt happens at the deadline.
    const retryAt = Math.min(now + delay, this.outageStart + this.options.giveUpAfterMs)
    return { action: 'wait', retryAt, attempt: this.attempt }
  }

  /** The destination is live again: the next outage starts from a 1 s wait. */
  succeeded(): void {
    this.outageStart = null
    this.attempt = 0
  }

  /** "Retry now": the backoff starts over (the outage clock keeps running). */
  reset(): void {
    this.attempt = 0
  }

  /** Whether a probe may run at `now`, given when the last one started. */
  probeDue(now: number, lastProbeAt: number | null): boolean {
    return lastProbeAt === null || now - lastProbeAt >= this.options.probeIntervalMs
  }
}
