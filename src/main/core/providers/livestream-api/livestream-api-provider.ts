import type { ChannelSummary } from '../../../../shared/contract'
import { onairError } from '../../../../shared/errors'
import { checkChannelOptions } from '../channel-options'
import { pick, str, HttpClient, type HttpRequest } from '../http-client'
import type { ChannelOptionField, ChannelOptions, IngestInfo, Provider, ProviderContext, ProviderEvent, ProviderStatus } from '../provider'
import { latencyOfMode } from '../latency-mode'
import {
  envelopeError,
  livestreamErrorDetails,
  livestreamEvents,
  livestreamIngest,
  livestreamList,
  livestreamStatus,
  mapLivestream,
  unwrapEnvelope
} from './livestream-api-mapping'

const NAME = 'Livestream API v1.0-poc'
const BASE_PATH = '/livestream/live'
const PAGE_LENGTH = 100 // `length` is 1–100 (§4.2)
const PROFILES = ['1080p', '720p', '480p', '360p']

// Names, defaults and ranges from §4.1 (Vietnamese original casing).
export const LIVESTREAM_API_CHANNEL_OPTIONS: ChannelOptionField[] = [
  { name: 'description', label: 'Description', type: 'string' },
  { name: 'accountId', label: 'Broadcaster ID', type: 'string', default: '1' },
  { name: 'tags', label: 'Tags (comma-separated)', type: 'string' },
  { name: 'mode', label: 'Latency mode', type: 'enum', values: ['normal', 'low-latency', 'ultra-low-latency'], default: 'normal' },
  { name: 'catchup', label: 'Keep a catch-up copy', type: 'boolean', default: true },
  { name: 'record', label: 'Record an MP4', type: 'boolean', default: false },
  { name: 'dvr', label: 'DVR (rewind up to 2 h)', type: 'boolean', default: false },
  { name: 'thumbnail', label: 'Thumbnails', type: 'boolean', default: false },
  { name: 'thumbWidth', label: 'Thumbnail width', type: 'number', min: 50, max: 1920, default: 400 },
  { name: 'thumbHeight', label: 'Thumbnail height', type: 'number', min: 50, max: 1080, default: 400 },
  { name: 'thumbInterval', label: 'Thumbnail interval (s)', type: 'number', min: 5, max: 100, default: 10 },
  { name: 'expire', label: 'Close if nobody pushes within (s)', type: 'number', min: 60, max: 604800, default: 86400 },
  { name: 'transcodeProfile', label: 'Transcode profiles (subset of 1080p,720p,480p,360p)', type: 'string', default: '1080p,720p,480p,360p' },
  { name: 'stopTimeout', label: 'Grace after the push stops (s)', type: 'number', min: 0, max: 1800, default: 600 },
  { name: 'streamToken', label: 'Reuse this stream token', type: 'string' }
]

/**
 * Sigma's older server API (livestream-api.md). Push-driven: no start call; `ended` is terminal, so a push to an
 * ended stream first creates a new one reusing the old stream token (README "Start semantics").
 */
export class LivestreamApiProvider implements Provider {
  readonly id = 'livestream-api' as const
  private readonly http: HttpClient
  private readonly lastHealth = new Map<string, string>()
  private readonly now: () => number

  private readonly pageSize: number

  constructor(ctx: ProviderContext) {
    this.pageSize = ctx.tuning?.pageSize ?? PAGE_LENGTH
    const { tokenId, tokenSecret, apiBase } = ctx.fields
    if (!tokenId || !tokenSecret) throw onairError('credentials_missing', `${NAME} needs a token ID and a token secret.`, { provider: 'livestream-api' })
    // No public host is documented (§1), so the address must be saved with the account.
    if (!apiBase)
      throw onairError(
        'invalid_request',
        `${NAME} has no public address: save the account again with "apiBase": "https://host[:port]" (onair credentials set livestream-api).`,
        { field: 'apiBase', provider: 'livestream-api' }
      )
    this.now = ctx.http?.now ?? Date.now
    const basic = `Basic ${Buffer.from(`${tokenId}:${tokenSecret}`).toString('base64')}`
    this.http = new HttpClient(
      {
        provider: 'livestream-api',
        name: NAME,
        baseUrl: apiBase,
        secrets: () => [tokenSecret, basic.slice(6)],
        parseError: livestreamErrorDetails,
        bodyError: envelopeError,
        authHeaders: () => ({ Authorization: basic }),
        authHint:
          'Check the token ID and token secret (LIVE_TOKEN_ID / LIVE_TOKEN_SECRET) and the API address, then save them again with `onair credentials set livestream-api`.'
      },
      ctx.http
    )
  }

  async verify(): Promise<void> {
    await this.call({ method: 'GET', path: BASE_PATH, query: { page: 1, length: 1 }, what: 'check your account' })
  }

  async listChannels(): Promise<ChannelSummary[]> {
    // Whether `page` is 0- or 1-based is ambiguous (§4.2: "min 0", default 1, example echoes 0). Start at 0 and
    // de-duplicate by id: a 1-based server that clamps 0 to 1 repeats page 1, which adds nothing new.
    const byId = new Map<string, ChannelSummary>()
    for (let page = 0; page < 10_000; page++) {
      const { items, total } = livestreamList(
        await this.call({ method: 'GET', path: BASE_PATH, query: { page, length: this.pageSize, order: 'desc' }, what: 'list your streams' })
      )
      let added = 0
      for (const item of items) {
        const summary = mapLivestream(item)
        if (!byId.has(summary.id)) {
          byId.set(summary.id, summary)
          added++
        }
      }
      // Page 1 repeating page 0 is the 1-based reading; a later page adding nothing means a server ignoring `page`.
      if (items.length === 0 || (total !== undefined && byId.size >= total) || (added === 0 && page > 1)) break
    }
    return [...byId.values()]
  }

  async createChannel(name: string, options: ChannelOptions): Promise<ChannelSummary> {
    if (!name.trim()) throw onairError('validation', `${NAME} streams need a name.`, { field: 'name', provider: 'livestream-api' })
    const o = checkChannelOptions(NAME, LIVESTREAM_API_CHANNEL_OPTIONS, options)
    if (typeof o.transcodeProfile === 'string') {
      const bad = o.transcodeProfile
        .split(',')
        .map((s) => s.trim())
        .find((p) => !PROFILES.includes(p))
      if (bad !== undefined)
        throw onairError('validation', `${NAME} option "transcodeProfile" takes a comma-separated subset of ${PROFILES.join(', ')} (got "${bad}").`, {
          field: 'transcodeProfile',
          provider: 'livestream-api'
        })
    }
    const created = await this.call({ method: 'POST', path: BASE_PATH, json: { name: name.trim(), ...o }, what: `create the stream "${name.trim()}"` })
    const id = str(pick(created, 'id')) ?? str(pick(created, 'ID'))
    if (!id)
      throw onairError('bad_response', `${NAME} created the stream but did not say its id; run \`onair channels livestream-api\` to find it.`, {
        provider: 'livestream-api'
      })
    return this.getChannel(id)
  }

  async getChannel(channelId: string): Promise<ChannelSummary> {
    return mapLivestream(await this.stream(channelId))
  }

  async prepareIngest(channelId: string): Promise<IngestInfo> {
    const stream = await this.stream(channelId)
    let id = channelId
    if (livestreamStatus(stream).raw === 'ended') {
      // `ended` is terminal (§3): open a new stream with the same settings, reusing the token for a stable key.
      const old = livestreamIngest(await this.rtmp(channelId))
      const s = stream as Record<string, unknown>
      const body: Record<string, unknown> = { name: str(s.name) ?? `stream-${channelId}` }
      for (const key of ['description', 'mode', 'catchup'] as const) if (s[key] !== undefined && s[key] !== null) body[key] = s[key]
      if (Array.isArray(s.tags)) body.tags = s.tags.join(',')
      if (old) body.streamToken = old.streamKey
      const created = await this.call({ method: 'POST', path: BASE_PATH, json: body, what: `open a new stream in place of ended stream ${channelId}` })
      id = str(pick(created, 'id')) ?? str(pick(created, 'ID')) ?? ''
      if (!id) throw onairError('bad_response', `${NAME} opened a new stream but did not say its id.`, { provider: 'livestream-api' })
    }
    const ingest = livestreamIngest(await this.rtmp(id))
    if (!ingest)
      throw onairError('bad_response', `${NAME} returned no streamUrl or streamToken for stream ${id}; try again in a moment.`, {
        provider: 'livestream-api',
        retryable: true
      })
    const channelName = mapLivestream(stream).name
    const latency = latencyOfMode((stream as Record<string, unknown>).mode)
    const info = { ...ingest, channelName, ...(latency ? { latency } : {}) }
    return id === channelId ? info : { ...info, channelId: id }
  }

  async stop(channelId: string): Promise<void> {
    // delete=false stops a running event at once and refuses further pushes (§4.6).
    await this.call({ method: 'DELETE', path: `${BASE_PATH}/${enc(channelId)}`, query: { delete: 'false' }, what: `stop stream ${channelId}` })
  }

  async status(channelId: string): Promise<ProviderStatus> {
    return livestreamStatus(await this.stream(channelId))
  }

  async events(channelId: string, since: number): Promise<ProviderEvent[]> {
    const stream = await this.stream(channelId)
    const events = livestreamEvents(stream, since, this.now(), this.lastHealth.get(channelId))
    const health = str(pick(stream, 'health'))?.toLowerCase()
    if (health) this.lastHealth.set(channelId, health)
    return events
  }

  channelOptions(): ChannelOptionField[] {
    return LIVESTREAM_API_CHANNEL_OPTIONS
  }

  private async stream(id: string): Promise<unknown> {
    return this.call({ method: 'GET', path: `${BASE_PATH}/${enc(id)}`, what: `read stream ${id}` })
  }

  private async rtmp(id: string): Promise<unknown> {
    // `/Rtmp` in the English seed, `/rtmp` in the Vietnamese original (§4.3): lowercase.
    return this.call({ method: 'GET', path: `${BASE_PATH}/${enc(id)}/rtmp`, what: `read the ingest of stream ${id}` })
  }

  private async call(req: HttpRequest): Promise<unknown> {
    return unwrapEnvelope((await this.http.request(req)).body)
  }
}

function enc(id: string): string {
  return encodeURIComponent(id)
}
