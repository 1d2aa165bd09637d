import type { DestinationStats, LiveStats } from '../../../shared/live'
import type { FfmpegProgress } from './progress-parser'
import type { PusherStats } from './pusher'

/** Bytes counted at the previous sample, per id, to turn totals into kbps. */
export type RateMemory = Map<string, { time: number; bytes: number }>

/** kbps between two samples of a byte total. Pure. */
export function kbpsBetween(prev: { time: number; bytes: number } | undefined, time: number, bytes: number): number {
  if (!prev || time <= prev.time) return 0
  return Math.max(0, Math.round(((bytes - prev.bytes) * 8) / (time - prev.time)))
}

/**
 * One `live:stats` sample (issue 4 item 5): encoder figures from `-progress`, the encoder's output rate from the
 * FLV bytes it wrote (the tee muxer reports no size), and per destination bytes, kbps, congestion, drops, reconnects.
 */
export function aggregateStats(
  now: number,
  progress: FfmpegProgress | null,
  encoderBytes: number,
  pushers: PusherStats[],
  memory: RateMemory
): Omit<LiveStats, 'time'> {
  const encoderKbps = kbpsBetween(memory.get('encoder'), now, encoderBytes)
  memory.set('encoder', { time: now, bytes: encoderBytes })
  const destinations: DestinationStats[] = pushers.map((p) => {
    const kbps = kbpsBetween(memory.get(p.id), now, p.bytesSent)
    memory.set(p.id, { time: now, bytes: p.bytesSent })
    return {
      id: p.id,
      state: p.state === 'stopped' ? 'ended' : p.state,
      bytesSent: p.bytesSent,
      kbps,
      congestion: p.congestion,
      queueMs: p.queueMs,
      droppedFrames: p.droppedFrames,
      reconnects: p.reconnects
    }
  })
  return {
    fps: progress?.fps ?? 0,
    bitrateKbps: encoderKbps,
    speed: progress?.speed ?? 0,
    droppedFrames: progress?.dropFrames ?? 0,
    duplicatedFrames: progress?.dupFrames ?? 0,
    mediaTimeMs: Math.round(progress?.outTimeMs ?? 0),
    destinations
  }
}
