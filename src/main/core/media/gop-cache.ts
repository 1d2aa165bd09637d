import { FLV_TAG_AUDIO, FLV_TAG_SCRIPT, FLV_TAG_VIDEO, type FlvTag } from './flv-reader'

/**
 * What a (re)started pusher needs before live tags (DESIGN §4): the metadata, the codec configuration, and the
 * current GOP from its keyframe, so the ingest gets a decodable picture at once. Ready once the FLV header and a
 * keyframe have been seen.
 */
export class GopCache {
  private header: Buffer | null = null
  private metadata: FlvTag | null = null
  private videoConfig: FlvTag | null = null
  private audioConfig: FlvTag | null = null
  private gop: FlvTag[] = []

  /** A GOP longer than this means the encoder sends no keyframes; keep memory bounded anyway. */
  constructor(private readonly maxGopMs = 10_000) {}

  setHeader(bytes: Buffer): void {
    this.header = bytes
  }

  add(tag: FlvTag): void {
    if (tag.type === FLV_TAG_SCRIPT) {
      this.metadata ??= tag
      return
    }
    if (tag.config) {
      if (tag.type === FLV_TAG_VIDEO) this.videoConfig = tag
      else if (tag.type === FLV_TAG_AUDIO) this.audioConfig = tag
      return
    }
    if (tag.keyframe) {
      this.gop = [tag]
      return
    }
    // Before the first keyframe there is nothing decodable to cache.
    if (this.gop.length === 0) return
    this.gop.push(tag)
    if (tag.timestamp - this.gop[0].timestamp > this.maxGopMs) this.gop = []
  }

  /** True once a new pusher could start on a keyframe. */
  get ready(): boolean {
    return this.header !== null && this.gop.length > 0
  }

  /** What a new RTMP publish sends before any media: metadata, then the codec configurations. */
  configTags(): FlvTag[] {
    return [this.metadata, this.videoConfig, this.audioConfig].filter((t): t is FlvTag => t !== null)
  }

  /** The current GOP, keyframe first. */
  currentGop(): FlvTag[] {
    return [...this.gop]
  }
}
