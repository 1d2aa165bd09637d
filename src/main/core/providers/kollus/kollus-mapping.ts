import type { ChannelSummary } from '../../../../shared/contract'
import { pick, str, type ErrorContext, type ErrorDetails } from '../http-client'
import type { IngestInfo, ProviderEvent, ProviderStatus } from '../provider'

/** Pure mappings for Kollus Live (kollus.md §3–§5). Table-tested. */

type Json = Record<string, unknown>

/** Single objects are assumed to come as `{"data":{…}}` (§3.1 ASSUMPTION); a bare object is used as is. */
export function kollusData(body: unknown): unknown {
  const data = pick(body, 'data')
  return data && typeof data === 'object' && !Array.isArray(data) ? data : body
}

/** Lists: `{data:[…], meta:{current_page,last_page,total}}` (§3.2). */
export function kollusList(body: unknown): { items: unknown[]; currentPage?: number; lastPage?: number; total?: number } {
  const data = pick(body, 'data')
  const num = (v: unknown) => (Number.isFinite(Number(v)) && v !== null && v !== undefined ? Number(v) : undefined)
  return {
    items: Array.isArray(data) ? data : Array.isArray(body) ? body : [],
    currentPage: num(pick(body, 'meta', 'current_page')),
    lastPage: num(pick(body, 'meta', 'last_page')),
    total: num(pick(body, 'meta', 'total'))
  }
}

function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true'
}

function time(v: unknown): number {
  const t = Date.parse(str(v) ?? '')
  return Number.isFinite(t) ? t : 0
}

/**
 * `latest_broadcast` (empty when the channel never broadcast) → normalised state. A push that dropped within
 * the disconnection window shows `paused_at` after `started_at` while still on air: the broadcast waits.
 */
export function kollusStatus(channel: unknown): ProviderStatus {
  const b = pick(channel, 'latest_broadcast')
  if (!b || typeof b !== 'object' || Object.keys(b).length === 0) return { state: 'idle', raw: 'no broadcast' }
  const started = time(pick(b, 'started_at'))
  const paused = time(pick(b, 'paused_at'))
  const ended = time(pick(b, 'ended_at'))
  if (truthy(pick(b, 'is_onair'))) {
    if (paused > started && paused >= ended) return { state: 'reconnecting', raw: 'pause', health: 'unstable' }
    return { state: 'live', raw: 'start' }
  }
  if (ended > 0) return { state: 'ended', raw: 'stop' }
  return { state: 'idle', raw: 'not on air' }
}

export function mapKollusChannel(channel: unknown): ChannelSummary {
  const c = (channel ?? {}) as Json
  const status = kollusStatus(c)
  const details: NonNullable<ChannelSummary['details']> = {}
  for (const key of ['customer_code', 'is_shared', 'concurrently_viewer_limit', 'created_at', 'use_timeshift'] as const) {
    const v = c[key]
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') details[key] = v
  }
  const key = str(c.key) ?? str(c.channel_key) ?? ''
  return {
    id: key,
    name: str(c.title) ?? '',
    state: status.state,
    rawState: status.raw,
    // The public Video Gateway link (§7); for private channels it needs a JWT, so only for shared ones.
    playbackUrl: key && truthy(c.is_shared) ? `https://v-live-kr.kollus.com/${key}` : undefined,
    details
  }
}

/**
 * Ingest fields on the channel, if Kollus ever returns them. None is documented (§4): these names are
 * ASSUMPTIONS, tried in order, and absent in every known response.
 */
export function kollusApiIngest(channel: unknown): IngestInfo | null {
  const rtmpUrl = str(pick(channel, 'rtmp_url')) ?? str(pick(channel, 'publish_url')) ?? str(pick(channel, 'application_link'))
  const creators = pick(channel, 'creators')
  const streamKey = str(pick(channel, 'stream_key')) ?? (Array.isArray(creators) ? str(pick(creators[0], 'stream_key')) : undefined)
  return rtmpUrl && streamKey ? { rtmpUrl, streamKey } : null
}

/** `latest_broadcast` timestamps as events named like the callback's `broadcast_state` (§6). */
export function kollusEvents(channel: unknown, since: number): ProviderEvent[] {
  const b = pick(channel, 'latest_broadcast')
  const out: ProviderEvent[] = []
  const add = (key: string, code: string, message: string, level: ProviderEvent['level']) => {
    const t = time(pick(b, key))
    if (t > since) out.push({ time: t, code, message, level })
  }
  add('started_at', 'start', 'Broadcast started', 'info')
  add('paused_at', 'pause', 'Push interrupted; Kollus waits for it to return', 'warn')
  add('ended_at', 'stop', 'Broadcast ended', 'info')
  return out.sort((a, b2) => a.time - b2.time)
}

/** The error body is unknown (§3.2): read Laravel-style `{message, errors:{field:[…]}}`, `{error, error_description}` or text. */
export function kollusErrorDetails(ctx: ErrorContext): ErrorDetails {
  const b = ctx.body
  const errors = pick(b, 'errors')
  const field = errors && typeof errors === 'object' && !Array.isArray(errors) ? Object.keys(errors)[0] : str(pick(b, 'field'))
  const fieldMessage = field ? pick(errors, field) : undefined
  const message =
    str(pick(b, 'message')) ??
    str(pick(b, 'error_description')) ??
    str(pick(b, 'error', 'message')) ??
    str(pick(b, 'error')) ??
    (Array.isArray(fieldMessage) ? str(fieldMessage[0]) : undefined)
  return { message, field }
}
