/**
 * Notices a stalled encoder (DESIGN §4, issue 4): no progress of its output time for 5 s. Pure: the caller
 * reports progress and asks at its own pace.
 */
export class StallWatchdog {
  private lastAdvance: number
  private lastOutTimeMs = -1
  private stalled = false

  constructor(
    now: number,
    private readonly stallMs = 5000
  ) {
    this.lastAdvance = now
  }

  /** Encoder progress: its output time (ms). Only an advance counts as progress. */
  progress(now: number, outTimeMs: number): void {
    if (outTimeMs > this.lastOutTimeMs) {
      this.lastOutTimeMs = outTimeMs
      this.lastAdvance = now
    }
  }

  /** 'stalled' once when progress stopped, 'recovered' once when it resumed, null otherwise. */
  check(now: number): 'stalled' | 'recovered' | null {
    const stalledNow = now - this.lastAdvance >= this.stallMs
    if (stalledNow === this.stalled) return null
    this.stalled = stalledNow
    return stalledNow ? 'stalled' : 'recovered'
  }
}
