import { describe, expect, it } from 'vitest'
import { GRAPH_COLUMNS, GRAPH_EVERY_MS, graphPath, graphRedrawDue, niceTop } from './graph-path'

describe('graph paths', () => {
  it.each([
    [0, 1],
    [0.4, 0.5],
    [2908, 5000],
    [6000, 10000],
    [30, 50],
    [1, 1]
  ])('the axis top over %d is %d', (max, top) => expect(niceTop(max)).toBe(top))

  it('draws time along x and the value up from the bottom, clamped into the box', () => {
    expect(graphPath([0, 1000, 2000], [0, 50, 200], 100, { width: 100, height: 40 })).toBe('M0,40L50,20L100,0')
  })

  it('draws nothing without points, and a flat line for one', () => {
    expect(graphPath([], [], 10, { width: 100, height: 40 })).toBe('')
    expect(graphPath([5], [5], 10, { width: 100, height: 40 })).toBe('M0,20H100')
  })

  it('draws a short show again every couple of seconds, and a long one once it has grown by a column', () => {
    const start = 0
    // Five minutes in: a column is a second, so the two-second floor holds.
    expect(graphRedrawDue(start, 300_000 - GRAPH_EVERY_MS + 1, 300_000)).toBe(false)
    expect(graphRedrawDue(start, 300_000 - GRAPH_EVERY_MS, 300_000)).toBe(true)
    // Thirty minutes in: a column is 6 s.
    const column = 1_800_000 / GRAPH_COLUMNS
    expect(column).toBe(6000)
    expect(graphRedrawDue(start, 1_800_000 - 5000, 1_800_000)).toBe(false)
    expect(graphRedrawDue(start, 1_800_000 - 6000, 1_800_000)).toBe(true)
    // Four hours in: 48 s.
    expect(graphRedrawDue(start, 14_400_000 - 47_000, 14_400_000)).toBe(false)
    expect(graphRedrawDue(start, 14_400_000 - 48_000, 14_400_000)).toBe(true)
  })

  it('draws again at once when the clock went back', () => {
    expect(graphRedrawDue(0, 60_000, 59_000)).toBe(true)
  })
})
