import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import {
  checkEtag,
  MIN_PART_SIZE,
  missingParts,
  multipartEtag,
  partRanges,
  partSizeFor,
  SpeedMeter
} from '../../../../src/main/core/recordings/upload/upload-plan'

const MiB = 1024 * 1024
const md5 = (text: string) => createHash('md5').update(text).digest('hex')

describe('upload plan', () => {
  it.each([
    [1, MIN_PART_SIZE],
    [50 * MiB, 8 * MiB],
    [80_000 * MiB, 8 * MiB],
    // Past 10,000 parts of 8 MiB the part grows, in whole MiB.
    [80_001 * MiB, 9 * MiB],
    [1024 * 1024 * MiB, 105 * MiB]
  ])('a file of %d bytes goes in parts of %d bytes, never more than 10,000', (size, part) => {
    expect(partSizeFor(size)).toBe(part)
    expect(Math.ceil(size / partSizeFor(size))).toBeLessThanOrEqual(10_000)
  })

  it('cuts the file into numbered ranges, the last one short', () => {
    expect(partRanges(20 * MiB + 5, 8 * MiB)).toEqual([
      { number: 1, start: 0, end: 8 * MiB },
      { number: 2, start: 8 * MiB, end: 16 * MiB },
      { number: 3, start: 16 * MiB, end: 20 * MiB + 5 }
    ])
    expect(partRanges(16 * MiB, 8 * MiB)).toHaveLength(2)
  })

  it('sends only the parts not yet confirmed', () => {
    const ranges = partRanges(40 * MiB, 8 * MiB)
    expect(missingParts(ranges, [{ number: 1 }, { number: 4 }]).map((r) => r.number)).toEqual([2, 3, 5])
    expect(missingParts(ranges, [])).toHaveLength(5)
  })

  it("computes S3's multipart ETag and tells what an ETag proves", () => {
    const parts = [md5('a'), md5('b')]
    const expected = `${createHash('md5')
      .update(Buffer.concat(parts.map((p) => Buffer.from(p, 'hex'))))
      .digest('hex')}-2`
    expect(multipartEtag(parts)).toBe(expected)
    expect(checkEtag(`"${expected}"`, parts, md5('ab'))).toBe('multipart-etag')
    expect(checkEtag(`"${multipartEtag([md5('a'), md5('c')])}"`, parts, md5('ab'))).toBe('mismatch')
    // s3rver: the whole object's MD5.
    expect(checkEtag(`"${md5('ab')}"`, parts, md5('ab'))).toBe('md5')
    // An encrypted bucket's opaque ETag proves nothing either way.
    expect(checkEtag('"0123456789abcdef0123456789abcdef"', parts, md5('ab'))).toBe('parts')
    expect(checkEtag(undefined, parts, md5('ab'))).toBe('parts')
  })

  it('measures speed over a sliding window and the time left at that pace', () => {
    let now = 0
    const meter = new SpeedMeter(10_000, () => now)
    expect(meter.bytesPerSecond()).toBe(0)
    expect(meter.etaSeconds(100)).toBeNull()
    now = 1000
    meter.add(8 * MiB)
    expect(meter.bytesPerSecond()).toBe(8 * MiB)
    expect(meter.etaSeconds(16 * MiB)).toBe(2)
    // A slow stretch: after the window the early fast second no longer counts.
    for (let t = 2; t <= 20; t++) {
      now = t * 1000
      meter.add(8 * MiB + (t - 1) * MiB)
    }
    expect(meter.bytesPerSecond()).toBe(MiB)
    expect(meter.etaSeconds(0)).toBe(0)
  })
})
