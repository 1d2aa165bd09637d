import { describe, expect, it } from 'vitest'
import { JpegSplitter } from '../../../src/main/core/media/jpeg-splitter'
import { StallWatchdog } from '../../../src/main/core/media/stall-watchdog'
import { aggregateStats, kbpsBetween } from '../../../src/main/core/media/media-stats'
import { ProgressParser } from '../../../src/main/core/media/progress-parser'

const jpeg = (n: number) => Buffer.from([0xff, 0xd8, 0xff, 0xe0, n, 0xff, 0x00, 0x12, 0xff, 0xd9])

describe('JpegSplitter', () => {
  it('cuts an MJPEG pipe into whole frames, whatever the chunking', () => {
    const all = Buffer.concat([jpeg(1), jpeg(2), jpeg(3)])
    for (const size of [1, 3, 10, 30]) {
      const s = new JpegSplitter()
      const frames: Buffer[] = []
      for (let i = 0; i < all.length; i += size) frames.push(...s.push(all.subarray(i, i + size)))
      expect(frames.map((f) => f[4])).toEqual([1, 2, 3])
      expect(frames.every((f) => f.length === 10)).toBe(true)
    }
  })
  it('skips garbage before a frame and drops oversized ones', () => {
    expect(new JpegSplitter().push(Buffer.concat([Buffer.from('junk'), jpeg(7)])).map((f) => f[4])).toEqual([7])
    const s = new JpegSplitter(16)
    expect(s.push(Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(40)]))).toEqual([])
    expect(s.push(jpeg(9)).map((f) => f[4])).toEqual([9])
  })
})

describe('StallWatchdog', () => {
  it('reports a stall after 5 s without progress, once, and the recovery, once', () => {
    const w = new StallWatchdog(0)
    w.progress(500, 500)
    expect(w.check(5000)).toBe(null)
    // Progress blocks that repeat the same output time are not progress.
    w.progress(3000, 500)
    expect(w.check(5600)).toBe('stalled')
    expect(w.check(9000)).toBe(null)
    w.progress(9500, 900)
    expect(w.check(9600)).toBe('recovered')
    expect(w.check(9700)).toBe(null)
  })
})

describe('stats', () => {
  it('turns byte totals into kbps between samples', () => {
    expect(kbpsBetween(undefined, 1000, 5000)).toBe(0)
    expect(kbpsBetween({ time: 0, bytes: 0 }, 1000, 312_500)).toBe(2500)
    expect(kbpsBetween({ time: 1000, bytes: 10 }, 1000, 20)).toBe(0)
  })

  it('aggregates encoder progress and per-destination figures into one live:stats sample', () => {
    const memory = new Map()
    const progress = new ProgressParser().push(
      'frame=90\nfps=30.0\nbitrate=N/A\ntotal_size=N/A\nout_time_us=3000000\ndup_frames=1\ndrop_frames=2\nspeed=1.01x\nprogress=continue\n'
    )[0]
    const pusher = { id: 'd1', state: 'live' as const, bytesSent: 0, congestion: 0.25, queueMs: 175, droppedFrames: 3, reconnects: 1 }
    aggregateStats(0, progress, 0, [pusher], memory)
    const s = aggregateStats(1000, progress, 320_000, [{ ...pusher, bytesSent: 312_500 }], memory)
    expect(s).toEqual({
      fps: 30,
      bitrateKbps: 2560,
      speed: 1.01,
      droppedFrames: 2,
      duplicatedFrames: 1,
      mediaTimeMs: 3000,
      destinations: [{ id: 'd1', state: 'live', bytesSent: 312_500, kbps: 2500, congestion: 0.25, queueMs: 175, droppedFrames: 3, reconnects: 1 }]
    })
  })
})
