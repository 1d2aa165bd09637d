import { describe, expect, it } from 'vitest'
import { RtmpProtocolError } from '../../../../src/main/core/media/rtmp/rtmp-chunk-reader'
import { buildC0C1, HANDSHAKE_SIZE, HandshakeReader } from '../../../../src/main/core/media/rtmp/rtmp-handshake'

describe('simple RTMP handshake', () => {
  it('C0 is version 3; C1 is time, four zero bytes (no digest), then random', () => {
    const c0c1 = buildC0C1((n) => Buffer.alloc(n, 0x77), 1234)
    expect(c0c1.length).toBe(1 + HANDSHAKE_SIZE)
    expect(c0c1[0]).toBe(3)
    expect(c0c1.readUInt32BE(1)).toBe(1234)
    expect(c0c1.readUInt32BE(5)).toBe(0)
    expect(c0c1.subarray(9).every((b) => b === 0x77)).toBe(true)
  })

  it.each([[[3073]], [[1]], [[1, 1536, 1536]], [[1000, 5000]]])('C2 echoes S1; what follows S2 is handed on (reads of %j)', (sizes) => {
    const s1 = Buffer.alloc(HANDSHAKE_SIZE, 0x11)
    const s2 = Buffer.alloc(HANDSHAKE_SIZE, 0x22)
    const after = Buffer.from('0300000000000114000000000000', 'hex')
    const data = Buffer.concat([Buffer.from([3]), s1, s2, after])
    const reader = new HandshakeReader()
    let done: ReturnType<HandshakeReader['push']> = null
    for (let pos = 0, i = 0; pos < data.length; i++) {
      const n = sizes[i % sizes.length]
      const result = reader.push(data.subarray(pos, pos + n))
      pos += n
      if (result) {
        done = { c2: result.c2, rest: Buffer.concat([result.rest, data.subarray(pos)]) }
        break
      }
    }
    expect(done?.c2.equals(s1)).toBe(true)
    expect(done?.rest.equals(after)).toBe(true)
  })

  it('a server that answers something else than RTMP 3 is named as such', () => {
    expect(() => new HandshakeReader().push(Buffer.from('HTTP/1.1 400 Bad Request'))).toThrow(RtmpProtocolError)
    expect(() => new HandshakeReader().push(Buffer.from([0x16, 3, 1]))).toThrow(/version byte 22/)
  })
})
