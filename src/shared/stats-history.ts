import type { LiveStats } from './live'

/** One point of the show's graphs: the encoder's figures and, per destination, what was sent and how congested it was. */
export interface StatsPoint {
  time: number
  fps: number
  speed: number
  /** Bitrate sent per destination id (kbps): 0 during an outage, the fan-out's figure (DESIGN §4). */
  sent: Record<string, number>
  /** The worst destination's congestion (queue ÷ 700 ms). */
  congestion: number
}

/** Points kept for a whole show: a 4-hour show at one sample a second is folded down to this many. */
export const STATS_HISTORY_MAX = 720

export function statsPoint(stats: LiveStats): StatsPoint {
  const sent: Record<string, number> = {}
  for (const d of stats.destinations) sent[d.id] = Math.max(0, d.kbps)
  return {
    time: stats.time,
    fps: stats.fps,
    speed: stats.speed,
    sent,
    congestion: Math.max(0, ...stats.destinations.map((d) => d.congestion))
  }
}

/**
 * The graphs' data over the whole show, cheap however long it lasts: once full, neighbouring points are folded in
 * pairs (averaged; congestion keeps the worst, so a spike never disappears), and new samples are folded at the same
 * ratio. Memory and drawing cost stay bounded at STATS_HISTORY_MAX points. Used by core (for a window that opens
 * mid-show) and by the renderer (as stats arrive), so both draw the same thing.
 */
export class StatsHistory {
  private points: StatsPoint[] = []
  /** How many samples each point stands for, and the samples waiting to become the next point. */
  private perPoint = 1
  private pending: StatsPoint[] = []

  constructor(private readonly max = STATS_HISTORY_MAX) {}

  static from(points: StatsPoint[], perPoint: number, max = STATS_HISTORY_MAX): StatsHistory {
    const history = new StatsHistory(max)
    history.points = points.slice(-max)
    history.perPoint = Math.max(1, Math.floor(perPoint))
    return history
  }

  add(stats: LiveStats): void {
    this.pending.push(statsPoint(stats))
    if (this.pending.length < this.perPoint) return
    this.points.push(fold(this.pending))
    this.pending = []
    if (this.points.length >= this.max) {
      const folded: StatsPoint[] = []
      for (let i = 0; i < this.points.length; i += 2) folded.push(fold(this.points.slice(i, i + 2)))
      this.points = folded
      this.perPoint *= 2
    }
  }

  /** Every point, oldest first, with the samples not yet folded as a last point (the graph reaches now). */
  all(): StatsPoint[] {
    return this.pending.length ? [...this.points, fold(this.pending)] : [...this.points]
  }

  samplesPerPoint(): number {
    return this.perPoint
  }
}

function fold(points: StatsPoint[]): StatsPoint {
  if (points.length === 1) return points[0]
  const mean = (f: (p: StatsPoint) => number) => points.reduce((n, p) => n + f(p), 0) / points.length
  const ids = [...new Set(points.flatMap((p) => Object.keys(p.sent)))]
  return {
    time: points[points.length - 1].time,
    fps: mean((p) => p.fps),
    speed: mean((p) => p.speed),
    sent: Object.fromEntries(ids.map((id) => [id, mean((p) => p.sent[id] ?? 0)])),
    congestion: Math.max(...points.map((p) => p.congestion))
  }
}
