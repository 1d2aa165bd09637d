import type { ChannelSummary } from '../../../../shared/contract'
import type { ErrorCode } from '../../../../shared/errors'
import type { LiveState } from '../../../../shared/live'
import { pick, str, type ErrorContext, type ErrorDetails } from '../http-client'
import type { IngestInfo, ProviderEvent } from '../provider'

/** Pure mappings from Live Station JSON (naver-live-station.md §3–§6) to Onair's values. Table-tested. */

type Json = Record<string, unknown>

/** `{"content": …}` around every success body (§3); tolerate a bare one. */
export function naverContent(body: unknown): unknown {
  return body && typeof body === 'object' && 'content' in body ? (body as Json).content : body
}

/** channelStatus → normalised state (README table). Older pages write `PUBLISH` for `PUBLISHING` (§4). */
export function naverLiveState(raw: string | undefined): LiveState {
  switch ((raw ?? '').toUpperCase()) {
    case 'CREATING':
      return 'preparing'
    case 'READY':
      return 'idle'
    case 'PUBLISHING':
    case 'PUBLISH':
      return 'live'
    case 'BLOCK':
    case 'DELETED':
      return 'ended'
    case 'FORCE_BLOCK':
    case 'FORCE_DELETED':
      return 'failed'
    default:
      return 'idle' // unknown values are passed through raw beside it (README "Tolerant parsing")
  }
}

export function naverChannelStatus(channel: unknown): string {
  return (str(pick(channel, 'channelStatus')) ?? 'UNKNOWN').toUpperCase()
}

export function mapNaverChannel(channel: unknown): ChannelSummary {
  const c = (channel ?? {}) as Json
  const raw = naverChannelStatus(c)
  const details: NonNullable<ChannelSummary['details']> = {}
  const put = (key: string, value: unknown) => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') details[key] = value
  }
  put('outputProtocol', c.outputProtocol)
  put('ingestProtocol', c.ingestProtocol)
  put('qualitySetName', c.qualitySetName)
  put('envType', c.envType)
  // Response casing is `useDVR`, requests say `useDvr`, older pages show both (§3.3).
  put('useDvr', c.useDVR ?? c.useDvr)
  put('isRecording', c.isRecording)
  put('cdnType', pick(c, 'cdn', 'cdnType'))
  // What the UI needs to offer "also push to the backup ingest"; the backup key itself stays out of details.
  if (naverIngest(c)?.backup) details.backupIngest = true
  return {
    id: str(c.channelId) ?? str(c.id) ?? '',
    name: str(c.channelName) ?? '',
    state: naverLiveState(raw),
    rawState: raw,
    details
  }
}

/**
 * `publishUrl` + `streamKey`, both opaque strings (§3.3). Null when the channel has no ingest yet. A failover channel
 * (`isStreamFailOver`) also carries `backupStreamKey` ([3P DTO], an assumption): pushed to `backupPublishUrl` where the
 * answer has one, else to the same server, after the main stream (§7: "push the main stream first").
 */
export function naverIngest(channel: unknown): IngestInfo | null {
  const rtmpUrl = str(pick(channel, 'publishUrl'))
  const streamKey = str(pick(channel, 'streamKey'))
  if (!rtmpUrl || !streamKey) return null
  const backupKey = str(pick(channel, 'backupStreamKey'))
  if (!backupKey || backupKey === streamKey) return { rtmpUrl, streamKey }
  return { rtmpUrl, streamKey, backup: { rtmpUrl: str(pick(channel, 'backupPublishUrl')) || rtmpUrl, streamKey: backupKey } }
}

/** Events and publish-log entries (§3.7), merged, de-duplicated, strictly after `since`, oldest first. */
export function mapNaverEvents(lists: unknown[], since: number): ProviderEvent[] {
  const seen = new Set<string>()
  const out: ProviderEvent[] = []
  for (const list of lists) {
    const items = naverContent(list)
    if (!Array.isArray(items)) continue
    for (const item of items) {
      const time = Number(pick(item, 'timestamp'))
      // Older pages spell `PUBLISH_Start`: match codes case-insensitively by upper-casing them (§3.7).
      const code = (str(pick(item, 'eventCode')) ?? str(pick(item, 'event')) ?? 'UNKNOWN').toUpperCase()
      if (!Number.isFinite(time) || time <= since) continue
      const key = `${time}|${code}`
      if (seen.has(key)) continue
      seen.add(key)
      const level = str(pick(item, 'logLevel'))?.toUpperCase() === 'ERROR' ? 'error' : code === 'PUBLISH_OVER_THRESHOLD' ? 'warn' : 'info'
      out.push({ time, code, message: str(pick(item, 'description')) ?? code, level, raw: item })
    }
  }
  return out.sort((a, b) => a.time - b.time)
}

const CODE_BY_NAVER: Record<string, ErrorCode> = {
  // Live Station codes (§6); the HTTP status per code is unknown, so the code decides where it is clear.
  '250002': 'validation',
  '250003': 'auth',
  '250004': 'not_found',
  '250005': 'validation',
  '250006': 'auth',
  '250010': 'forbidden',
  '250011': 'validation',
  '250012': 'validation',
  '250014': 'validation',
  '250015': 'auth',
  '250017': 'auth',
  '250018': 'validation',
  '250019': 'validation',
  '250020': 'validation',
  '250021': 'validation',
  '250000': 'server',
  '250016': 'server',
  // API Gateway codes (§6)
  '200': 'auth',
  '210': 'forbidden',
  '300': 'not_found',
  '400': 'rate_limited',
  '410': 'rate_limited',
  '420': 'rate_limited',
  '500': 'server',
  '510': 'server',
  '900': 'server'
}

const SKEW_MS = 5 * 60_000

/**
 * Reads `{"error":{errorCode,message,errorName}}` (errorCode documented as a string, shown as a number: accept
 * both). A 401 is a clock problem when the gateway says so or when its `Date` is more than 5 minutes from ours.
 */
export function naverErrorDetails(ctx: ErrorContext): ErrorDetails {
  const error = pick(ctx.body, 'error')
  const providerCode = str(pick(error, 'errorCode'))
  const message = [str(pick(error, 'message')), str(pick(error, 'details'))].filter(Boolean).join(' ') || undefined
  let code = providerCode ? CODE_BY_NAVER[providerCode] : undefined
  if (ctx.status === 429) code = 'rate_limited'
  if (ctx.status >= 500 && !code) code = 'server'
  if (ctx.status === 401) {
    const serverDate = Date.parse(ctx.headers.get('date') ?? '')
    const skewed = Number.isFinite(serverDate) && Math.abs(serverDate - ctx.sentAt) > SKEW_MS
    if (skewed || /timestamp/i.test(message ?? '')) code = 'clock_skew'
  }
  let field: string | undefined
  // INVALID_FORMAT "{0}: invalid value." / NEED_VALUE "{0} must has a valid value": the {0} is the field.
  const fieldMatch = message && /^([A-Za-z][\w.]*)(?::| must )/.exec(message)
  if (fieldMatch && (code === 'validation' || ctx.status === 400)) field = fieldMatch[1]
  return { message, providerCode, code, field }
}
