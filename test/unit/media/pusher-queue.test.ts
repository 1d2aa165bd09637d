import { describe, expect, it } from 'vitest'
import { FLV_TAG_VIDEO } from '../../../src/main/core/media/flv-reader'
import { PusherQueue } from '../../../src/main/core/media/pusher-queue'
import { avcConfig, atag, tag, vtag } from './flv-helpers'

/** 30 fps video with a keyframe every `gop` frames, and audio beside it. */
function* media(fromMs: number, toMs: number, gop = 60) {
  for (let ts = fromMs, n = Math.round(fromMs / 33.333); ts < toMs; n++, ts = Math.round(n * 33.333)) {
    yield vtag(ts, n % gop === 0)
    yield atag(ts + 5)
  }
}

describe('PusherQueue (DESIGN §4: queue in ms of media, drop to the next keyframe past ~700 ms)', () => {
  it('measures the queue in milliseconds of media and congestion as queue ÷ 700 ms', () => {
    const q = new PusherQueue()
    q.enforceLimit = true
    for (const t of media(0, 351)) q.push(t)
    expect(q.queuedMs).toBe(338)
    expect(q.congestion).toBeCloseTo(338 / 700, 3)
    q.shift()
    q.shift()
    expect(q.queuedMs).toBe(305)
  })

  it('past 700 ms with no newer keyframe queued: drops everything and waits for the next keyframe', () => {
    const q = new PusherQueue()
    q.enforceLimit = true
    for (const t of media(0, 1000)) q.push(t) // keyframe at 0 only
    expect(q.queuedMs).toBeLessThanOrEqual(700)
    const droppedAt1s = q.droppedFrames
    expect(droppedAt1s).toBeGreaterThan(0)
    // Until the keyframe at 2000 ms, nothing gets in.
    for (const t of media(1000, 2000)) q.push(t)
    expect(q.length).toBe(0)
    for (const t of media(2000, 2100)) q.push(t)
    expect(q.shift()?.keyframe).toBe(true)
    expect(q.droppedFrames).toBeGreaterThan(droppedAt1s)
  })

  it('reports the peak congestion of each interval, and 1 while it drops', () => {
    const q = new PusherQueue()
    q.enforceLimit = true
    for (const t of media(0, 1000)) q.push(t)
    expect(q.congestion).toBe(1) // waiting for a keyframe
    expect(q.takePeakCongestion()).toBe(1)
    for (const t of media(2000, 2050)) q.push(t)
    expect(q.takePeakCongestion()).toBe(1) // the interval in which the wait ended still dropped
    for (const t of media(2050, 2300)) q.push(t)
    expect(q.takePeakCongestion()).toBeCloseTo(272 / 700, 2)
    while (q.length > 2) q.shift()
    expect(q.takePeakCongestion()).toBeLessThan(0.1)
  })

  it('keeps from a newer queued keyframe when that brings it under the limit', () => {
    const q = new PusherQueue(700)
    for (const t of media(0, 1500, 30)) q.push(t) // connecting: no limit yet; keyframes every 1 s
    q.enforceLimit = true
    q.push(vtag(1500))
    expect(q.shift()?.timestamp).toBe(1000)
    expect(q.queuedMs).toBeLessThanOrEqual(700)
  })

  it('never loses codec configuration in a drop', () => {
    const q = new PusherQueue()
    q.enforceLimit = true
    q.push(vtag(0, true))
    q.push(tag(avcConfig(), 10, FLV_TAG_VIDEO, false, true))
    for (const t of media(33, 900)) q.push(t)
    expect(q.shift()?.config).toBe(true)
  })

  it('while connecting it holds the cached GOP, but never more than ten times the limit', () => {
    const q = new PusherQueue()
    for (const t of media(0, 2000)) q.push(t)
    expect(q.queuedMs).toBeGreaterThan(1900)
    expect(q.droppedFrames).toBe(0)
    for (const t of media(2000, 9000)) q.push(t)
    expect(q.queuedMs).toBeLessThanOrEqual(7000)
  })
})
