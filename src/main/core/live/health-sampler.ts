import { HEALTH_THRESHOLDS, scoreHealth } from '../../../shared/health'
import type { LiveHealth, LiveStats } from '../../../shared/live'
import type { ProviderReportedStatus } from './ingest-resolver'

type ProviderHealth = ProviderReportedStatus['health']

const HEALTH_RANK = { excellent: 0, acceptable: 1, unstable: 2 } as const

/**
 * The health sampler (DESIGN §5, §3 live/): keeps the last few seconds of stats, the session's reconnects and what
 * each provider says of the stream, and scores them every 2 s with the pure function in shared/health, and at the
 * first sample after a destination changed state (a badge saying "Excellent" beside a push that just dropped, or
 * "Offline" beside one back live, would be wrong for up to 2 s).
 */
export class HealthSampler {
  private window: LiveStats[] = []
  private reconnects: number[] = []
  private readonly providerHealth = new Map<string, ProviderHealth>()
  private lastScoredAt = 0
  /** A destination changed state since the last score: the next sample is scored at once. */
  private due = false

  /** A destination came back after a reconnect: it weighs on health for the next minutes. */
  reconnected(at: number): void {
    this.reconnects.push(at)
  }

  /** A destination went live, reconnecting, offline or failed. */
  destinationChanged(): void {
    this.due = true
  }

  /** What a destination's provider last said of the stream's health (where it reports one). */
  provider(id: string, health: ProviderHealth): void {
    this.providerHealth.set(id, health)
  }

  /** Adds a stats sample; returns a score when 2 s have passed since the last one or a destination changed, else null. */
  sample(stats: LiveStats, flowing: boolean): LiveHealth | null {
    this.window.push(stats)
    this.window = this.window.filter((s) => s.time > stats.time - HEALTH_THRESHOLDS.windowMs - 1000)
    if (!this.due && stats.time - this.lastScoredAt < 2000 - 100) return null
    this.lastScoredAt = stats.time
    this.due = false
    return scoreHealth({ samples: this.window, reconnects: this.reconnects, flowing, providerHealth: this.worstProviderHealth(), now: stats.time })
  }

  private worstProviderHealth(): ProviderHealth {
    return [...this.providerHealth.values()].filter((h) => h !== undefined).sort((a, b) => HEALTH_RANK[b!] - HEALTH_RANK[a!])[0]
  }
}
