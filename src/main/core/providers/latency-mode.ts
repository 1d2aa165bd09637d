import type { LatencyMode } from '../media/encoder-args'

/**
 * A channel's latency `mode` as Sigma and the v1.0-poc API spell it (`normal`, `low-latency`, `ultra-low-latency`,
 * providers/sigma.md, livestream-api.md §mode) in our words; undefined for anything else, so the encoder keeps 2 s.
 */
export function latencyOfMode(mode: unknown): LatencyMode | undefined {
  if (typeof mode !== 'string') return undefined
  const m = mode.trim().toLowerCase()
  if (m === 'ultra-low-latency') return 'ultra-low'
  if (m === 'low-latency') return 'low'
  if (m === 'normal') return 'normal'
  return undefined
}
