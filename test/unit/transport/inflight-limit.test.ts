import { describe, expect, it } from 'vitest'
import { InflightLimit } from '../../../src/main/core/transport/inflight-limit'

describe('InflightLimit (bounded work per client)', () => {
  it('caps each client, and all clients together', () => {
    const limit = new InflightLimit<object>(2, 3)
    const [a, b] = [{}, {}]
    expect([limit.tryTake(a), limit.tryTake(a), limit.tryTake(a)]).toEqual([true, true, false])
    expect([limit.tryTake(b), limit.tryTake(b)]).toEqual([true, false]) // b is under its own cap but the total is reached
    expect(limit.inflight()).toBe(3)
    limit.release(a)
    expect(limit.tryTake(b)).toBe(true)
    expect([limit.inflight(a), limit.inflight(b)]).toEqual([1, 2])
  })

  it('ignores a release without a take (a bug elsewhere cannot open the cap)', () => {
    const limit = new InflightLimit<object>(1, 1)
    const a = {}
    limit.release(a)
    expect(limit.inflight()).toBe(0)
    expect([limit.tryTake(a), limit.tryTake(a)]).toEqual([true, false])
  })
})
