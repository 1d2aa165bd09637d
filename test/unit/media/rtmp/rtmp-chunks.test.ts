import { describe, expect, it } from 'vitest'
import { RtmpChunkReader, RtmpProtocolError } from '../../../../src/main/core/media/rtmp/rtmp-chunk-reader'
import { RtmpChunkWriter } from '../../../../src/main/core/media/rtmp/rtmp-chunk-writer'
import { MSG, setChunkSizeMessage, type RtmpMessage } from '../../../../src/main/core/media/rtmp/rtmp-message'

const hex = (b: Buffer) => b.toString('hex')
const msg = (over: Partial<RtmpMessage> & { payload: Buffer }): RtmpMessage => ({ csid: 6, type: MSG.video, streamId: 1, timestamp: 0, ...over })
const bytes = (n: number, fill = 0xab) => Buffer.alloc(n, fill)

describe('RtmpChunkWriter: messages → chunks, byte for byte', () => {
  it.each<[string, RtmpMessage[], string]>([
    [
      'a new chunk stream gets a full header (fmt 0), stream id little-endian',
      [msg({ csid: 3, type: MSG.amf0Command, streamId: 0, timestamp: 0, payload: bytes(2) })],
      '03' + '000000' + '000002' + '14' + '00000000' + 'abab'
    ],
    [
      'the next message on it sends only the delta and its length (fmt 1)',
      [msg({ timestamp: 1000, payload: bytes(1) }), msg({ timestamp: 1033, payload: bytes(2) })],
      '06' + '0003e8' + '000001' + '09' + '01000000' + 'ab' + '46' + '000021' + '000002' + '09' + 'abab'
    ],
    [
      'same type and length: the delta alone (fmt 2)',
      [msg({ timestamp: 0, payload: bytes(1) }), msg({ timestamp: 40, payload: bytes(1) })],
      '06' + '000000' + '000001' + '09' + '01000000' + 'ab' + '86' + '000028' + 'ab'
    ],
    [
      'time going backwards needs a full header again',
      [msg({ timestamp: 500, payload: bytes(1) }), msg({ timestamp: 400, payload: bytes(1) })],
      '06' + '0001f4' + '000001' + '09' + '01000000' + 'ab' + '06' + '000190' + '000001' + '09' + '01000000' + 'ab'
    ],
    [
      'another message stream on the same chunk stream: full header',
      [msg({ streamId: 0, payload: bytes(1) }), msg({ streamId: 1, payload: bytes(1) })],
      '06' + '000000' + '000001' + '09' + '00000000' + 'ab' + '06' + '000000' + '000001' + '09' + '01000000' + 'ab'
    ],
    [
      'a message longer than the chunk size continues in fmt 3 chunks',
      [msg({ payload: Buffer.concat([bytes(128, 1), bytes(128, 2), bytes(10, 3)]) })],
      '06' + '000000' + '00010a' + '09' + '01000000' + '01'.repeat(128) + 'c6' + '02'.repeat(128) + 'c6' + '03'.repeat(10)
    ],
    [
      'a timestamp past 0xFFFFFF (4 h 40 min) goes in the extended field, repeated in every fmt 3 chunk',
      [msg({ timestamp: 0x01234567, payload: bytes(130) })],
      '06' + 'ffffff' + '000082' + '09' + '01000000' + '01234567' + 'ab'.repeat(128) + 'c6' + '01234567' + 'abab'
    ],
    ['exactly 0xFFFFFF is extended too', [msg({ timestamp: 0xffffff, payload: bytes(1) })], '06' + 'ffffff' + '000001' + '09' + '01000000' + '00ffffff' + 'ab'],
    [
      'after the extended one, small deltas are plain again',
      [msg({ timestamp: 0x01000000, payload: bytes(1) }), msg({ timestamp: 0x01000021, payload: bytes(1) })],
      '06' + 'ffffff' + '000001' + '09' + '01000000' + '01000000' + 'ab' + '86' + '000021' + 'ab'
    ],
    ['an empty message is one header', [msg({ payload: Buffer.alloc(0) })], '06' + '000000' + '000000' + '09' + '01000000'],
    ['chunk stream 64 takes a 2-byte basic header', [msg({ csid: 64, payload: bytes(1) })], '00' + '00' + '000000' + '000001' + '09' + '01000000' + 'ab'],
    ['chunk stream 319 still 2 bytes', [msg({ csid: 319, payload: bytes(1) })], '00' + 'ff' + '000000' + '000001' + '09' + '01000000' + 'ab'],
    ['chunk stream 320 takes 3 bytes, little-endian', [msg({ csid: 320, payload: bytes(1) })], '01' + '0001' + '000000' + '000001' + '09' + '01000000' + 'ab'],
    ['chunk stream 65599 is the largest', [msg({ csid: 65599, payload: bytes(1) })], '01' + 'ffff' + '000000' + '000001' + '09' + '01000000' + 'ab']
  ])('%s', (_name, messages, expected) => {
    const writer = new RtmpChunkWriter()
    expect(hex(Buffer.concat(messages.map((m) => writer.encode(m))))).toBe(expected)
  })

  it('after Set Chunk Size, messages are cut at the new size', () => {
    const writer = new RtmpChunkWriter()
    const announce = writer.encode(setChunkSizeMessage(4096))
    expect(hex(announce)).toBe('02' + '000000' + '000004' + '01' + '00000000' + '00001000')
    writer.setChunkSize(4096)
    const out = writer.encode(msg({ payload: bytes(5000) }))
    expect(out.length).toBe(12 + 5000 + 1)
    expect(out[12 + 4096]).toBe(0xc6)
  })

  it('refuses what no peer could read', () => {
    const writer = new RtmpChunkWriter()
    expect(() => writer.setChunkSize(0)).toThrow(RangeError)
    expect(() => writer.encode(msg({ csid: 1, payload: bytes(1) }))).toThrow(RangeError)
    expect(() => writer.encode(msg({ csid: 65600, payload: bytes(1) }))).toThrow(RangeError)
  })
})

/** Feeds `data` to the reader in pieces of the given sizes (cycled), collecting the messages. */
function readInPieces(reader: RtmpChunkReader, data: Buffer, sizes: number[]): RtmpMessage[] {
  const out: RtmpMessage[] = []
  for (let pos = 0, i = 0; pos < data.length; i++) {
    const n = sizes[i % sizes.length]
    out.push(...reader.push(data.subarray(pos, pos + n)))
    pos += n
  }
  return out
}

/** A deterministic mix of messages: several chunk streams, sizes around the chunk size, deltas, an extended timestamp. */
function sampleMessages(): RtmpMessage[] {
  const out: RtmpMessage[] = []
  let seed = 7
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n)
  const clocks: Record<number, number> = { 3: 0, 4: 0, 6: 0, 70: 0, 400: 0 }
  for (let i = 0; i < 300; i++) {
    const csid = [3, 4, 6, 70, 400][rand(5)]
    clocks[csid] += rand(3) === 0 ? 0 : rand(50)
    if (i === 150) clocks[csid] = 0x01000000 + rand(1000)
    const size = [0, 1, 127, 128, 129, 300, 4096, 5000][rand(8)]
    const payload = Buffer.alloc(size)
    for (let j = 0; j < size; j++) payload[j] = rand(256)
    out.push({ csid, type: [MSG.audio, MSG.video, MSG.amf0Data][rand(3)], streamId: rand(10) === 0 ? 0 : 1, timestamp: clocks[csid], payload })
  }
  return out
}

describe('RtmpChunkReader: chunks → messages', () => {
  const messages = sampleMessages()

  it.each([
    ['in one piece', [1 << 30]],
    ['a byte at a time', [1]],
    ['in odd pieces that split headers and extended timestamps', [1, 2, 3, 5, 7, 11, 13, 4099]],
    ['in pieces of a typical TCP read', [1448, 65536]]
  ])('reads back what the writer wrote, %s', (_name, sizes) => {
    const writer = new RtmpChunkWriter()
    const data = Buffer.concat(messages.map((m) => writer.encode(m)))
    expect(readInPieces(new RtmpChunkReader(), data, sizes)).toEqual(messages)
  })

  it("applies the server's Set Chunk Size at once, to the very next chunk", () => {
    const writer = new RtmpChunkWriter()
    const big = msg({ csid: 3, type: MSG.amf0Command, streamId: 0, payload: bytes(10_000, 5) })
    const data = Buffer.concat([writer.encode(big), writer.encode(setChunkSizeMessage(4096)), (writer.setChunkSize(4096), writer.encode(big))])
    for (const sizes of [[1 << 30], [1], [100, 3]]) {
      const reader = new RtmpChunkReader()
      const out = readInPieces(reader, data, sizes)
      expect(out.map((m) => m.type)).toEqual([MSG.amf0Command, MSG.setChunkSize, MSG.amf0Command])
      expect(out[2].payload.equals(big.payload)).toBe(true)
      expect(reader.chunkSize).toBe(4096)
    }
  })

  it('a fmt 3 chunk that starts a message repeats the last delta (§5.3.1.2.4)', () => {
    // fmt 0 at 100, fmt 2 with delta 20 → 120, then fmt 3 → 140.
    const data = Buffer.from('04' + '000064' + '000001' + '08' + '01000000' + 'aa' + '84' + '000014' + 'bb' + 'c4' + 'cc', 'hex')
    expect(new RtmpChunkReader().push(data).map((m) => [m.timestamp, hex(m.payload)])).toEqual([
      [100, 'aa'],
      [120, 'bb'],
      [140, 'cc']
    ])
  })

  it.each([[[1 << 30]], [[1]], [[13, 2]]])('reads extended timestamps in fmt 0, in deltas, and in the fmt 3 chunks after them (pieces %j)', (sizes) => {
    const data = Buffer.from(
      // fmt 0, extended 0x01000000, 129 bytes: 128 in the first chunk, 1 in a fmt 3 chunk that repeats the extended field
      '04' +
        'ffffff' +
        '000081' +
        '08' +
        '01000000' +
        '01000000' +
        '11'.repeat(128) +
        'c4' +
        '01000000' +
        '22' +
        // fmt 1 with an extended delta of 0x01000000, then fmt 2 with a plain delta of 0x21
        '44' +
        'ffffff' +
        '000001' +
        '08' +
        '01000000' +
        '33' +
        '84' +
        '000021' +
        '44',
      'hex'
    )
    const out = readInPieces(new RtmpChunkReader(), data, sizes)
    expect(out.map((m) => [m.timestamp, m.payload.length])).toEqual([
      [0x01000000, 129],
      [0x02000000, 1],
      [0x02000021, 1]
    ])
    expect(out[0].payload.at(-1)).toBe(0x22)
  })

  it('an Abort message throws away the half-read message of its chunk stream', () => {
    const writer = new RtmpChunkWriter()
    const partial = writer.encode(msg({ csid: 6, payload: bytes(200, 1) })).subarray(0, 12 + 128)
    const abort = writer.encode({ csid: 2, type: MSG.abort, streamId: 0, timestamp: 0, payload: Buffer.from('00000006', 'hex') })
    const next = writer.encode(msg({ csid: 6, timestamp: 10, payload: bytes(3, 2) }))
    const out = new RtmpChunkReader().push(Buffer.concat([partial, abort, next]))
    expect(out.map((m) => [m.type, m.payload.length])).toEqual([
      [MSG.abort, 4],
      [MSG.video, 3]
    ])
  })

  it.each([
    ['a message bigger than the limit', '03' + '000000' + '200000' + '14' + '00000000', /too large/],
    ['a chunk stream that starts without a full header', '43' + '000000' + '000001' + '14' + 'aa', /without a full header/],
    ['a chunk size of 0', '02' + '000000' + '000004' + '01' + '00000000' + '00000000', /chunk size of 0/]
  ])('%s is a protocol error', (_name, data, message) => {
    expect(() => new RtmpChunkReader().push(Buffer.from(data, 'hex'))).toThrow(RtmpProtocolError)
    expect(() => new RtmpChunkReader().push(Buffer.from(data, 'hex'))).toThrow(message)
  })
})
