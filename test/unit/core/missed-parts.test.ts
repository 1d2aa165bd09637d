import { describe, expect, it } from 'vitest'
import { missedParts } from '../../../src/main/core/recordings/live-recordings'
import { missedSpan } from '../../../src/shared/recordings'

const START = 1_800_000_000_000

describe('the parts of a show that reached no destination, as seconds of its recording', () => {
  it.each([
    ['none', [], []],
    ['offline at Go Live for 15 s', [{ start: START + 300, end: START + 15_300 }], [{ startSeconds: 0, endSeconds: 16.3 }]],
    [
      'two outages, the last still open at the end',
      [{ start: START + 60_000, end: START + 75_000 }, { start: START + 120_000 }],
      [
        { startSeconds: 59, endSeconds: 76 },
        { startSeconds: 119, endSeconds: 151 }
      ]
    ]
  ])('%s', (_name, unstreamed, parts) => {
    expect(missedParts({ startedAt: START, unstreamed }, START + 150_000)).toEqual(parts)
  })

  it('one stream covers every gap, from the first part to the last; none without parts', () => {
    expect(
      missedSpan({
        missed: [
          { startSeconds: 59, endSeconds: 76 },
          { startSeconds: 119, endSeconds: 151 }
        ]
      })
    ).toEqual({ startSeconds: 59, endSeconds: 151 })
    expect(missedSpan({})).toBeNull()
  })
})
