import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { ChannelSummary } from '../../../../shared/contract'
import { onairError } from '../../../../shared/errors'
import { parseRtmpDestination } from '../../../../shared/rtmp-url'
import type { CredentialStore } from '../../credentials/credential-store'
import { checkChannelOptions } from '../channel-options'
import { pick, str, HttpClient, type HttpDeps, type HttpRequest } from '../http-client'
import type { ChannelOptionField, ChannelOptions, IngestInfo, Provider, ProviderContext, ProviderEvent, ProviderStatus } from '../provider'
import { PersistedRateLimiter } from '../rate-limiter'
import { kollusApiIngest, kollusData, kollusErrorDetails, kollusEvents, kollusList, kollusStatus, mapKollusChannel } from './kollus-mapping'

export const KOLLUS_DEFAULT_API = 'https://api-live-kr.kollus.com'
export const KOLLUS_DEFAULT_AUTH = 'https://live-kr.kollus.com'
const NAME = 'Kollus Live'
const PER_PAGE = 100
/** ≥ 1 s between calls (kollus.md §2) plus a margin, since the server times arrivals, not departures. */
export const KOLLUS_MIN_GAP_MS = 1100
export const KOLLUS_PER_MINUTE = 60
/** The official sample renews an OAuth token when less than 2 days remain (§1). */
const RENEW_MARGIN_MS = 2 * 24 * 3600_000

const flag = (name: string, label: string): ChannelOptionField => ({ name, label, type: 'boolean' })
// Form fields of POST /channels (§3.1, from Catenoid's sample). Booleans are sent as 1/0.
export const KOLLUS_CHANNEL_OPTIONS: ChannelOptionField[] = [
  { name: 'customer_code', label: 'Customer code', type: 'string' },
  { name: 'concurrently_viewer_limit', label: 'Maximum concurrent viewers', type: 'number', min: 0 },
  flag('is_shared', 'Public channel (off: JWT playback only)'),
  { name: 'live_media_profile_group_key', label: 'Encoding profile group key', type: 'string' },
  { name: 'meta_title_pattern', label: 'Broadcast title pattern', type: 'string' },
  { name: 'meta_description', label: 'Broadcast description', type: 'string' },
  { name: 'recording_file_policy', label: 'Recording (0 none, 1 segment, 3 segment + duplicate)', type: 'enum', values: ['0', '1', '3'] },
  { name: 'recording_file_pattern', label: 'Recording file name pattern', type: 'string' },
  { name: 'recording_file_segment_policy', label: 'Segment by (1 size, 2 duration)', type: 'enum', values: ['1', '2'] },
  { name: 'recording_file_segment_by_duration', label: 'Segment length (min)', type: 'number', min: 1 },
  { name: 'idle_screen_kind', label: 'Idle screen (0 poster, 1 snapshot)', type: 'enum', values: ['0', '1'] },
  { name: 'media_player_policy', label: 'Force the secure player (0/1)', type: 'enum', values: ['0', '1'] },
  flag('use_chatting_service', 'Chat'),
  { name: 'chatting_service_id', label: 'Chat service ID', type: 'string' },
  { name: 'chatting_info', label: 'Chat settings (JSON)', type: 'string' },
  flag('use_duplicate_block', 'Block duplicate viewing'),
  flag('use_capture_block', 'Block screen capture'),
  flag('use_timeshift', 'Timeshift (rewind up to 2 h)')
]

/** Keychain account for a hand-entered ingest; AccountService.list skips names of 3+ parts. */
export function kollusIngestAccount(profile: string, channelId: string): string {
  return `kollus:${profile}:ingest:${channelId}`
}

/**
 * Kollus Live (kollus.md). Bearer auth (a personal access token, or an OAuth client whose token is renewed
 * before it expires), form-encoded POST/PUT, and at most 60 calls a minute, ≥ 1 s apart, from the whole app.
 * The API documents no ingest (§4): the streamer enters it once per channel and it stays in the keychain.
 */
export class KollusProvider implements Provider {
  readonly id = 'kollus' as const
  private readonly http: HttpClient
  private readonly prefix: string
  private readonly tokens: KollusTokenSource

  constructor(private readonly ctx: ProviderContext) {
    const { serviceAccountKey, apiBase } = ctx.fields
    if (!serviceAccountKey) throw onairError('credentials_missing', `${NAME} needs the service account key.`, { provider: 'kollus' })
    this.prefix = `/api/v1/live/service-accounts/${encodeURIComponent(serviceAccountKey)}`
    // apiBase replaces both hosts (API and OAuth): an emulator or sandbox serves both (DESIGN §8).
    this.tokens = new KollusTokenSource(ctx.fields, apiBase || KOLLUS_DEFAULT_AUTH, ctx.http)
    const limiter = kollusLimiter(ctx)
    this.http = new HttpClient(
      {
        provider: 'kollus',
        name: NAME,
        baseUrl: apiBase || KOLLUS_DEFAULT_API,
        secrets: () => this.tokens.secrets(),
        parseError: kollusErrorDetails,
        authHeaders: async () => ({ Authorization: `Bearer ${await this.tokens.token()}` }),
        renewAuth: () => this.tokens.renew(),
        authHint: this.tokens.isOAuth
          ? 'Check the OAuth client ID and secret (Kollus console → Settings → Service account → OAuth Clients) and the service account key, then save them again with `onair credentials set kollus`.'
          : 'Personal access tokens expire one year after they are issued: create a new one (Kollus console → Settings → Service account → Personal Access Tokens) and save it with `onair credentials set kollus`.',
        limiter,
        concurrency: 1
      },
      ctx.http
    )
  }

  async verify(): Promise<void> {
    await this.call({ method: 'GET', path: '/channels', query: { page: 1, per_page: 1 }, what: 'check your account' })
  }

  async listChannels(): Promise<ChannelSummary[]> {
    const out: ChannelSummary[] = []
    const perPage = this.ctx.tuning?.pageSize ?? PER_PAGE
    for (let page = 1; ; page++) {
      // Parameters as in the sample client (§3); it misspells live_staus, the API name is live_status.
      const body = await this.call({
        method: 'GET',
        path: '/channels',
        query: { order: 'id_desc', page, per_page: perPage, live_status: 'all', shared_status: 'all', trashed: 0 },
        what: 'list your channels'
      })
      const { items, lastPage, total } = kollusList(body)
      out.push(...items.map(mapKollusChannel))
      if (items.length === 0 || (lastPage !== undefined ? page >= lastPage : items.length < perPage) || (total !== undefined && out.length >= total))
        return this.withIngestSaved(out)
    }
  }

  async createChannel(name: string, options: ChannelOptions): Promise<ChannelSummary> {
    if (!name.trim()) throw onairError('validation', `${NAME} channels need a title.`, { field: 'name', provider: 'kollus' })
    const o = checkChannelOptions(NAME, KOLLUS_CHANNEL_OPTIONS, options)
    const form: Record<string, string> = { title: name.trim() }
    for (const [k, v] of Object.entries(o)) form[k] = typeof v === 'boolean' ? (v ? '1' : '0') : String(v)
    const body = await this.call({ method: 'POST', path: '/channels', form, what: `create the channel "${name.trim()}"` })
    return (await this.withIngestSaved([mapKollusChannel(kollusData(body))]))[0]
  }

  async getChannel(channelId: string): Promise<ChannelSummary> {
    return (await this.withIngestSaved([mapKollusChannel(await this.channel(channelId))]))[0]
  }

  /**
   * Marks each channel with whether a hand-entered ingest is saved for it (`details.ingestSaved`), so the app can say
   * "enter the ingest" before Go Live instead of failing there. One listing of keychain names, never a value read:
   * the key stays in the keychain. Without a keychain the flag is left out (unknown), not false.
   */
  private async withIngestSaved(channels: ChannelSummary[]): Promise<ChannelSummary[]> {
    if (!this.ctx.store || channels.length === 0) return channels
    let names: Set<string>
    try {
      names = new Set(await this.ctx.store.listAccounts())
    } catch {
      return channels
    }
    for (const c of channels) if (c.id) c.details = { ...c.details, ingestSaved: names.has(kollusIngestAccount(this.ctx.profile, c.id)) }
    return channels
  }

  async prepareIngest(channelId: string): Promise<IngestInfo> {
    // Kollus broadcasts are push-driven (§5): nothing to start. The GET checks the channel exists and is fresh.
    const channel = await this.channel(channelId)
    const { playbackUrl, name: channelName } = mapKollusChannel(channel)
    const fromApi = kollusApiIngest(channel)
    if (fromApi) return { ...fromApi, playbackUrl, channelName }
    const saved = await this.savedIngest(channelId)
    if (saved) return { ...saved, playbackUrl, channelName }
    throw onairError(
      'credentials_missing',
      `Kollus does not give out the ingest of channel ${channelId} through its API. Copy the channel's server ("application link") and "Creator stream key" from the Kollus console, then run: onair channel set-ingest kollus ${channelId} --server RTMP_URL --key-stdin`,
      { provider: 'kollus', field: 'ingest' }
    )
  }

  async stop(): Promise<void> {
    // No stop API (§3): the broadcast ends when the encoder stops and the disconnection window passes.
  }

  async status(channelId: string): Promise<ProviderStatus> {
    return kollusStatus(await this.channel(channelId))
  }

  async events(channelId: string, since: number): Promise<ProviderEvent[]> {
    return kollusEvents(await this.channel(channelId), since)
  }

  channelOptions(): ChannelOptionField[] {
    return KOLLUS_CHANNEL_OPTIONS
  }

  async saveIngest(channelId: string, serverUrl: string, streamKey: string): Promise<void> {
    const store = this.requireStore()
    const destination = parseRtmpDestination(serverUrl, streamKey, 'server')
    await this.channel(channelId) // a typo in the channel ID should fail now, not at Go Live
    await store.set(
      kollusIngestAccount(this.ctx.profile, channelId),
      JSON.stringify({ server: destination.server, key: destination.key, savedAt: new Date().toISOString() })
    )
  }

  private async savedIngest(channelId: string): Promise<IngestInfo | null> {
    if (!this.ctx.store) return null
    const raw = await this.ctx.store.get(kollusIngestAccount(this.ctx.profile, channelId))
    if (!raw) return null
    try {
      const parsed = JSON.parse(raw) as { server?: unknown; key?: unknown }
      if (typeof parsed.server === 'string' && typeof parsed.key === 'string') return { rtmpUrl: parsed.server, streamKey: parsed.key }
    } catch {
      // fall through: damaged entry
    }
    throw onairError(
      'credentials_missing',
      `The saved ingest of Kollus channel ${channelId} is damaged; save it again with onair channel set-ingest kollus ${channelId}.`,
      { provider: 'kollus', field: 'ingest' }
    )
  }

  private requireStore(): CredentialStore {
    if (!this.ctx.store) throw onairError('keychain_unavailable', 'No keychain is available to keep the Kollus ingest.', { retryable: false })
    return this.ctx.store
  }

  private async channel(channelId: string): Promise<unknown> {
    return kollusData(await this.call({ method: 'GET', path: `/channels/${encodeURIComponent(channelId)}`, what: `read channel ${channelId}` }))
  }

  private async call(req: HttpRequest): Promise<unknown> {
    return (await this.http.request({ ...req, path: this.prefix + req.path })).body
  }
}

// ---- OAuth2 client_credentials, or a personal access token ----

interface CachedToken {
  token: string
  expiresAt: number
}
const tokenCache = new Map<string, CachedToken>()

/** Hands out a bearer token: the PAT as is, or an OAuth token fetched once and renewed before it expires. */
class KollusTokenSource {
  readonly isOAuth: boolean
  private readonly http: HttpClient | null
  private readonly cacheKey: string
  private readonly now: () => number

  constructor(
    private readonly fields: Record<string, string>,
    authBase: string,
    deps: HttpDeps | undefined
  ) {
    this.now = deps?.now ?? Date.now
    this.isOAuth = !fields.accessToken && Boolean(fields.clientId && fields.clientSecret)
    if (!fields.accessToken && !this.isOAuth) {
      throw onairError('credentials_missing', `${NAME} needs a personal access token, or an OAuth client ID and secret.`, { provider: 'kollus' })
    }
    // The secret is part of the key (hashed): a corrected secret must not reuse a token the old one got.
    this.cacheKey = `${authBase}|${fields.clientId ?? ''}|${createHash('sha256')
      .update(fields.clientSecret ?? '')
      .digest('hex')}`
    this.http = this.isOAuth
      ? new HttpClient(
          {
            provider: 'kollus',
            queueKey: 'kollus-oauth',
            name: NAME,
            baseUrl: authBase,
            secrets: () => this.secrets(),
            parseError: (ctx) => {
              const d = kollusErrorDetails(ctx)
              // RFC 6749 §5.2: a refused client comes back as 400/401 invalid_client.
              const oauth = str(pick(ctx.body, 'error'))
              if (oauth && /invalid_client|unauthorized_client|invalid_grant|invalid_scope/.test(oauth)) d.code = 'auth'
              return d
            },
            authHint:
              'Check the OAuth client ID and secret (Kollus console → Settings → Service account → OAuth Clients), then save them again with `onair credentials set kollus`.'
          },
          deps
        )
      : null
  }

  secrets(): string[] {
    return [this.fields.accessToken, this.fields.clientSecret, tokenCache.get(this.cacheKey)?.token].filter((s): s is string => Boolean(s))
  }

  async token(): Promise<string> {
    if (!this.http) return this.fields.accessToken
    const cached = tokenCache.get(this.cacheKey)
    if (cached && this.now() < cached.expiresAt) return cached.token
    const res = await this.http.request({
      method: 'POST',
      path: '/oauth/token',
      form: {
        grant_type: 'client_credentials',
        client_id: this.fields.clientId,
        client_secret: this.fields.clientSecret,
        scope: 'live:control live:statistics'
      },
      what: 'sign in with your OAuth client'
    })
    const token = str(pick(res.body, 'access_token'))
    const expiresIn = Number(pick(res.body, 'expires_in'))
    if (!token)
      throw onairError('bad_response', `${NAME} answered the sign-in without an access token; try again later.`, { provider: 'kollus', retryable: true })
    const lifetime = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 3600_000
    // Renew 2 days early, or halfway through a short-lived token.
    tokenCache.set(this.cacheKey, { token, expiresAt: this.now() + lifetime - Math.min(RENEW_MARGIN_MS, lifetime / 2) })
    return token
  }

  /** After a 401: an OAuth client can fetch a fresh token; a PAT cannot be renewed by us. */
  async renew(): Promise<boolean> {
    if (!this.http) return false
    tokenCache.delete(this.cacheKey)
    return true
  }
}

// ---- the app-wide Kollus limiter ----

const limiters = new Map<string, PersistedRateLimiter>()

/** One limiter per rate-limit file for the whole process; the file shares the budget with other processes. */
function kollusLimiter(ctx: ProviderContext): PersistedRateLimiter {
  const minGapMs = ctx.tuning?.kollusMinGapMs ?? KOLLUS_MIN_GAP_MS
  const perMinute = ctx.tuning?.kollusPerMinute ?? KOLLUS_PER_MINUTE
  const file = ctx.dataDir ? join(ctx.dataDir, 'rate-limits', 'kollus.json') : undefined
  const key = `${file ?? 'memory'}|${minGapMs}|${perMinute}`
  let limiter = limiters.get(key)
  if (!limiter) {
    limiter = new PersistedRateLimiter({ minGapMs, perMinute, file, now: ctx.http?.now, sleep: ctx.http?.sleep })
    limiters.set(key, limiter)
  }
  return limiter
}
