import { toErrorValue, type OnairErrorValue } from '../../../shared/errors'
import { DEFAULT_RECONNECT, reconnectDelayMs, type ReconnectPolicyOptions } from '../media/reconnect-policy'
import { systemClock, type Clock } from '../media/timers'
import type { ResolvedIngest } from './ingest-resolver'
import { isOfflineCause } from './offline-cause'

/**
 * How often an offline destination's provider is asked again for its ingest: the reconnect backoff (1 s, ×1.5) capped
 * at 15 s, so a provider that returns is found within 15 s while a long outage costs at most 4 calls a minute per
 * destination. Kollus's app-wide limit (one call a second) is kept by its client's rate limiter, whoever calls.
 */
export const INGEST_RETRY: Pick<ReconnectPolicyOptions, 'initialDelayMs' | 'factor' | 'jitter' | 'maxDelayMs'> = {
  initialDelayMs: DEFAULT_RECONNECT.initialDelayMs,
  factor: DEFAULT_RECONNECT.factor,
  jitter: DEFAULT_RECONNECT.jitter,
  maxDelayMs: 15_000
}

export interface IngestRetryListener {
  /** The provider answered with an ingest: push to it from now on. */
  onResolved(ingest: ResolvedIngest): void
  /** The provider refused (bad credentials, the channel gone...): offline mode cannot wait that out. */
  onRefused(error: OnairErrorValue): void
}

export interface IngestRetryDeps {
  resolve: () => Promise<ResolvedIngest>
  clock?: Clock
  random?: () => number
  policy?: typeof INGEST_RETRY
}

/**
 * Offline mode (DESIGN §6): asks a provider that could not be reached at Go Live for the destination's ingest again,
 * until it answers, refuses, or the show ends. One call at a time; `stop()` makes a late answer count for nothing.
 */
export class IngestRetry {
  private timer: unknown = null
  private attempt = 0
  private running = false
  private stopped = false
  private readonly clock: Clock

  constructor(
    private readonly deps: IngestRetryDeps,
    private readonly listener: IngestRetryListener
  ) {
    this.clock = deps.clock ?? systemClock
  }

  start(): void {
    this.schedule()
  }

  /** "Retry now": ask at once (unless a call is on its way) and start the backoff over. */
  retryNow(): void {
    if (this.stopped || this.running) return
    this.attempt = 0
    this.clear()
    void this.tryOnce()
  }

  stop(): void {
    this.stopped = true
    this.clear()
  }

  private schedule(): void {
    if (this.stopped) return
    this.attempt += 1
    const options = { ...DEFAULT_RECONNECT, ...(this.deps.policy ?? INGEST_RETRY) }
    const wait = reconnectDelayMs(this.attempt, (this.deps.random ?? Math.random)(), options)
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      void this.tryOnce()
    }, wait)
  }

  private async tryOnce(): Promise<void> {
    if (this.stopped) return
    this.running = true
    try {
      const ingest = await this.deps.resolve()
      this.running = false
      if (this.stopped) return void (await ingest.release?.().catch(() => undefined))
      this.stopped = true
      this.listener.onResolved(ingest)
    } catch (e) {
      this.running = false
      if (this.stopped) return
      const error = toErrorValue(e)
      if (isOfflineCause(error)) return this.schedule()
      this.stopped = true
      this.listener.onRefused(error)
    }
  }

  private clear(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }
}
