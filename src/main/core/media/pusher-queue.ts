import { FLV_TAG_VIDEO, type FlvTag } from './flv-reader'

/** Past this much queued media a pusher drops to the next keyframe (DESIGN §4); congestion = queue ÷ this. */
export const QUEUE_LIMIT_MS = 700

/**
 * One pusher's queue of tags not yet handed to its ffmpeg, measured in milliseconds of media. Pure. The fan-out
 * only ever appends, so a slow or dead pusher never blocks the encoder: past the limit, the queue drops to the
 * next keyframe (a pusher cannot resume mid-GOP without a broken picture).
 */
export class PusherQueue {
  private tags: FlvTag[] = []
  private waitingForKeyframe = false
  private peak = 0
  /** Video frames dropped for congestion since the start. */
  droppedFrames = 0
  droppedBytes = 0
  /** While a pusher connects, the cached GOP and the first live tags wait here; dropping starts once it is live. */
  enforceLimit = false

  constructor(private readonly limitMs = QUEUE_LIMIT_MS) {}

  get length(): number {
    return this.tags.length
  }

  /** Milliseconds of media waiting, newest minus oldest timestamp. */
  get queuedMs(): number {
    if (this.tags.length < 2) return 0
    return Math.max(0, this.tags[this.tags.length - 1].timestamp - this.tags[0].timestamp)
  }

  /** Queue ÷ limit; while it waits for a keyframe after a drop, the link is saturated: 1. */
  get congestion(): number {
    return this.waitingForKeyframe ? 1 : this.queuedMs / this.limitMs
  }

  /**
   * The highest congestion since the last call (one stats interval): a queue that fills up and drops between two
   * samples must still show, or a stuck link would look idle half of the time.
   */
  takePeakCongestion(): number {
    const peak = Math.max(this.peak, this.congestion)
    this.peak = 0
    return peak
  }

  push(tag: FlvTag): void {
    if (this.waitingForKeyframe) {
      this.peak = 1
      if (!tag.keyframe && !tag.config) return this.count(tag)
      if (tag.keyframe) this.waitingForKeyframe = false
    }
    this.tags.push(tag)
    if (this.enforceLimit) this.peak = Math.max(this.peak, Math.min(1, this.congestion))
    if (this.enforceLimit && this.queuedMs > this.limitMs) this.dropToNextKeyframe()
    // Even while connecting, never hold more than a few GOPs.
    else if (this.queuedMs > this.limitMs * 10) this.dropToNextKeyframe()
  }

  shift(): FlvTag | undefined {
    return this.tags.shift()
  }

  clear(): void {
    this.tags = []
    this.waitingForKeyframe = false
  }

  /** Keep from the newest keyframe if that brings the queue under the limit; otherwise drop all and wait for one. */
  private dropToNextKeyframe(): void {
    const newest = this.tags[this.tags.length - 1].timestamp
    let keep = -1
    for (let i = this.tags.length - 1; i > 0; i--) {
      if (this.tags[i].keyframe) {
        if (newest - this.tags[i].timestamp <= this.limitMs) keep = i
        break
      }
    }
    const dropped = keep > 0 ? this.tags.splice(0, keep) : this.tags.splice(0)
    // Codec configuration must survive a drop: the pusher's decoder state depends on it.
    const configs = dropped.filter((t) => t.config)
    for (const t of dropped) if (!t.config) this.count(t)
    this.tags.unshift(...configs)
    if (keep <= 0) this.waitingForKeyframe = true
  }

  private count(tag: FlvTag): void {
    if (tag.type === FLV_TAG_VIDEO) this.droppedFrames += 1
    this.droppedBytes += tag.bytes.length
  }
}
