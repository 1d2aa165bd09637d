import { describe, expect, it } from 'vitest'
import { LOG_ROW_PX, logWindow } from './log-window'

describe('the log’s window of rows', () => {
  it.each([
    ['a short log, all drawn', 5, 0, 240, { first: 0, last: 5 }],
    ['a long log at its start', 500, 0, 240, { first: 0, last: 14 }],
    ['a long log at its end', 500, 500 * LOG_ROW_PX - 240, 240, { first: 486, last: 500 }],
    ['in the middle', 500, 100 * LOG_ROW_PX, 240, { first: 94, last: 114 }],
    ['no size known yet: one row and the overscan', 500, 0, 0, { first: 0, last: 7 }],
    ['empty', 0, 0, 240, { first: 0, last: 0 }]
  ])('%s', (_name, total, scrollTop, viewport, expected) => {
    expect(logWindow(total, scrollTop, viewport)).toEqual(expected)
  })

  it('draws the same number of rows however long the show', () => {
    const sizes = [1000, 5000, 50_000].map((total) => {
      const w = logWindow(total, total * LOG_ROW_PX - 240, 240)
      return w.last - w.first
    })
    expect(new Set(sizes).size).toBe(1)
  })
})
