import type { ChannelSummary } from '../../../../shared/contract'
import type { LiveState } from '../../../../shared/live'
import { pick, str, type ErrorContext, type ErrorDetails } from '../http-client'
import type { IngestInfo, ProviderEvent, ProviderStatus } from '../provider'

/** Pure mappings from Sigma Livestream JSON (sigma.md §4–§8) to Onair's values. Table-tested. */

type Json = Record<string, unknown>

/** Session status → normalised state (sigma.md §6; values other than live/ended assumed lowercase, so compare lowercased). */
export function sigmaSessionState(raw: string | undefined): ProviderStatus {
  const value = (raw ?? '').toLowerCase()
  switch (value) {
    case 'init':
    case 'processing':
      return { state: 'connecting', raw: value }
    case 'live':
      return { state: 'live', raw: value }
    case 'preparing':
      // "Ingest unstable": the push dropped or stutters; Sigma waits for it up to stopTimeout.
      return { state: 'reconnecting', raw: value, health: 'unstable' }
    case 'error':
      return { state: 'failed', raw: value }
    case 'ended':
      return { state: 'ended', raw: value }
    default:
      return { state: 'idle', raw: value || 'idle' }
  }
}

export function mapSigmaChannel(channel: unknown): ChannelSummary {
  const c = (channel ?? {}) as Json
  const raw = (str(c.status) ?? 'idle').toLowerCase()
  // Channel status is idle/active (assumed API values, §4): active means a session exists.
  const state: LiveState = raw === 'active' ? 'live' : 'idle'
  const details: NonNullable<ChannelSummary['details']> = {}
  for (const key of ['type', 'mode', 'outputFormat', 'stopTimeout', 'catchup', 'record'] as const) {
    const v = c[key]
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') details[key] = v
  }
  if (Array.isArray(c.transcodeProfile)) details.transcodeProfile = c.transcodeProfile.map(String).join(',')
  const session = str(c.currentSessionId)
  if (session) details.currentSessionId = session
  return { id: str(c.id) ?? '', name: str(c.name) ?? '', state, rawState: raw, playbackUrl: str(c.liveStreamUrl), details }
}

/** `input.rtmpServer` + `input.streamToken`: nested under `input` in the JSON, whatever the prose says (§4). */
export function sigmaIngest(channel: unknown): IngestInfo | null {
  const rtmpUrl = str(pick(channel, 'input', 'rtmpServer')) ?? str(pick(channel, 'rtmpServer'))
  const streamKey = str(pick(channel, 'input', 'streamToken')) ?? str(pick(channel, 'streamToken'))
  if (!rtmpUrl || !streamKey) return null
  return { rtmpUrl, streamKey, playbackUrl: str(pick(channel, 'liveStreamUrl')) }
}

/** List bodies are `{data,total,count,page,perPage}` (§2.3); tolerate a bare array. */
export function sigmaList(body: unknown): { items: unknown[]; total?: number } {
  if (Array.isArray(body)) return { items: body }
  const data = pick(body, 'data')
  const total = Number(pick(body, 'total'))
  return { items: Array.isArray(data) ? data : [], total: Number.isFinite(total) ? total : undefined }
}

const WARN_ACTIONS = new Set(['unpublished', 'unstable', 'preparing'])

/** Events (§7): `action` kept raw (lowercased; unknown ones pass through), Vietnamese `message` untouched. */
export function mapSigmaEvents(body: unknown, since: number): ProviderEvent[] {
  const out: ProviderEvent[] = []
  for (const item of sigmaList(body).items) {
    const time = Date.parse(str(pick(item, 'createdAt')) ?? '')
    if (!Number.isFinite(time) || time <= since) continue
    const code = (str(pick(item, 'action')) ?? 'unknown').toLowerCase()
    const actor = str(pick(item, 'actor'))
    const level = code === 'error' ? 'error' : WARN_ACTIONS.has(code) ? 'warn' : 'info'
    out.push({ time, code, message: str(pick(item, 'message')) ?? (actor ? `${code} (${actor})` : code), level, raw: item })
  }
  return out.sort((a, b) => a.time - b.time)
}

/** Health from the latest stable/unstable event (§7: no health field in this API). */
export function sigmaHealthFromEvents(events: ProviderEvent[]): ProviderStatus['health'] {
  for (let i = events.length - 1; i >= 0; i--) {
    const code = events[i].code
    if (code === 'stable' || code === 'republished') return 'excellent'
    if (code === 'unstable' || code === 'unpublished') return 'unstable'
  }
  return undefined
}

/**
 * The error body is unknown (§8): read NestJS-style `{statusCode,message,error}`, the older `{ec,msg}`, a
 * `message` array, or plain text, whichever comes.
 */
export function sigmaErrorDetails(ctx: ErrorContext): ErrorDetails {
  const b = ctx.body
  let message: string | undefined
  const m = pick(b, 'message')
  if (Array.isArray(m)) message = m.map(String).join('; ')
  else message = str(m) ?? str(pick(b, 'msg')) ?? str(pick(b, 'error'))
  if (!message && typeof b === 'string') message = b
  const field = str(pick(b, 'field')) ?? (message ? /^([A-Za-z][\w.]*) (?:must|should|is)\b/.exec(message)?.[1] : undefined)
  return { message, field }
}

/** A start call on a channel that is already running: tolerated (README "Start semantics"). */
export function isAlreadyStarted(status: number, details: ErrorDetails): boolean {
  return (status === 400 || status === 409 || status === 422) && /already/i.test(details.message ?? '')
}

/** Which session describes the channel now: the current one, else the newest. */
export function latestSessionId(channel: unknown, sessions: unknown[]): string | undefined {
  return str(pick(channel, 'currentSessionId')) ?? str(pick(sessions[0], 'id'))
}
