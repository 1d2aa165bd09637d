import type { AccountSummary } from '../../../../shared/contract'
import type { LiveDestination, LiveSnapshot, LiveStats } from '../../../../shared/live'
import { PROVIDERS } from '../../../../shared/providers'
import { isActive } from '../../lib/live-state'
import { chipKey, toLiveDestinations, type DestinationChip } from '../destinations/destination-chip'

/** A channel a recording can be streamed to, as the Recordings place offers it. */
export interface StreamChoice {
  key: string
  label: string
  destination: LiveDestination
}

/**
 * Pure: where a recording can go: the Studio's destinations first (the channels the streamer picked, most likely the
 * one an offline show missed), then every saved Custom RTMP server not among them.
 */
export function streamChoices(chips: DestinationChip[], accounts: AccountSummary[]): StreamChoice[] {
  const labelOf = (c: DestinationChip) => {
    if (PROVIDERS[c.provider].hasApi) return `${PROVIDERS[c.provider].name} · ${c.channelName ?? c.channelId ?? ''}`
    const account = accounts.find((a) => a.provider === c.provider && a.profile === c.profile)
    // Several RTMP servers may all be named "Custom RTMP": the server (never the key) tells them apart.
    const server = account?.display.serverUrl
    const label = account?.label ?? PROVIDERS[c.provider].name
    return server && !label.includes(server) ? `${label} · ${server}` : label
  }
  const fromChips = chips.map((c) => ({ key: chipKey(c), label: labelOf(c), destination: toLiveDestinations([{ ...c, backup: false }])[0] }))
  const servers = accounts
    .filter((a) => !PROVIDERS[a.provider].hasApi)
    .map((a) => ({ provider: a.provider, profile: a.profile }))
    .filter((d) => !fromChips.some((c) => c.key === chipKey(d)))
    .map((d) => ({ key: chipKey(d), label: labelOf(d), destination: d }))
  return [...fromChips, ...servers]
}

/** What a recording's card shows of its stream to a channel. */
export type StreamView =
  | { kind: 'none' }
  | { kind: 'connecting' | 'running'; position: number; duration: number | null; percent: number; target: string }
  | { kind: 'done' | 'stopped' | 'failed'; position: number; duration: number | null; target: string }

/**
 * Pure: this recording's stream, from the live session that carries it (main owns the state: the snapshot says which
 * file the show streams and how far it got; the stats move the position between snapshots).
 */
export function streamView(snapshot: LiveSnapshot | null, stats: LiveStats | null, recordingId: string): StreamView {
  const handoff = snapshot?.handoff
  if (!snapshot || !handoff || handoff.recordingId !== recordingId) return { kind: 'none' }
  const active = isActive(snapshot.state)
  const live = active && stats?.mediaTimeMs !== undefined ? stats.mediaTimeMs / 1000 : 0
  const duration = handoff.durationSeconds
  const position = Math.min(Math.max(handoff.positionSeconds, live), duration ?? Infinity)
  const target = snapshot.destinations
    .filter((d) => d.state !== 'failed')
    .map((d) => d.label)
    .join(', ')
  if (active) {
    const percent = duration ? Math.floor((position / duration) * 100) : 0
    return { kind: snapshot.state === 'preparing' || snapshot.state === 'connecting' ? 'connecting' : 'running', position, duration, percent, target }
  }
  if (snapshot.state === 'failed') return { kind: 'failed', position, duration, target: snapshot.destinations.map((d) => d.label).join(', ') }
  // The last position is told once a second: a file sent whole ends within about a second of its length.
  const whole = duration !== null && position >= duration - 1.5
  return { kind: whole ? 'done' : 'stopped', position, duration, target }
}

/** Pure: a show is on air (a capture, or another recording's stream): no second one can start. */
export function showActive(snapshot: LiveSnapshot): boolean {
  return isActive(snapshot.state)
}
