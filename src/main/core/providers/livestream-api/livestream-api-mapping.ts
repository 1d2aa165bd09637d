import type { ChannelSummary } from '../../../../shared/contract'
import type { LiveState } from '../../../../shared/live'
import { pick, str, type ErrorContext, type ErrorDetails } from '../http-client'
import type { IngestInfo, ProviderEvent, ProviderStatus } from '../provider'

/** Pure mappings for the Livestream API v1.0-poc (livestream-api.md). Table-tested. */

type Json = Record<string, unknown>

/**
 * The documented envelope is `{ec,data,msg}`, but the examples show bare objects (§2): unwrap `data` only when
 * `ec` is there; a bare body is used as is.
 */
export function unwrapEnvelope(body: unknown): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body) && 'ec' in body) return (body as Json).data ?? null
  return body
}

/** `ec ≠ 0` inside a 2xx is an error too (§2). */
export function envelopeError(body: unknown): ErrorDetails | null {
  if (!body || typeof body !== 'object' || !('ec' in body)) return null
  const ec = Number((body as Json).ec)
  if (ec === 0) return null
  const message = str((body as Json).msg)
  return {
    message,
    providerCode: String((body as Json).ec),
    code: ec === 401 ? 'auth' : ec === 403 ? 'forbidden' : ec === 404 ? 'not_found' : 'validation',
    field: fieldOf(message)
  }
}

export function livestreamErrorDetails(ctx: ErrorContext): ErrorDetails {
  const message = str(pick(ctx.body, 'msg')) ?? str(pick(ctx.body, 'message'))
  const ec = pick(ctx.body, 'ec')
  return { message, providerCode: ec !== undefined && ec !== 0 ? String(ec) : undefined, field: fieldOf(message) }
}

/** "Wrong param: thumbWidth" / "thumbWidth must be …": the field a 422 blames. */
function fieldOf(message: string | undefined): string | undefined {
  if (!message) return undefined
  return /(?:param(?:eter)?s?|field)\s*[:=]?\s*"?([A-Za-z][\w.]*)/i.exec(message)?.[1] ?? /^([A-Za-z][\w.]*) (?:must|should|is)\b/.exec(message)?.[1]
}

/** Status values are lowercase in the examples, "LIVE" once in prose (§3): compare lowercased. */
export function livestreamState(raw: string | undefined): LiveState {
  switch ((raw ?? '').toLowerCase()) {
    case 'live':
      return 'live'
    case 'ended':
      return 'ended'
    case 'error':
      return 'failed'
    case 'coming':
    case 'init':
    default:
      return 'idle'
  }
}

const HEALTH = new Set(['excellent', 'acceptable', 'unstable'])

export function livestreamStatus(stream: unknown): ProviderStatus {
  const raw = (str(pick(stream, 'status')) ?? str(pick(stream, 'Status')) ?? 'unknown').toLowerCase()
  const health = (str(pick(stream, 'health')) ?? str(pick(stream, 'Health')))?.toLowerCase()
  const status: ProviderStatus = { state: livestreamState(raw), raw }
  if (health && HEALTH.has(health) && status.state === 'live') status.health = health as ProviderStatus['health']
  return status
}

export function mapLivestream(stream: unknown): ChannelSummary {
  const s = (stream ?? {}) as Json
  const { state, raw } = livestreamStatus(s)
  const details: NonNullable<ChannelSummary['details']> = {}
  for (const key of ['mode', 'health', 'duration', 'catchup', 'startTime', 'stopTime'] as const) {
    const v = s[key]
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') details[key] = v
  }
  if (Array.isArray(s.tags)) details.tags = s.tags.map(String).join(',')
  else if (typeof s.tags === 'string') details.tags = s.tags
  // `livestreamUrl` exists once live, `videoUrl` once ended (§4.2).
  const playbackUrl = str(s.livestreamUrl) ?? str(s.videoUrl)
  // The English seed shows "ID", the Vietnamese original "id" (§4.1).
  return { id: str(s.id) ?? str(s.ID) ?? '', name: str(s.name) ?? '', state, rawState: raw, playbackUrl, details }
}

export function livestreamIngest(body: unknown): IngestInfo | null {
  const rtmpUrl = str(pick(body, 'streamUrl'))
  const streamKey = str(pick(body, 'streamToken'))
  return rtmpUrl && streamKey ? { rtmpUrl, streamKey } : null
}

/** List body `{data,total,length,page}` (§4.2); tolerate a bare array. */
export function livestreamList(body: unknown): { items: unknown[]; total?: number } {
  if (Array.isArray(body)) return { items: body }
  const data = pick(body, 'data')
  const total = Number(pick(body, 'total'))
  return { items: Array.isArray(data) ? data : [], total: Number.isFinite(total) ? total : undefined }
}

/**
 * The API has no events (§4.7): the stream's own timestamps and health are the events. `lastHealth` is what the
 * caller saw before, so a health change is reported once.
 */
export function livestreamEvents(stream: unknown, since: number, now: number, lastHealth?: string): ProviderEvent[] {
  const out: ProviderEvent[] = []
  const at = (key: string) => Date.parse(str(pick(stream, key)) ?? '')
  const created = at('createdAt')
  const started = at('startTime')
  const stopped = at('stopTime')
  if (created > since) out.push({ time: created, code: 'init', message: 'Stream created', level: 'info' })
  if (started > since) out.push({ time: started, code: 'live', message: 'Stream is live', level: 'info' })
  if (stopped > since) out.push({ time: stopped, code: 'ended', message: 'Stream ended', level: 'info' })
  const health = str(pick(stream, 'health'))?.toLowerCase()
  if (health && health !== lastHealth && livestreamState(str(pick(stream, 'status'))) === 'live') {
    out.push({ time: now, code: `health.${health}`, message: `Stream health: ${health}`, level: health === 'unstable' ? 'warn' : 'info' })
  }
  return out.sort((a, b) => a.time - b.time)
}
