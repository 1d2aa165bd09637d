import type { RtmpMessage } from './rtmp-message'

/** Every RTMP connection starts at 128-byte chunks until a Set Chunk Size says otherwise (§5.4.1). */
export const DEFAULT_CHUNK_SIZE = 128
/** A 3-byte timestamp field at its maximum means "the real value follows in 4 more bytes" (§5.3.1.3). */
export const EXTENDED_TIMESTAMP = 0xffffff

interface LastHeader {
  streamId: number
  timestamp: number
  length: number
  type: number
}

/**
 * Messages → chunks (RTMP §5.3). Pure: one buffer out per message. The first chunk of a message carries a full
 * header (fmt 0) when its chunk stream is new, its message stream changed or time went backwards, else only the
 * timestamp delta (fmt 1, or fmt 2 when type and length repeat); the rest of the message follows in fmt 3 chunks.
 * A timestamp (or delta) of 0xFFFFFF or more goes in the extended field, repeated in every fmt 3 chunk of that
 * message, as ffmpeg, librtmp and nginx-rtmp expect: a show passes 0xFFFFFF ms after 4 h 40 min.
 */
export class RtmpChunkWriter {
  private size = DEFAULT_CHUNK_SIZE
  private readonly last = new Map<number, LastHeader>()

  get chunkSize(): number {
    return this.size
  }

  /** Later messages are cut at `size`. Send setChunkSizeMessage(size) first: the peer reads it at the old size. */
  setChunkSize(size: number): void {
    if (!Number.isInteger(size) || size < 1 || size > 0x7fffffff) throw new RangeError(`bad RTMP chunk size ${size}`)
    this.size = size
  }

  encode(message: RtmpMessage): Buffer {
    const { csid, type, streamId, payload } = message
    if (!Number.isInteger(csid) || csid < 2 || csid > 65599) throw new RangeError(`bad RTMP chunk stream id ${csid}`)
    const length = payload.length
    if (length > 0xffffff) throw new RangeError(`RTMP message too large (${length} bytes)`)
    const timestamp = message.timestamp >>> 0
    const prev = this.last.get(csid)
    const delta = prev !== undefined && prev.streamId === streamId && timestamp >= prev.timestamp
    const fmt = !delta ? 0 : prev.type === type && prev.length === length ? 2 : 1
    const field = delta ? timestamp - prev.timestamp : timestamp
    const extended = field >= EXTENDED_TIMESTAMP
    this.last.set(csid, { streamId, timestamp, length, type })

    const basic = basicHeaderSize(csid)
    const chunks = Math.max(1, Math.ceil(length / this.size))
    const extBytes = extended ? 4 : 0
    const total = basic + MESSAGE_HEADER_SIZE[fmt] + extBytes + length + (chunks - 1) * (basic + extBytes)
    const out = Buffer.allocUnsafe(total)

    let pos = writeBasicHeader(out, 0, fmt, csid)
    out.writeUIntBE(extended ? EXTENDED_TIMESTAMP : field, pos, 3)
    pos += 3
    if (fmt <= 1) {
      out.writeUIntBE(length, pos, 3)
      out[pos + 3] = type
      pos += 4
    }
    if (fmt === 0) {
      // The one little-endian field of the protocol.
      out.writeUInt32LE(streamId >>> 0, pos)
      pos += 4
    }
    if (extended) pos = out.writeUInt32BE(field >>> 0, pos)
    let offset = 0
    do {
      if (offset > 0) {
        pos = writeBasicHeader(out, pos, 3, csid)
        if (extended) pos = out.writeUInt32BE(field >>> 0, pos)
      }
      const end = Math.min(length, offset + this.size)
      pos += payload.copy(out, pos, offset, end)
      offset = end
    } while (offset < length)
    return out
  }
}

const MESSAGE_HEADER_SIZE = [11, 7, 3, 0]

function basicHeaderSize(csid: number): number {
  return csid < 64 ? 1 : csid < 320 ? 2 : 3
}

/** fmt in the top 2 bits; chunk stream ids 2-63 in one byte, 64-319 in two, up to 65599 in three (§5.3.1.1). */
function writeBasicHeader(out: Buffer, pos: number, fmt: number, csid: number): number {
  if (csid < 64) {
    out[pos] = (fmt << 6) | csid
    return pos + 1
  }
  if (csid < 320) {
    out[pos] = fmt << 6
    out[pos + 1] = csid - 64
    return pos + 2
  }
  out[pos] = (fmt << 6) | 1
  out.writeUInt16LE(csid - 64, pos + 1)
  return pos + 3
}
