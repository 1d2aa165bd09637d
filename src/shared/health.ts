/**
 * Stream health (DESIGN §5): one pure function over the last few seconds of stats, with every threshold here so
 * the UI's tooltip shows the same numbers the score uses. Levels use the providers' own words (excellent,
 * acceptable, unstable) plus `offline` when nothing is flowing.
 */
import type { HealthCause, HealthLevel, LiveHealth, LiveStats } from './live'

export const HEALTH_THRESHOLDS = {
  /** Stats are sampled every 2 s and scored over this window. */
  windowMs: 4000,
  /** Congestion (pusher queue ÷ 700 ms) averaged over the window. */
  congestion: { acceptable: 0.15, unstable: 0.5 },
  /** Encoder speed below this for the whole window: the encoder cannot keep up. */
  speedOverloaded: 0.95,
  /** Dropped frames as a share of frames in the window. */
  droppedShare: { acceptable: 0.01, unstable: 0.05 },
  /** A reconnect this recent makes the stream unstable, then acceptable for the longer period. */
  reconnectMs: { unstable: 60_000, acceptable: 300_000 }
} as const

export interface HealthInputs {
  /** Stats of the window, oldest first. */
  samples: LiveStats[]
  /** When destinations last reconnected (ms since epoch). */
  reconnects: number[]
  /** True while any destination is live (not connecting or reconnecting). */
  flowing: boolean
  /** What the provider itself says, where it reports health. */
  providerHealth?: 'excellent' | 'acceptable' | 'unstable'
  now: number
}

const RANK: Record<HealthLevel, number> = { excellent: 0, acceptable: 1, unstable: 2, offline: 3 }

export function scoreHealth(inputs: HealthInputs): LiveHealth {
  const t = HEALTH_THRESHOLDS
  const samples = inputs.samples.filter((s) => s.time > inputs.now - t.windowMs)
  if (!inputs.flowing || samples.length === 0) {
    const cause: HealthCause = { code: inputs.flowing ? 'noData' : 'notReaching' }
    return { time: inputs.now, level: 'offline', reasons: [healthReasonText(cause)], causes: [cause] }
  }
  let level: HealthLevel = 'excellent'
  const causes: HealthCause[] = []
  const raise = (to: HealthLevel, cause: HealthCause) => {
    if (RANK[to] > RANK[level]) level = to
    causes.push(cause)
  }

  const congestion = average(samples.map((s) => Math.max(0, ...s.destinations.map((d) => d.congestion))))
  if (congestion >= t.congestion.unstable) raise('unstable', { code: 'congested', percent: percent(congestion) })
  else if (congestion >= t.congestion.acceptable) raise('acceptable', { code: 'congestion', percent: percent(congestion) })

  if (samples.length >= 2 && samples.every((s) => s.speed > 0 && s.speed < t.speedOverloaded)) {
    raise('unstable', { code: 'overloaded', speed: Math.min(...samples.map((s) => s.speed)).toFixed(2) })
  }

  const first = samples[0]
  const last = samples[samples.length - 1]
  const frames = Math.max(1, last.fps * ((last.time - first.time) / 1000 || 1))
  const dropped = Math.max(0, last.droppedFrames - first.droppedFrames) + Math.max(0, sumDrops(last) - sumDrops(first))
  const share = dropped / frames
  if (share >= t.droppedShare.unstable) raise('unstable', { code: 'dropped', percent: percent(share) })
  else if (share >= t.droppedShare.acceptable) raise('acceptable', { code: 'dropped', percent: percent(share) })

  const lastReconnect = Math.max(0, ...inputs.reconnects)
  if (lastReconnect > inputs.now - t.reconnectMs.unstable) raise('unstable', { code: 'reconnectedMinute' })
  else if (lastReconnect > inputs.now - t.reconnectMs.acceptable) raise('acceptable', { code: 'reconnectedRecently' })

  if (inputs.providerHealth && inputs.providerHealth !== 'excellent') raise(inputs.providerHealth, { code: 'provider', level: inputs.providerHealth })
  return { time: inputs.now, level, reasons: causes.map(healthReasonText), causes }
}

/** A cause in English, for the CLI and the session file; the app says each cause in its own language from its code. */
export function healthReasonText(cause: HealthCause): string {
  switch (cause.code) {
    case 'noData':
      return 'no data from the encoder'
    case 'notReaching':
      return 'nothing is reaching the ingest'
    case 'congested':
      return `network congested (${cause.percent} % of the 700 ms buffer)`
    case 'congestion':
      return `network congestion ${cause.percent} %`
    case 'overloaded':
      return `encoder overloaded (speed ${cause.speed}×)`
    case 'dropped':
      return `${cause.percent} % of frames dropped`
    case 'reconnectedMinute':
      return 'reconnected in the last minute'
    case 'reconnectedRecently':
      return 'reconnected in the last 5 minutes'
    case 'provider':
      return `provider reports ${cause.level}`
  }
}

function sumDrops(s: LiveStats): number {
  return s.destinations.reduce((n, d) => n + d.droppedFrames, 0)
}

function average(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0
}

function percent(x: number): number {
  return Math.round(x * 100)
}
