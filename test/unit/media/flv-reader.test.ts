import { describe, expect, it } from 'vitest'
import { FLV_TAG_AUDIO, FLV_TAG_SCRIPT, FLV_TAG_VIDEO, FlvFormatError, FlvReader, buildFlvHeader, buildFlvTag } from '../../../src/main/core/media/flv-reader'
import { aacConfig, audio, avcConfig, script, video } from './flv-helpers'

const stream = Buffer.concat([
  buildFlvHeader(true, true),
  script(),
  avcConfig(),
  aacConfig(),
  video(0, true),
  audio(0),
  video(33, false),
  audio(21),
  video(66, false),
  video(2000, true)
])

describe('FlvReader', () => {
  it('reads the header and classifies every tag (config, keyframe, timestamp)', () => {
    const reader = new FlvReader()
    const tags = reader.push(stream)
    expect(reader.header).toMatchObject({ hasAudio: true, hasVideo: true })
    expect(reader.header?.bytes.length).toBe(13)
    expect(tags.map((t) => [t.type, t.timestamp, t.keyframe, t.config])).toEqual([
      [FLV_TAG_SCRIPT, 0, false, false],
      [FLV_TAG_VIDEO, 0, false, true],
      [FLV_TAG_AUDIO, 0, false, true],
      [FLV_TAG_VIDEO, 0, true, false],
      [FLV_TAG_AUDIO, 0, false, false],
      [FLV_TAG_VIDEO, 33, false, false],
      [FLV_TAG_AUDIO, 21, false, false],
      [FLV_TAG_VIDEO, 66, false, false],
      [FLV_TAG_VIDEO, 2000, true, false]
    ])
    // The raw bytes round-trip: header + tags re-assemble the input exactly.
    expect(Buffer.concat([reader.header!.bytes, ...tags.map((t) => t.bytes)]).equals(stream)).toBe(true)
  })

  it.each([1, 2, 3, 7, 13, 64, 1000])('gives the same tags when fed %i bytes at a time', (size) => {
    const whole = new FlvReader().push(stream)
    const reader = new FlvReader()
    const pieces = []
    for (let i = 0; i < stream.length; i += size) pieces.push(...reader.push(stream.subarray(i, i + size)))
    expect(pieces.map((t) => t.bytes.toString('hex'))).toEqual(whole.map((t) => t.bytes.toString('hex')))
  })

  it('reads timestamps past 2^24 ms through the extended byte', () => {
    const ts = 0x12345678
    const [t] = new FlvReader().push(Buffer.concat([buildFlvHeader(false, true), buildFlvTag(FLV_TAG_VIDEO, ts, Buffer.from([0x27, 1, 0, 0, 0]))]))
    expect(t.timestamp).toBe(ts)
  })

  it('refuses input that is not FLV, and absurd tag sizes', () => {
    expect(() => new FlvReader().push(Buffer.from('NOTFLVATALL....'))).toThrow(FlvFormatError)
    const bad = Buffer.concat([buildFlvHeader(true, true), Buffer.from([9, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0])])
    expect(() => new FlvReader().push(bad)).toThrow(/too large/)
  })

  it('returns nothing until a tag is complete', () => {
    const reader = new FlvReader()
    expect(reader.push(stream.subarray(0, 20))).toEqual([])
    expect(reader.header).not.toBeNull()
  })
})
