import type { SessionDetail, SessionReport } from '../../../../shared/sessions'

/** The name an exported show gets: when it started (UTC, sortable) and the first part of its id. */
export function exportFileName(report: Pick<SessionReport, 'id' | 'start'>): string {
  const stamp = new Date(report.start).toISOString().slice(0, 19).replace(/[:T]/g, '-')
  return `onair-show-${stamp}-${report.id.slice(0, 8)}.json`
}

/** What Export JSON saves: the report, the whole log and the graphs' points, as main gave them. */
export function exportJson(detail: SessionDetail): string {
  return `${JSON.stringify({ version: 1, ...detail }, null, 2)}\n`
}

/** Share of the scored time at each level, as whole percents that add up to 100 (largest remainders). */
export function healthPercents(shares: Record<string, number>): Record<string, number> {
  const entries = Object.entries(shares)
  const total = entries.reduce((n, [, v]) => n + v, 0)
  if (total <= 0) return Object.fromEntries(entries.map(([k]) => [k, 0]))
  const exact = entries.map(([k, v]) => [k, (v / total) * 100] as const)
  const floors = exact.map(([k, v]) => [k, Math.floor(v), v - Math.floor(v)] as const)
  let left = 100 - floors.reduce((n, [, f]) => n + f, 0)
  const out = Object.fromEntries(floors.map(([k, f]) => [k, f]))
  for (const [k] of [...floors].sort((a, b) => b[2] - a[2])) {
    if (left <= 0) break
    out[k]++
    left--
  }
  return out
}
