import type { RtmpCallback } from '../../fixtures/nginx-rtmp'
import { ALNUM, LOWER, parseBody, randomId, type EmulatorRequest, type EmulatorResponse } from '../emulator-server'
import { ProviderEmulator } from '../provider-emulator'

/**
 * Kollus Live, emulated from ../shared/providers/kollus.md: `/api/v1/live/service-accounts/{sak}/…`, Bearer tokens
 * (a PAT, or OAuth client_credentials at `/oauth/token`), `Accept: application/json`, form-encoded POST/PUT, lists
 * `{data,meta}`, and the documented limit of 60 calls a minute, ≥ 1 s apart → 429 (status and body are an
 * ASSUMPTION, §2). Error bodies are Laravel-style `{message, errors}` (unknown, §3.2). The channel's ingest is
 * console-only (§4): `consoleIngest()` plays the console; `exposeIngestFields` adds the ASSUMED API names.
 */
export interface KollusEmulatorOptions {
  serviceAccountKey?: string
  accessToken?: string
  clientId?: string
  clientSecret?: string
  /** OAuth token lifetime in seconds. */
  tokenTtlS?: number
  minGapMs?: number
  perMinute?: number
  /** The channel's disconnection window (pause → stop), in ms. */
  disconnectWindowMs?: number
  /** Put `rtmp_url` / `stream_key` (ASSUMED names) on channels, for the "API gives ingest" path. */
  exposeIngestFields?: boolean
  now?: () => number
}

interface Broadcast {
  key: string
  channelKey: string
  state: 'start' | 'pause' | 'resume' | 'stop'
  started_at?: string
  paused_at?: string | null
  ended_at?: string
  timer?: NodeJS.Timeout
}

interface Channel {
  key: string
  fields: Record<string, string>
  created_at: string
  streamKey: string
  trashed: boolean
  latest?: Broadcast
  seq: number
}

const FLAGS = ['is_shared', 'use_chatting_service', 'use_duplicate_block', 'use_capture_block', 'use_timeshift', 'idle_screen_kind', 'media_player_policy']

export class KollusEmulator extends ProviderEmulator {
  readonly channels = new Map<string, Channel>()
  readonly broadcasts = new Map<string, Broadcast>()
  readonly serviceAccountKey: string
  readonly accessToken: string
  readonly clientId: string
  readonly clientSecret: string
  /** Arrival times of accepted API calls (for the limit and for tests that measure spacing). */
  readonly callTimes: number[] = []
  private readonly issued = new Map<string, number>()
  private patExpired = false
  private seq = 0

  constructor(private readonly options: KollusEmulatorOptions = {}) {
    super((_status, message) => ({ message }), options.now)
    this.serviceAccountKey = options.serviceAccountKey ?? 'sak-onair-test'
    this.accessToken = options.accessToken ?? `pat-${randomId(ALNUM, 40)}`
    this.clientId = options.clientId ?? 'onair-client'
    this.clientSecret = options.clientSecret ?? `cs-${randomId(ALNUM, 32)}`
  }

  protected override clearTimers(): void {
    for (const b of this.broadcasts.values()) clearTimeout(b.timer)
  }
  /** Every token stops working: issued OAuth tokens and the PAT (its year is up). */
  expireTokens(options: { pat?: boolean } = {}): void {
    for (const t of this.issued.keys()) this.issued.set(t, 0)
    if (options.pat) this.patExpired = true
  }
  /** What the console shows: the "application link" and the Creator stream key (§4). */
  consoleIngest(channelKey: string): { server: string; key: string } {
    const c = this.channels.get(channelKey)
    if (!c) throw new Error(`no channel ${channelKey}`)
    return { server: this.ingest.server, key: c.streamKey }
  }

  private iso(): string {
    return new Date(this.now()).toISOString().replace(/Z$/, '+00:00')
  }

  protected handle(req: EmulatorRequest): EmulatorResponse {
    if (req.path === '/oauth/token') return this.token(req)
    const prefix = /^\/api\/v1\/live\/service-accounts\/([^/]+)(\/.*)$/.exec(req.path)
    if (!prefix) return err(404, 'Not Found')
    const limited = this.rateLimit(req)
    if (limited) return limited
    if (!/application\/json/.test(String(req.headers.accept ?? ''))) return err(406, 'Send Accept: application/json.')
    const auth = /^Bearer\s+(\S+)$/.exec(String(req.headers.authorization ?? ''))
    if (!auth || !this.tokenValid(auth[1])) return err(401, 'Unauthenticated.')
    if (decodeURIComponent(prefix[1]) !== this.serviceAccountKey) return err(404, 'Service account not found.')
    const path = prefix[2]
    const method = req.method
    if (
      (method === 'POST' || method === 'PUT') &&
      String(req.headers['content-type'] ?? '')
        .split(';')[0]
        .trim() !== 'application/x-www-form-urlencoded'
    ) {
      return err(415, 'Content-Type must be application/x-www-form-urlencoded.')
    }
    let m: RegExpExecArray | null
    if (path === '/channels' && method === 'GET') return this.list(req)
    if (path === '/channels' && method === 'POST') return this.create(req)
    if ((m = /^\/channels\/([^/]+)(\/broadcasts|\/trash|\/restore)?$/.exec(path))) {
      const c = this.channels.get(decodeURIComponent(m[1]))
      if (!c) return err(404, 'Channel not found.')
      const action = `${method} ${m[2] ?? ''}`
      if (action === 'GET ') return { status: 200, body: { data: this.view(c) } }
      if (action === 'PUT ') return this.update(req, c)
      if (action === 'DELETE ') {
        this.channels.delete(c.key)
        return { status: 200, body: { data: this.view(c) } }
      }
      if (action === 'PUT /trash' || action === 'PUT /restore') {
        c.trashed = action === 'PUT /trash'
        return { status: 200, body: { data: this.view(c) } }
      }
      if (action === 'GET /broadcasts') {
        const list = [...this.broadcasts.values()]
          .filter((b) => b.channelKey === c.key)
          .reverse()
          .map((b) => this.broadcastView(b))
        return { status: 200, body: { data: list, meta: { current_page: 1, last_page: 1, per_page: list.length, total: list.length } } }
      }
    }
    if ((m = /^\/broadcasts\/([^/]+)$/.exec(path)) && method === 'GET') {
      const b = this.broadcasts.get(decodeURIComponent(m[1]))
      return b ? { status: 200, body: { data: this.broadcastView(b) } } : err(404, 'Broadcast not found.')
    }
    return err(404, 'Not Found')
  }

  /** ≥ minGap since the last accepted call and ≤ perMinute in any 60 s (§2). Refused calls do not count. */
  private rateLimit(req: EmulatorRequest): EmulatorResponse | null {
    const now = req.time
    const gap = this.options.minGapMs ?? 1000
    const perMinute = this.options.perMinute ?? 60
    const recent = this.callTimes.filter((t) => t > now - 60_000)
    const last = recent[recent.length - 1]
    let waitMs = 0
    if (last !== undefined && now - last < gap) waitMs = gap - (now - last)
    if (recent.length >= perMinute) waitMs = Math.max(waitMs, recent[recent.length - perMinute] + 60_000 - now)
    if (waitMs > 0) return { status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) } }
    this.callTimes.push(now)
    return null
  }

  private tokenValid(token: string): boolean {
    if (token === this.accessToken) return !this.patExpired
    const expiresAt = this.issued.get(token)
    return expiresAt !== undefined && expiresAt > this.now()
  }

  private token(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'POST') return err(405, 'Method not allowed')
    const parsed = parseBody(req, ['form'])
    if (!parsed.ok) return { status: 400, body: { error: 'invalid_request', error_description: 'The request must be form-encoded.' } }
    const b = parsed.value
    if (b.grant_type !== 'client_credentials')
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported here.' } }
    if (b.client_id !== this.clientId || b.client_secret !== this.clientSecret)
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } }
    const ttl = this.options.tokenTtlS ?? 3600
    const token = `oat-${randomId(ALNUM, 40)}`
    this.issued.set(token, this.now() + ttl * 1000)
    return { status: 200, body: { token_type: 'Bearer', expires_in: ttl, access_token: token } }
  }

  private list(req: EmulatorRequest): EmulatorResponse {
    const page = Number(req.query.get('page') ?? '1')
    const perPage = Number(req.query.get('per_page') ?? '10')
    if (!Number.isInteger(page) || page < 1) return invalid('page', 'The page must be at least 1.')
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return invalid('per_page', 'The per page must be between 1 and 100.')
    const order = req.query.get('order') ?? 'id_desc'
    if (order !== 'id_desc' && order !== 'id_asc') return invalid('order', 'The selected order is invalid.')
    const trashed = req.query.get('trashed') ?? '0'
    const keyword = req.query.get('keyword')
    const all = [...this.channels.values()].filter((c) => c.trashed === (trashed === '1') && (!keyword || c.fields.title.includes(keyword)))
    all.sort((a, b) => (order === 'id_desc' ? b.seq - a.seq : a.seq - b.seq))
    const lastPage = Math.max(1, Math.ceil(all.length / perPage))
    const data = all.slice((page - 1) * perPage, page * perPage).map((c) => this.view(c))
    return { status: 200, body: { data, meta: { current_page: page, last_page: lastPage, per_page: perPage, total: all.length } } }
  }

  private validate(b: Record<string, unknown>, creating: boolean): EmulatorResponse | null {
    // title and customer_code are required in the console (§3.1); we hold the API to the same.
    if (creating && (typeof b.title !== 'string' || !b.title.trim())) return invalid('title', 'The title field is required.')
    if (creating && (typeof b.customer_code !== 'string' || !b.customer_code.trim())) return invalid('customer_code', 'The customer code field is required.')
    for (const flag of FLAGS)
      if (b[flag] !== undefined && !['0', '1'].includes(String(b[flag]))) return invalid(flag, `The ${flag.replace(/_/g, ' ')} field must be 0 or 1.`)
    if (b.concurrently_viewer_limit !== undefined && !/^\d+$/.test(String(b.concurrently_viewer_limit)))
      return invalid('concurrently_viewer_limit', 'The concurrently viewer limit must be an integer.')
    if (b.recording_file_policy !== undefined && !['0', '1', '3'].includes(String(b.recording_file_policy)))
      return invalid('recording_file_policy', 'The selected recording file policy is invalid.')
    if (b.recording_file_segment_policy !== undefined && !['1', '2'].includes(String(b.recording_file_segment_policy)))
      return invalid('recording_file_segment_policy', 'The selected recording file segment policy is invalid.')
    return null
  }

  private create(req: EmulatorRequest): EmulatorResponse {
    const parsed = parseBody(req, ['form'])
    if (!parsed.ok) return err(415, 'Content-Type must be application/x-www-form-urlencoded.')
    const problem = this.validate(parsed.value, true)
    if (problem) return problem
    const c: Channel = {
      key: randomId(LOWER, 16),
      fields: Object.fromEntries(Object.entries(parsed.value).map(([k, v]) => [k, String(v)])),
      created_at: this.iso(),
      streamKey: randomId(ALNUM, 24),
      trashed: false,
      seq: ++this.seq
    }
    this.channels.set(c.key, c)
    return { status: 200, body: { data: this.view(c) } }
  }

  private update(req: EmulatorRequest, c: Channel): EmulatorResponse {
    const parsed = parseBody(req, ['form'])
    if (!parsed.ok) return err(415, 'Content-Type must be application/x-www-form-urlencoded.')
    const problem = this.validate(parsed.value, false)
    if (problem) return problem
    for (const [k, v] of Object.entries(parsed.value)) c.fields[k] = String(v)
    return { status: 200, body: { data: this.view(c) } }
  }

  private view(c: Channel): Record<string, unknown> {
    const f = c.fields
    const b = c.latest
    return {
      key: c.key,
      title: f.title,
      customer_code: f.customer_code,
      is_shared: f.is_shared === '1',
      concurrently_viewer_limit: f.concurrently_viewer_limit ? Number(f.concurrently_viewer_limit) : 100,
      created_at: c.created_at,
      use_chatting_service: f.use_chatting_service === '1',
      use_timeshift: f.use_timeshift === '1',
      media_player_policy: { type: 'force_exclusive_player', value: f.media_player_policy === '1' ? '1' : '0' },
      idle_screen_url: null,
      // Empty when the channel never broadcast (§3.2).
      latest_broadcast: b
        ? { is_onair: b.state !== 'stop', started_at: b.started_at ?? null, paused_at: b.paused_at ?? null, ended_at: b.ended_at ?? null }
        : {},
      ...(this.options.exposeIngestFields ? { rtmp_url: this.ingest.server, stream_key: c.streamKey } : {})
    }
  }

  private broadcastView(b: Broadcast): Record<string, unknown> {
    return {
      key: b.key,
      channel_key: b.channelKey,
      broadcast_state: b.state,
      is_onair: b.state !== 'stop',
      started_at: b.started_at,
      paused_at: b.paused_at,
      ended_at: b.ended_at
    }
  }

  /** Push → start (or resume within the window); drop → pause, then stop when the window passes (§5). */
  protected onRtmp(cb: RtmpCallback): number {
    const c = [...this.channels.values()].find((ch) => ch.streamKey === cb.name)
    if (!c) return 403
    const b = c.latest
    if (cb.call === 'publish') {
      if (b && b.state === 'pause') {
        clearTimeout(b.timer)
        b.state = 'resume'
        b.paused_at = null
        return 200
      }
      if (b && b.state !== 'stop') return 403 // already on air from another encoder
      const nb: Broadcast = { key: randomId(LOWER, 16), channelKey: c.key, state: 'start', started_at: this.iso() }
      this.broadcasts.set(nb.key, nb)
      c.latest = nb
      return 200
    }
    if (cb.call === 'publish_done' && b && (b.state === 'start' || b.state === 'resume')) {
      b.state = 'pause'
      b.paused_at = this.iso()
      b.timer = setTimeout(() => {
        b.state = 'stop'
        b.ended_at = this.iso()
      }, this.options.disconnectWindowMs ?? 1000)
    }
    return 200
  }
}

function err(status: number, message: string): EmulatorResponse {
  return { status, body: { message } }
}

function invalid(field: string, message: string): EmulatorResponse {
  return { status: 422, body: { message, errors: { [field]: [message] } } }
}
