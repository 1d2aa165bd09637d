import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Called when the request that took a slot has its answer. The slot's time moves to that moment: the server saw
 * the request no later than that, so spacing the next one from it holds the gap on the server's side too, however
 * long the request spent in the network or in a busy process on its way out.
 */
export type SlotRelease = () => void

/** Waits until the next request may leave. One per provider, shared by every client of that provider. */
export interface RateLimiter {
  acquire(): Promise<SlotRelease>
}

export interface RateLimitOptions {
  /** Minimum spacing between two requests, in ms. */
  minGapMs: number
  /** At most this many requests in any sliding 60 s window. */
  perMinute: number
  /**
   * A small JSON file holding the recent call times, so several processes (the app, the CLI, `onair serve`)
   * share one budget. Without it the limit holds within this process only.
   */
  file?: string
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

const WINDOW_MS = 60_000
const STALE_LOCK_MS = 5_000

/**
 * A sliding-window limiter with a minimum gap, persisted across processes (Kollus: ≤ 60 calls a minute and
 * ≥ 1 s between calls from the whole app, kollus.md §2). In-process callers are chained so they never race;
 * other processes are kept out by an exclusive lock file around read-decide-write of the call log.
 */
export class PersistedRateLimiter implements RateLimiter {
  private chain: Promise<void> = Promise.resolve()
  private memory: number[] = []
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)))
  }

  acquire(): Promise<SlotRelease> {
    const turn = this.chain.then(() => this.take())
    // A failed turn (an unwritable data dir) must not block every later caller.
    this.chain = turn.then(
      () => undefined,
      () => undefined
    )
    return turn.then((taken) => () => void this.moveSlot(taken).catch(() => undefined))
  }

  /** How long the next caller would wait now (for tests and diagnostics). */
  pendingWaitMs(): number {
    return this.waitFor(this.read())
  }

  /** Takes the next free slot; resolves with the time written for it. */
  private async take(): Promise<number> {
    for (;;) {
      const taken = await this.withLock(() => {
        const times = this.read()
        const wait = this.waitFor(times)
        if (wait > 0) return { wait }
        const at = this.now()
        times.push(at)
        this.write(times)
        return { wait, at }
      })
      if (taken.at !== undefined) return taken.at
      await this.sleep(taken.wait)
    }
  }

  /** Moves a taken slot's time to now (the answer arrived); other waiters re-read it before they go. */
  private async moveSlot(takenAt: number): Promise<void> {
    await this.withLock(() => {
      const times = this.read()
      const i = times.lastIndexOf(takenAt)
      if (i < 0) return
      times[i] = Math.max(takenAt, this.now())
      this.write(times.sort((a, b) => a - b))
    })
  }

  private waitFor(times: number[]): number {
    const now = this.now()
    const recent = times.filter((t) => t > now - WINDOW_MS)
    let wait = 0
    const last = recent[recent.length - 1]
    if (last !== undefined) wait = Math.max(wait, last + this.options.minGapMs - now)
    if (recent.length >= this.options.perMinute) wait = Math.max(wait, recent[recent.length - this.options.perMinute] + WINDOW_MS - now)
    return wait
  }

  private read(): number[] {
    const cutoff = this.now() - WINDOW_MS
    if (!this.options.file) return (this.memory = this.memory.filter((t) => t > cutoff))
    try {
      const parsed = JSON.parse(readFileSync(this.options.file, 'utf8')) as { calls?: unknown }
      const calls = Array.isArray(parsed.calls) ? parsed.calls.filter((t): t is number => typeof t === 'number') : []
      return calls.filter((t) => t > cutoff).sort((a, b) => a - b)
    } catch {
      return [] // no file yet, or a torn one from a crash: start afresh
    }
  }

  private write(times: number[]): void {
    const keep = times.slice(-this.options.perMinute)
    if (!this.options.file) {
      this.memory = keep
      return
    }
    mkdirSync(dirname(this.options.file), { recursive: true })
    const tmp = `${this.options.file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify({ calls: keep }))
    renameSync(tmp, this.options.file)
  }

  private async withLock<T>(body: () => T): Promise<T> {
    if (!this.options.file) return body()
    const lock = `${this.options.file}.lock`
    mkdirSync(dirname(lock), { recursive: true })
    for (let tries = 0; ; tries++) {
      try {
        closeSync(openSync(lock, 'wx'))
        break
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
        // A process that died holding the lock leaves it behind; it is only ever held for a few ms.
        try {
          if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) unlinkSync(lock)
        } catch {
          // it went away meanwhile
        }
        await new Promise((r) => setTimeout(r, 10 + (tries % 5) * 5))
      }
    }
    try {
      return body()
    } finally {
      try {
        unlinkSync(lock)
      } catch {
        // already gone
      }
    }
  }
}

/** No limit (providers that document none). */
export const NO_LIMIT: RateLimiter = { acquire: async () => () => undefined }
