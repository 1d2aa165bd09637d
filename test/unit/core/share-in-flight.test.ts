import { describe, expect, it } from 'vitest'
import { shareInFlight } from '../../../src/main/core/share-in-flight'

describe('shareInFlight (one devices:list at a time, shared by every caller)', () => {
  it('runs the task once for callers that ask while it runs, and afresh after it settles', async () => {
    let runs = 0
    let finish: (v: number) => void = () => {}
    const shared = shareInFlight(() => {
      runs += 1
      return new Promise<number>((r) => (finish = r))
    })
    const first = Array.from({ length: 2000 }, () => shared())
    expect(runs).toBe(1)
    finish(7)
    expect(await Promise.all(first)).toEqual(Array(2000).fill(7))
    const again = shared()
    expect(runs).toBe(2)
    finish(8)
    expect(await again).toBe(8)
  })

  it('shares a failure with the waiting callers, and tries again on the next call', async () => {
    let runs = 0
    const shared = shareInFlight(async () => {
      runs += 1
      if (runs === 1) throw new Error('probe failed')
      return 'ok'
    })
    const [a, b] = [shared(), shared()]
    await expect(a).rejects.toThrow('probe failed')
    await expect(b).rejects.toThrow('probe failed')
    expect(await shared()).toBe('ok')
    expect(runs).toBe(2)
  })
})
