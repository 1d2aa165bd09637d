/**
 * A streaming reader of FLV (the encoder's output on stdout). Pure: feed it chunks of any size, get back whole
 * tags. Each tag keeps its raw bytes (11-byte header + body + 4-byte PreviousTagSize), so the fan-out can hand the
 * very same bytes to every pusher without re-muxing.
 * Format: https://rtmp.veriskope.com/pdf/video_file_format_spec_v10_1.pdf (Annex E)
 */
export const FLV_TAG_AUDIO = 8
export const FLV_TAG_VIDEO = 9
export const FLV_TAG_SCRIPT = 18

export interface FlvTag {
  type: number
  /** Decode timestamp in ms (with the extended byte). */
  timestamp: number
  /** A video keyframe (frame type 1): a new GOP starts here. */
  keyframe: boolean
  /** Codec configuration (AVC sequence header / AAC AudioSpecificConfig): needed once by every new pusher. */
  config: boolean
  /** The raw tag bytes, PreviousTagSize included. */
  bytes: Buffer
}

export interface FlvHeader {
  hasAudio: boolean
  hasVideo: boolean
  /** The header plus PreviousTagSize0, ready to write to a pusher. */
  bytes: Buffer
}

const HEADER_SIZE = 9
const TAG_HEADER_SIZE = 11
/** A tag larger than this is corrupt input, not media (a 4K keyframe is a couple of MB at most). */
const MAX_TAG_SIZE = 8 * 1024 * 1024

export class FlvFormatError extends Error {}

export class FlvReader {
  private chunks: Buffer[] = []
  private buffered = 0
  private headerDone = false
  header: FlvHeader | null = null

  /** Returns the tags completed by this chunk. Throws FlvFormatError on input that is not FLV. */
  push(chunk: Buffer): FlvTag[] {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    const tags: FlvTag[] = []
    if (!this.headerDone) {
      if (this.buffered < HEADER_SIZE) return tags
      const head = this.peek(HEADER_SIZE)
      if (head.toString('latin1', 0, 3) !== 'FLV') throw new FlvFormatError('not an FLV stream')
      const offset = head.readUInt32BE(5)
      if (offset < HEADER_SIZE || offset > 1024) throw new FlvFormatError(`bad FLV header size ${offset}`)
      if (this.buffered < offset + 4) return tags
      const bytes = this.take(offset + 4)
      this.header = { hasAudio: (head[4] & 0x04) !== 0, hasVideo: (head[4] & 0x01) !== 0, bytes }
      this.headerDone = true
    }
    for (;;) {
      if (this.buffered < TAG_HEADER_SIZE) break
      const th = this.peek(TAG_HEADER_SIZE)
      const type = th[0] & 0x1f
      const dataSize = th.readUIntBE(1, 3)
      if (dataSize > MAX_TAG_SIZE) throw new FlvFormatError(`FLV tag too large (${dataSize} bytes)`)
      const total = TAG_HEADER_SIZE + dataSize + 4
      if (this.buffered < total) break
      const bytes = this.take(total)
      // 24-bit timestamp plus the extended byte as the upper 8 bits.
      const timestamp = (th[7] << 24) + th.readUIntBE(4, 3)
      tags.push(describeTag(type, timestamp, bytes))
    }
    return tags
  }

  private peek(n: number): Buffer {
    if (this.chunks[0].length >= n) return this.chunks[0].subarray(0, n)
    const joined = Buffer.concat(this.chunks)
    this.chunks = [joined]
    return joined.subarray(0, n)
  }

  private take(n: number): Buffer {
    if (this.chunks[0].length < n) this.chunks = [Buffer.concat(this.chunks)]
    const first = this.chunks[0]
    this.buffered -= n
    if (first.length === n) {
      // ffmpeg flushes each packet, so a read is usually exactly one tag: hand it over as it is.
      this.chunks.shift()
      return first
    }
    this.chunks[0] = first.subarray(n)
    // Copy, so a cached tag does not pin the whole (up to 64 KB) read chunk in memory.
    return Buffer.from(first.subarray(0, n))
  }
}

function describeTag(type: number, timestamp: number, bytes: Buffer): FlvTag {
  const body = TAG_HEADER_SIZE
  let keyframe = false
  let config = false
  if (type === FLV_TAG_VIDEO && bytes.length > body) {
    const frameType = bytes[body] >> 4
    const codecId = bytes[body] & 0x0f
    keyframe = frameType === 1
    // AVC (7) and HEVC-in-FLV (12): AVCPacketType 0 is the sequence header.
    if ((codecId === 7 || codecId === 12) && bytes.length > body + 1) config = bytes[body + 1] === 0
    if (config) keyframe = false
  } else if (type === FLV_TAG_AUDIO && bytes.length > body + 1) {
    // AAC (sound format 10): AACPacketType 0 is the AudioSpecificConfig.
    config = bytes[body] >> 4 === 10 && bytes[body + 1] === 0
  }
  return { type, timestamp, keyframe, config, bytes }
}

/** Builds one FLV tag (tests and tools): header + body + PreviousTagSize. */
export function buildFlvTag(type: number, timestamp: number, body: Buffer): Buffer {
  const out = Buffer.alloc(TAG_HEADER_SIZE + body.length + 4)
  out[0] = type
  out.writeUIntBE(body.length, 1, 3)
  out.writeUIntBE(timestamp & 0xffffff, 4, 3)
  out[7] = (timestamp >>> 24) & 0xff
  body.copy(out, TAG_HEADER_SIZE)
  out.writeUInt32BE(TAG_HEADER_SIZE + body.length, TAG_HEADER_SIZE + body.length)
  return out
}

export function buildFlvHeader(hasAudio: boolean, hasVideo: boolean): Buffer {
  const out = Buffer.alloc(HEADER_SIZE + 4)
  out.write('FLV', 0, 'latin1')
  out[3] = 1
  out[4] = (hasAudio ? 0x04 : 0) | (hasVideo ? 0x01 : 0)
  out.writeUInt32BE(HEADER_SIZE, 5)
  return out
}
