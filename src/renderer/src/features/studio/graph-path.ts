/** A graph drawn in a 0..width × 0..height box (SVG y grows downwards): time along x, the value along y from 0 to `top`. */
export interface GraphBox {
  width: number
  height: number
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
