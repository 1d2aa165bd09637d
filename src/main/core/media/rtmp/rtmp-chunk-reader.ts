import { DEFAULT_CHUNK_SIZE, EXTENDED_TIMESTAMP } from './rtmp-chunk-writer'
import { MSG, type RtmpMessage } from './rtmp-message'

export class RtmpProtocolError extends Error {}

interface ChunkStream {
  streamId: number
  type: number
  length: number
  timestamp: number
  /** The last delta (fmt 1/2), applied again by a fmt 3 chunk that starts a new message. */
  delta: number
  /** The last fmt 0-2 header used the extended field, so its fmt 3 chunks carry it too. */
  extended: boolean
  parts: Buffer[]
  received: number
  /** A message is in progress on this chunk stream. */
  open: boolean
}

/**
 * Chunks from the server → whole messages (RTMP §5.3). Pure: push bytes as they arrive, in pieces of any size,
 * and get back the messages they completed. Any chunk stream id, fmt 0-3, extended timestamps; the server's Set
 * Chunk Size and Abort take effect at once, as they must for the very next chunk. A chunk is consumed only when
 * it is complete, so a read that ends mid-header just waits for more.
 */
export class RtmpChunkReader {
  private size = DEFAULT_CHUNK_SIZE
  private pending: Buffer = Buffer.alloc(0)
  private readonly streams = new Map<number, ChunkStream>()

  /** Messages larger than this are an attack or a bug: a publisher only ever receives small commands. */
  constructor(private readonly maxMessageSize = 1024 * 1024) {}

  get chunkSize(): number {
    return this.size
  }

  /** Throws RtmpProtocolError on input no RTMP server sends. */
  push(data: Buffer): RtmpMessage[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data
    const out: RtmpMessage[] = []
    let pos = 0
    for (;;) {
      const used = this.readChunk(pos, out)
      if (used === 0) break
      pos += used
    }
    this.pending = pos === this.pending.length ? Buffer.alloc(0) : this.pending.subarray(pos)
    return out
  }

  /** Reads one chunk at `start`; returns the bytes it took, or 0 when the chunk is not all there yet. */
  private readChunk(start: number, out: RtmpMessage[]): number {
    const buf = this.pending
    if (start >= buf.length) return 0
    let pos = start
    const fmt = buf[pos] >> 6
    let csid = buf[pos] & 0x3f
    pos += 1
    if (csid === 0) {
      if (buf.length < pos + 1) return 0
      csid = 64 + buf[pos]
      pos += 1
    } else if (csid === 1) {
      if (buf.length < pos + 2) return 0
      csid = 64 + buf.readUInt16LE(pos)
      pos += 2
    }
    const headerSize = [11, 7, 3, 0][fmt]
    if (buf.length < pos + headerSize) return 0
    const known = this.streams.get(csid)
    if (fmt !== 0 && !known) throw new RtmpProtocolError(`chunk stream ${csid} starts without a full header`)
    const field = fmt <= 2 ? buf.readUIntBE(pos, 3) : 0
    const extended = fmt <= 2 ? field === EXTENDED_TIMESTAMP : Boolean(known?.extended)
    const length = fmt <= 1 ? buf.readUIntBE(pos + 3, 3) : (known as ChunkStream).length
    const type = fmt <= 1 ? buf[pos + 6] : (known as ChunkStream).type
    const streamId = fmt === 0 ? buf.readUInt32LE(pos + 7) : (known as ChunkStream).streamId
    pos += headerSize
    if (extended && buf.length < pos + 4) return 0
    const value = extended ? buf.readUInt32BE(pos) : field
    if (extended) pos += 4

    // A fmt 3 chunk continues the open message, if any; any other header starts a new one.
    const continuing = fmt === 3 && known?.open === true
    if (!continuing && length > this.maxMessageSize) throw new RtmpProtocolError(`RTMP message too large (${length} bytes)`)
    const received = continuing ? (known as ChunkStream).received : 0
    const take = Math.min(this.size, length - received)
    if (buf.length < pos + take) return 0

    // The whole chunk is here: now the stream's state may change.
    let stream = known
    if (!stream) {
      stream = { streamId, type, length, timestamp: 0, delta: 0, extended: false, parts: [], received: 0, open: false }
      this.streams.set(csid, stream)
    }
    if (!continuing) {
      if (fmt === 0) {
        stream.timestamp = value
        stream.delta = 0
      } else {
        if (fmt !== 3) stream.delta = value
        stream.timestamp = (stream.timestamp + stream.delta) >>> 0
      }
      if (fmt <= 2) stream.extended = extended
      Object.assign(stream, { streamId, type, length, parts: [], received: 0, open: true })
    }
    if (take > 0) stream.parts.push(buf.subarray(pos, pos + take))
    stream.received += take
    pos += take
    if (stream.received === stream.length) {
      stream.open = false
      const payload = stream.parts.length === 1 ? Buffer.from(stream.parts[0]) : Buffer.concat(stream.parts)
      stream.parts = []
      const message = { csid, type: stream.type, streamId: stream.streamId, timestamp: stream.timestamp, payload }
      this.control(message)
      out.push(message)
    }
    return pos - start
  }

  /** Set Chunk Size and Abort change how the next chunk is read, so they act here, not in the caller. */
  private control(message: RtmpMessage): void {
    if (message.type === MSG.setChunkSize && message.payload.length >= 4) {
      const size = message.payload.readUInt32BE(0) & 0x7fffffff
      if (size < 1) throw new RtmpProtocolError('the server set a chunk size of 0')
      this.size = size
    } else if (message.type === MSG.abort && message.payload.length >= 4) {
      const stream = this.streams.get(message.payload.readUInt32BE(0))
      if (stream) Object.assign(stream, { open: false, parts: [], received: 0 })
    }
  }
}
