import type { LogEvent } from '../../../../shared/live'
import type { ProviderId } from '../../../../shared/providers'

/** Where a log line comes from: Onair itself, or a provider's own event. */
export type LogSourceFilter = 'all' | 'local' | ProviderId
/** `warn` keeps warnings and errors. */
export type LogLevelFilter = 'all' | 'warn' | 'error'

export interface LogFilter {
  source: LogSourceFilter
  level: LogLevelFilter
}

export const ALL_LOG: LogFilter = { source: 'all', level: 'all' }

const LEVEL_RANK: Record<LogEvent['level'], number> = { info: 0, warn: 1, error: 2 }

export function matchesLogFilter(event: LogEvent, filter: LogFilter): boolean {
  if (filter.source !== 'all' && (event.source ?? 'local') !== filter.source) return false
  if (filter.level !== 'all' && LEVEL_RANK[event.level] < LEVEL_RANK[filter.level]) return false
  return true
}

/** The providers that spoke in this log, in the order they first did: the source filter offers only those. */
export function providersInLog(log: LogEvent[]): ProviderId[] {
  const seen: ProviderId[] = []
  for (const event of log) if (event.source && !seen.includes(event.source)) seen.push(event.source)
  return seen
}
