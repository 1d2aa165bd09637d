import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { atNextSecond, everySecond, msToNextSecond } from './second-ticks'

describe('whole-second ticks', () => {
  beforeEach(() => vi.useFakeTimers({ now: 10_000 }))
  afterEach(() => vi.useRealTimers())

  it('ticks just past each whole second since the anchor', () => {
    expect(msToNextSecond(10_000, 9_300)).toBe(305)
    expect(msToNextSecond(10_000, 10_000)).toBe(1005)
    expect(msToNextSecond(9_000, 9_500)).toBe(505)
    const seen: number[] = []
    const stop = everySecond(9_300, (now) => seen.push(now))
    vi.advanceTimersByTime(2400)
    expect(seen).toEqual([10_305, 11_305, 12_305])
    stop()
    vi.advanceTimersByTime(5000)
    expect(seen).toHaveLength(3)
  })

  it('runs everything due on the same tick in one task: a clock and the second’s figures change together', () => {
    const order: string[] = []
    let task = 0
    // Anchors a whole number of seconds apart share the tick.
    const stop = everySecond(1_300, () => order.push(`clock@${task}`))
    atNextSecond(9_300, () => order.push(`figures@${task}`))
    atNextSecond(9_800, () => order.push(`other@${task}`))
    const count = setInterval(() => task++, 1)
    vi.advanceTimersByTime(1400)
    clearInterval(count)
    const [clock, figures] = order.filter((o) => !o.startsWith('other')).map((o) => o.split('@')[1])
    expect(clock).toBe(figures)
    expect(order.map((o) => o.split('@')[0])).toEqual(['clock', 'figures', 'other', 'clock'])
    stop()
  })

  it('a tick called off before it comes does not run', () => {
    const seen: string[] = []
    const cancel = atNextSecond(10_000, () => seen.push('once'))
    cancel()
    vi.advanceTimersByTime(3000)
    expect(seen).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
  })
})
