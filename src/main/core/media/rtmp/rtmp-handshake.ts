import { RtmpProtocolError } from './rtmp-chunk-reader'

/**
 * The simple RTMP handshake (§5.2), as librtmp and OBS do it for plain publishing: C0 (version 3) + C1 (time,
 * four zero bytes, random), then C2 = the server's S1 echoed back. Zero bytes where the "complex" handshake puts
 * a version tell nginx-rtmp, YouTube and Twitch to skip the digest check. Pure.
 */
export const RTMP_VERSION = 3
export const HANDSHAKE_SIZE = 1536

export function buildC0C1(random: (size: number) => Buffer, uptimeMs = 0): Buffer {
  const out = Buffer.alloc(1 + HANDSHAKE_SIZE)
  out[0] = RTMP_VERSION
  out.writeUInt32BE(uptimeMs >>> 0, 1)
  // Bytes 5-8 stay zero: the simple handshake.
  random(HANDSHAKE_SIZE - 8).copy(out, 9)
  return out
}

/** Collects S0 + S1 + S2 from the server, in pieces of any size. */
export class HandshakeReader {
  private chunks: Buffer[] = []
  private received = 0

  /**
   * Returns C2 and whatever came after S2 (already chunk stream) once the server's handshake is complete, else null.
   * Throws RtmpProtocolError when the server does not speak RTMP 3 (an HTTP server, a TLS port spoken to in plain).
   */
  push(data: Buffer): { c2: Buffer; rest: Buffer } | null {
    if (data.length === 0) return null
    if (this.received === 0 && data[0] !== RTMP_VERSION) {
      throw new RtmpProtocolError(`the server did not answer the RTMP handshake (version byte ${data[0]})`)
    }
    this.chunks.push(data)
    this.received += data.length
    const needed = 1 + 2 * HANDSHAKE_SIZE
    if (this.received < needed) return null
    const all = Buffer.concat(this.chunks)
    this.chunks = []
    return { c2: Buffer.from(all.subarray(1, 1 + HANDSHAKE_SIZE)), rest: all.subarray(needed) }
  }
}
