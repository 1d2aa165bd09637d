import { describe, expect, it } from 'vitest'
import type { LiveStats } from '../../../src/shared/live'
import { StatsHistory } from '../../../src/shared/stats-history'

const stats = (time: number, kbps: number, congestion = 0): LiveStats => ({
  time,
  fps: 30,
  bitrateKbps: 2500,
  speed: 1,
  droppedFrames: 0,
  duplicatedFrames: 0,
  destinations: [{ id: 'd1', bytesSent: 0, kbps, congestion, droppedFrames: 0, reconnects: 0 }]
})

describe('the show’s graph history', () => {
  it('keeps every sample of a short show as it came', () => {
    const h = new StatsHistory(10)
    for (let i = 0; i < 5; i++) h.add(stats(i * 1000, 1000 + i))
    expect(h.all().map((p) => p.sent.d1)).toEqual([1000, 1001, 1002, 1003, 1004])
  })

  it('stays bounded over a 4-hour show, covers all of it, and keeps a congestion spike', () => {
    const h = new StatsHistory(720)
    const seconds = 4 * 3600
    for (let i = 0; i < seconds; i++) h.add(stats(i * 1000, i >= 7200 && i < 7210 ? 0 : 2500, i === 9000 ? 0.9 : 0.01))
    const points = h.all()
    expect(points.length).toBeLessThanOrEqual(720)
    expect(points.length).toBeGreaterThan(360)
    expect(points[0].time).toBeLessThan(60_000)
    expect(points.at(-1)!.time).toBe((seconds - 1) * 1000)
    expect(Math.max(...points.map((p) => p.congestion))).toBe(0.9)
    // A 10 s outage is still visible as a dip in the bitrate sent.
    expect(Math.min(...points.map((p) => p.sent.d1))).toBeLessThan(2500)
  })

  it('a history rebuilt from a snapshot goes on folding at the same ratio', () => {
    const h = new StatsHistory(8)
    for (let i = 0; i < 40; i++) h.add(stats(i * 1000, 2000))
    const copy = StatsHistory.from(h.all(), h.samplesPerPoint(), 8)
    for (let i = 40; i < 48; i++) {
      h.add(stats(i * 1000, 2000))
      copy.add(stats(i * 1000, 2000))
    }
    expect(copy.all().length).toBeLessThanOrEqual(8)
    expect(copy.all().at(-1)!.time).toBe(h.all().at(-1)!.time)
  })
})
