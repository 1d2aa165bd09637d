import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PersistedRateLimiter } from '../../../src/main/core/providers/rate-limiter'

/** A fake clock: sleeping advances time instantly, so a minute of limits takes no real time. */
function fakeClock(start = 1_000_000) {
  const clock = { t: start, now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms) }
  return clock
}

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('PersistedRateLimiter (Kollus: ≤ 60 a minute, ≥ 1 s apart)', () => {
  it('spaces calls at least minGap apart', async () => {
    const clock = fakeClock()
    const limiter = new PersistedRateLimiter({ minGapMs: 1000, perMinute: 60, now: clock.now, sleep: clock.sleep })
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      await limiter.acquire()
      times.push(clock.t)
    }
    const gaps = times.slice(1).map((t, i) => t - times[i])
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000)
  })

  it('never lets more than perMinute calls into any 60 s window', async () => {
    const clock = fakeClock()
    const limiter = new PersistedRateLimiter({ minGapMs: 0, perMinute: 60, now: clock.now, sleep: clock.sleep })
    const times: number[] = []
    for (let i = 0; i < 130; i++) {
      await limiter.acquire()
      times.push(clock.t)
    }
    for (let i = 60; i < times.length; i++) expect(times[i] - times[i - 60]).toBeGreaterThanOrEqual(60_000)
    // The first 60 go at once, the 61st waits for the window.
    expect(times[59] - times[0]).toBe(0)
    expect(times[60] - times[0]).toBe(60_000)
  })

  it('shares the budget between two processes through the file in the data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onair-rate-'))
    dirs.push(dir)
    const clock = fakeClock()
    const file = join(dir, 'rate-limits', 'kollus.json')
    // Two limiters on one file stand for the app and the CLI.
    const app = new PersistedRateLimiter({ minGapMs: 1000, perMinute: 60, file, now: clock.now, sleep: clock.sleep })
    const cli = new PersistedRateLimiter({ minGapMs: 1000, perMinute: 60, file, now: clock.now, sleep: clock.sleep })
    await app.acquire()
    const first = clock.t
    await cli.acquire()
    expect(clock.t - first).toBeGreaterThanOrEqual(1000)
    expect(cli.pendingWaitMs()).toBe(1000)
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { calls: number[] }
    expect(saved.calls).toHaveLength(2)
  })

  it('serialises concurrent callers in one process', async () => {
    const clock = fakeClock()
    const limiter = new PersistedRateLimiter({ minGapMs: 1000, perMinute: 60, now: clock.now, sleep: clock.sleep })
    const stamps: number[] = []
    await Promise.all(Array.from({ length: 4 }, () => limiter.acquire().then(() => stamps.push(clock.t))))
    expect(stamps).toEqual([1_000_000, 1_001_000, 1_002_000, 1_003_000])
  })

  it('spaces the next call from the moment the slow one was answered, so the server never sees them closer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onair-rate-'))
    dirs.push(dir)
    const clock = fakeClock()
    const file = join(dir, 'kollus.json')
    const app = new PersistedRateLimiter({ minGapMs: 1000, perMinute: 60, file, now: clock.now, sleep: clock.sleep })
    const cli = new PersistedRateLimiter({ minGapMs: 1000, perMinute: 60, file, now: clock.now, sleep: clock.sleep })
    const release = await app.acquire()
    const sent = clock.t
    const next = cli.acquire()
    // The first request spends 700 ms on its way (a busy machine); its answer comes then.
    clock.t += 700
    release()
    await next
    expect(clock.t - sent).toBeGreaterThanOrEqual(1700)
  })
})
