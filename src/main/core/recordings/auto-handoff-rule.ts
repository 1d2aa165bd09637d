import type { LiveDestination } from '../../../shared/live'
import type { RecordingState } from '../../../shared/recordings'
import type { Settings } from '../../../shared/settings'

/** What the last cheap check said of a destination: answering, not answering, or no longer there (account deleted). */
export type Reachability = 'up' | 'down' | 'gone'

/** A recording as the rule sees it. */
export interface RuleRecording {
  id: string
  state: RecordingState
  inUse: boolean
  missing: boolean
  /** The show is over (a pending recording is marked while it still records). */
  ended: boolean
  /** The destinations its show missed (the session's own, main ingests); [] when the session is unknown. */
  destinations: LiveDestination[]
  /** After a failed try: not before this time. */
  retryAt?: number
}

export interface RuleInput {
  settings: Settings['handoff']
  /** A live show (or a handoff) is on air: the rule never competes with it for the network or the session. */
  showRunning: boolean
  /** The rule's own handoff is under way: one at a time. */
  busy: boolean
  /** Oldest first: the first to wait is the first handed off. */
  recordings: RuleRecording[]
  reachability: (destination: LiveDestination) => Reachability | undefined
  now: number
}

export type RuleDecision =
  | { kind: 'wait'; reason: 'off' | 'show_running' | 'busy' | 'no_storage' | 'nothing_due' }
  | { kind: 'stream'; recordingId: string; destinations: LiveDestination[] }
  | { kind: 'upload'; recordingId: string; profile: string; upload: string }

/** Same key as the destination list's own uniqueness (provider, profile, channel). */
export const destinationKey = (d: LiveDestination): string => `${d.provider}/${d.profile}/${d.channelId ?? ''}`

/** Pending, over, free, on disk and not waiting out a failure. */
function due(r: RuleRecording, now: number): boolean {
  return r.state === 'pending_handoff' && r.ended && !r.inUse && !r.missing && (r.retryAt ?? 0) <= now
}

/** A folder target gets the file's own name (upload-api: a key ending in `/` does); s3://bucket/folder means that folder. */
export function uploadTarget(uploadTo: string): string {
  const path = uploadTo.replace(/^s3:\/\/[^/]+/, '')
  return path === '' || path.endsWith('/') ? uploadTo : `${uploadTo}/`
}

/**
 * Pure: what the automatic handoff rule does now (DESIGN §6). Stream: the first due recording whose destinations (those
 * still saved) all answer again goes to them; one that misses any waits for it. Upload: the first due recording goes to
 * the chosen storage (the upload's own errors say when the store cannot be reached; the service retries later).
 */
export function decideAutoHandoff(input: RuleInput): RuleDecision {
  const { settings } = input
  if (!settings.auto) return { kind: 'wait', reason: 'off' }
  if (input.showRunning) return { kind: 'wait', reason: 'show_running' }
  if (input.busy) return { kind: 'wait', reason: 'busy' }
  const candidates = input.recordings.filter((r) => due(r, input.now))
  if (settings.action === 'upload') {
    if (!settings.uploadTo) return { kind: 'wait', reason: 'no_storage' }
    const first = candidates[0]
    return first
      ? { kind: 'upload', recordingId: first.id, profile: settings.storageProfile, upload: uploadTarget(settings.uploadTo) }
      : { kind: 'wait', reason: 'nothing_due' }
  }
  for (const r of candidates) {
    const kept = r.destinations.filter((d) => input.reachability(d) !== 'gone')
    if (kept.length > 0 && kept.every((d) => input.reachability(d) === 'up')) return { kind: 'stream', recordingId: r.id, destinations: kept }
  }
  return { kind: 'wait', reason: 'nothing_due' }
}

/**
 * Pure: which destinations to check now. Only those of recordings the stream rule could hand off, each at most once per
 * `everyMs` (30 s: a Custom RTMP TCP probe or one cheap provider call, far inside every provider's limits).
 */
export function probesDue(input: Omit<RuleInput, 'reachability'>, lastChecked: ReadonlyMap<string, number>, everyMs: number): LiveDestination[] {
  const { settings } = input
  if (!settings.auto || settings.action !== 'stream' || input.showRunning || input.busy) return []
  const out = new Map<string, LiveDestination>()
  for (const r of input.recordings) {
    if (!due(r, input.now)) continue
    for (const d of r.destinations) {
      const key = destinationKey(d)
      const last = lastChecked.get(key)
      if (!out.has(key) && (last === undefined || input.now - last >= everyMs)) out.set(key, d)
    }
  }
  return [...out.values()]
}

/** After the n-th failure in a row (1-based): 1 min, 2, 4, ... at most 30 min (`baseMs` scales it for tests). */
export function retryDelayMs(failures: number, baseMs = 60_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, failures - 1), baseMs * 30)
}

/** Pure: a show's destinations (its report's) as `live:start` takes them; a NAVER backup ingest goes with its channel. */
export function autoHandoffDestinations(reported: ReadonlyArray<Pick<LiveDestination, 'provider' | 'profile' | 'channelId' | 'backup'>>): LiveDestination[] {
  const mains = reported.filter((d) => !d.backup)
  const withBackup = new Set(reported.filter((d) => d.backup).map((d) => destinationKey({ ...d, backup: undefined })))
  const seen = new Set<string>()
  return mains.flatMap((d) => {
    const key = destinationKey(d)
    if (seen.has(key)) return []
    seen.add(key)
    const destination: LiveDestination = { provider: d.provider, profile: d.profile, ...(d.channelId ? { channelId: d.channelId } : {}) }
    return [withBackup.has(key) ? { ...destination, backup: true } : destination]
  })
}
