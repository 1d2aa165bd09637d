import { describe, expect, it } from 'vitest'
import { graphPath, niceTop } from './graph-path'

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
})
