import { describe, expect, it } from 'vitest'
import { DEFAULT_RECONNECT, ReconnectState, reconnectDelayMs } from '../../../src/main/core/media/reconnect-policy'

describe('reconnect policy (DESIGN §4)', () => {
  it.each([
    // attempt, random (0.5 = no jitter), expected ms
    [1, 0.5, 1000],
    [2, 0.5, 1500],
    [3, 0.5, 2250],
    [4, 0.5, 3375],
    [8, 0.5, 17086],
    [9, 0.5, 25629],
    [10, 0.5, 30000],
    [50, 0.5, 30000],
    // ±5 % jitter at the extremes
    [1, 0, 950],
    [1, 0.999999, 1050],
    [2, 0, 1425],
    [50, 0.999999, 31500]
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(reconnectDelayMs(attempt, random)).toBe(expected)
  })

  it('never waits outside ±5 % of the base, for any random value', () => {
    for (let attempt = 1; attempt < 20; attempt++) {
      const base = Math.min(30_000, 1000 * 1.5 ** (attempt - 1))
      for (const r of [0, 0.1, 0.37, 0.5, 0.81, 0.999]) {
        const d = reconnectDelayMs(attempt, r)
        expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.95))
        expect(d).toBeLessThanOrEqual(Math.ceil(base * 1.05))
      }
    }
  })

  it('backs off across failures, gives up 30 minutes into the outage, and starts over after success', () => {
    const s = new ReconnectState()
    let now = 0
    const waits: number[] = []
    for (;;) {
      const d = s.failed(now, 0.5)
      if (d.action === 'give-up') break
      waits.push(d.retryAt - now)
      now = d.retryAt
    }
    expect(waits.slice(0, 4)).toEqual([1000, 1500, 2250, 3375])
    expect(Math.max(...waits)).toBe(30_000)
    expect(now).toBe(DEFAULT_RECONNECT.giveUpAfterMs)
    s.succeeded()
    expect(s.failed(now + 5000, 0.5)).toEqual({ action: 'wait', retryAt: now + 6000, attempt: 1 })
  })

  it('"retry now" resets the backoff but not the outage clock', () => {
    const s = new ReconnectState()
    s.failed(0, 0.5)
    s.failed(1000, 0.5)
    s.failed(2500, 0.5)
    s.reset()
    expect(s.failed(3000, 0.5)).toEqual({ action: 'wait', retryAt: 4000, attempt: 1 })
    expect(s.failed(DEFAULT_RECONNECT.giveUpAfterMs, 0.5)).toEqual({ action: 'give-up', reason: 'timeout' })
  })

  it('lets the probe run at most once a second', () => {
    const s = new ReconnectState()
    expect(s.probeDue(0, null)).toBe(true)
    expect(s.probeDue(999, 0)).toBe(false)
    expect(s.probeDue(1000, 0)).toBe(true)
  })
})
