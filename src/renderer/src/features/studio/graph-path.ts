/** A graph drawn in a 0..width × 0..height box (SVG y grows downwards): time along x, the value along y from 0 to `top`. */
export interface GraphBox {
  width: number
  height: number
}

/** How often a graph may be drawn again at most, and how many columns of time it has (its width in the viewBox). */
export const GRAPH_EVERY_MS = 2000
export const GRAPH_COLUMNS = 300

/**
 * Whether a graph of the whole show, last drawn at `drawnAt`, is due to be drawn again at `now`: once the show has
 * grown by a column of it (a 30-minute show: every 6 s; 4 hours: every 48 s), never more often than GRAPH_EVERY_MS.
 * Each drawing rasters every line again, and a drawing that moves nothing by a column shows nothing new.
 */
export function graphRedrawDue(start: number, drawnAt: number, now: number): boolean {
  const elapsed = now - drawnAt
  // A clock that went back (another session's figures, a corrected clock) redraws at once.
  return elapsed < 0 || elapsed >= Math.max(GRAPH_EVERY_MS, (now - start) / GRAPH_COLUMNS)
}

/** A round top for the y axis (1, 2 or 5 × 10ⁿ) at or above the largest value, so the scale does not jitter. */
export function niceTop(max: number): number {
  if (!(max > 0)) return 1
  const magnitude = 10 ** Math.floor(Math.log10(max))
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude
  return 10 * magnitude
}

/**
 * The SVG path of one series over the show: x from the first time to the last, y from 0 to `top`. Values are clamped
 * into the box (a congestion above the top stays on its edge). An empty or single-point series draws nothing / a dot.
 */
export function graphPath(times: number[], values: number[], top: number, box: GraphBox): string {
  if (times.length === 0) return ''
  const start = times[0]
  const span = Math.max(1, times[times.length - 1] - start)
  const y = (v: number) => box.height - (Math.min(Math.max(v, 0), top) / top) * box.height
  const x = (t: number) => ((t - start) / span) * box.width
  if (times.length === 1) return `M0,${round(y(values[0]))}H${box.width}`
  return times.map((t, i) => `${i === 0 ? 'M' : 'L'}${round(x(t))},${round(y(values[i]))}`).join('')
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}
