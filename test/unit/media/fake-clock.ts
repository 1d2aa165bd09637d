import type { Clock } from '../../../src/main/core/media/timers'

/** A manual clock: timers fire only when the test advances time. */
export class FakeClock implements Clock {
  private t = 1_000_000
  private seq = 0
  private timers = new Map<number, { at: number; fn: () => void; every?: number }>()

  now(): number {
    return this.t
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq
    this.timers.set(id, { at: this.t + ms, fn })
    return id
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number)
  }
  setInterval(fn: () => void, ms: number): unknown {
    const id = ++this.seq
    this.timers.set(id, { at: this.t + ms, fn, every: ms })
    return id
  }
  clearInterval(handle: unknown): void {
    this.timers.delete(handle as number)
  }
  /** Moves time forward, firing due timers in order (and letting promises settle between them). */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      const [id, timer] = due
      this.t = Math.max(this.t, timer.at)
      if (timer.every) timer.at += timer.every
      else this.timers.delete(id)
      timer.fn()
      await flush()
    }
    this.t = end
    await flush()
  }
  get pending(): number {
    return this.timers.size
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r))
}
