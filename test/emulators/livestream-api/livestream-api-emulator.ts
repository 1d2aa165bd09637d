import type { RtmpCallback } from '../../fixtures/nginx-rtmp'
import { ALNUM, basicAuth, parseBody, randomId, type EmulatorRequest, type EmulatorResponse } from '../emulator-server'
import { ProviderEmulator } from '../provider-emulator'

/**
 * The Livestream API v1.0-poc, emulated from ../shared/providers/livestream-api.md: Basic auth with token id and
 * secret, errors in the `{ec,data,msg}` envelope with 400/401/403/404/405/422, successes bare (as the examples
 * show) or enveloped (`envelope: 'always'`), ranges checked (422 "Wrong param"). Streams go init → live on a push
 * and, after stopTimeout without one, → ended (terminal); DELETE ends at once, `?delete=true` removes.
 */
export interface LivestreamApiEmulatorOptions {
  tokenId?: string
  tokenSecret?: string
  /** 'bare': successes as in the examples (default); 'always': `{ec:0,data,msg:""}` around them too. */
  envelope?: 'bare' | 'always'
  /** First page number of the list: the docs say "min 0", default 1, and the example echoes 0 (§4.2). */
  pageBase?: 0 | 1
  /** ms per second of stopTimeout/expire, so tests do not wait minutes. */
  timeScaleMs?: number
  now?: () => number
}

interface Stream {
  id: string
  name: string
  description: string
  accountId: string
  tags: string[]
  mode: string
  catchup: boolean
  record: boolean
  dvr: boolean
  streamToken: string
  stopTimeout: number
  expire: number
  status: 'init' | 'live' | 'ended' | 'error'
  health?: 'excellent' | 'acceptable' | 'unstable'
  createdAt: string
  startTime?: string
  stopTime?: string
  pushedMs: number
  pushStartedAt?: number
  timer?: NodeJS.Timeout
}

type Range = { min: number; max: number }
const RANGES: Record<string, Range> = {
  thumbWidth: { min: 50, max: 1920 },
  thumbHeight: { min: 50, max: 1080 },
  thumbInterval: { min: 5, max: 100 },
  expire: { min: 60, max: 604800 },
  stopTimeout: { min: 0, max: 1800 }
}
const MODES = ['normal', 'low-latency', 'ultra-low-latency']
const PROFILES = ['1080p', '720p', '480p', '360p']

export class LivestreamApiEmulator extends ProviderEmulator {
  readonly streams = new Map<string, Stream>()
  readonly tokenId: string
  readonly tokenSecret: string
  private nextId = 5201198
  private revoked = false

  constructor(private readonly options: LivestreamApiEmulatorOptions = {}) {
    super((status, msg) => ({ ec: status, data: null, msg }), options.now)
    this.tokenId = options.tokenId ?? 'live-token-id-01'
    this.tokenSecret = options.tokenSecret ?? 'live-token-secret-0123456789abcdef'
  }

  protected override clearTimers(): void {
    for (const s of this.streams.values()) clearTimeout(s.timer)
  }
  revokeToken(): void {
    this.revoked = true
  }
  /** Drives `health` as bitrate/codec checks would (§3). */
  setHealth(id: string, health: Stream['health']): void {
    const s = this.streams.get(id)
    if (s) s.health = health
  }

  private ok(data: unknown, status = 200): EmulatorResponse {
    return { status, body: this.options.envelope === 'always' ? { ec: 0, data, msg: '' } : data }
  }

  protected handle(req: EmulatorRequest): EmulatorResponse {
    const basic = basicAuth(req)
    if (!basic || basic.user !== this.tokenId || basic.pass !== this.tokenSecret || this.revoked) return fail(401, 'Authentication failed')
    const path = req.path
    let m: RegExpExecArray | null
    if (path === '/livestream/live') {
      if (req.method === 'GET') return this.list(req)
      if (req.method === 'POST') return this.create(req)
      return fail(405, 'Method not allowed')
    }
    // `/Rtmp` in the English seed, `/rtmp` in the Vietnamese original: match case-insensitively (§4.3).
    if ((m = /^\/livestream\/live\/([^/]+)(\/rtmp)?$/i.exec(path))) {
      const s = this.streams.get(decodeURIComponent(m[1]))
      if (!s) return fail(404, 'Live stream not found')
      this.expireIfIdle(s)
      if (m[2]) return req.method === 'GET' ? this.ok({ id: s.id, streamUrl: this.ingest.server, streamToken: s.streamToken }) : fail(405, 'Method not allowed')
      if (req.method === 'GET') return this.ok(this.view(s))
      if (req.method === 'PUT') return this.update(req, s)
      if (req.method === 'DELETE') {
        const del = req.query.get('delete') ?? 'false'
        if (del !== 'true' && del !== 'false') return fail(422, 'Wrong param: delete')
        if (s.status !== 'ended') this.end(s)
        if (del === 'true') this.streams.delete(s.id)
        return this.ok({ id: s.id })
      }
      return fail(405, 'Method not allowed')
    }
    return fail(404, 'Not found')
  }

  private list(req: EmulatorRequest): EmulatorResponse {
    const base = this.options.pageBase ?? 0
    const page = Number(req.query.get('page') ?? String(base))
    const length = Number(req.query.get('length') ?? '10')
    if (!Number.isInteger(page) || page < 0) return fail(422, 'Wrong param: page')
    if (!Number.isInteger(length) || length < 1 || length > 100) return fail(422, 'Wrong param: length')
    const order = req.query.get('order') ?? 'desc'
    if (order !== 'asc' && order !== 'desc') return fail(422, 'Wrong param: order')
    const status = req.query.get('status')
    const query = req.query.get('query')
    let all = [...this.streams.values()].map((s) => (this.expireIfIdle(s), s))
    if (status) all = all.filter((s) => s.status === status)
    if (query) all = all.filter((s) => s.name.includes(query))
    all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : Number(a.id) - Number(b.id)) * (order === 'desc' ? -1 : 1))
    // A 1-based server clamps page 0 to the first page.
    const index = Math.max(0, page - base)
    const data = all.slice(index * length, (index + 1) * length).map((s) => this.view(s))
    return this.ok({ data, total: all.length, length: data.length, page })
  }

  private create(req: EmulatorRequest): EmulatorResponse {
    // JSON per the auth example; form accepted too since PUT speaks of "Form Parameters" (§1 ASSUMPTION).
    const parsed = parseBody(req, ['json', 'form'])
    if (!parsed.ok) return fail(400, parsed.reason === 'content-type' ? 'Unsupported content type' : 'Bad request: invalid JSON')
    // The English seed capitalises some names (Tags, Mode...): accept either casing (§4.1).
    const b: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(parsed.value)) b[k.charAt(0).toLowerCase() + k.slice(1)] = v
    if (typeof b.name !== 'string' || !b.name.trim()) return fail(400, 'Missing data: name')
    for (const [field, range] of Object.entries(RANGES)) {
      if (b[field] === undefined) continue
      const n = Number(b[field])
      if (!Number.isInteger(n) || n < range.min || n > range.max) return fail(422, `Wrong param: ${field}`)
    }
    if (b.mode !== undefined && !MODES.includes(String(b.mode))) return fail(422, 'Wrong param: mode')
    if (
      b.transcodeProfile !== undefined &&
      !String(b.transcodeProfile)
        .split(',')
        .every((p) => PROFILES.includes(p.trim()))
    )
      return fail(422, 'Wrong param: transcodeProfile')
    for (const flag of ['catchup', 'record', 'dvr', 'thumbnail']) {
      if (b[flag] !== undefined && typeof b[flag] !== 'boolean' && !['true', 'false'].includes(String(b[flag]))) return fail(422, `Wrong param: ${flag}`)
    }
    const token = typeof b.streamToken === 'string' && b.streamToken ? b.streamToken : `${randomId(ALNUM, 9)}-${randomId('0123456789abcdef', 10)}`
    if ([...this.streams.values()].some((s) => s.streamToken === token && s.status !== 'ended')) return fail(422, 'Wrong param: streamToken')
    const bool = (v: unknown, d: boolean) => (v === undefined ? d : v === true || v === 'true')
    const s: Stream = {
      id: String(this.nextId++),
      name: b.name.trim(),
      description: typeof b.description === 'string' ? b.description : '',
      accountId: String(b.accountId ?? '1'),
      tags: typeof b.tags === 'string' && b.tags ? b.tags.split(',') : [],
      mode: String(b.mode ?? 'normal'),
      catchup: bool(b.catchup, true),
      record: bool(b.record, false),
      dvr: bool(b.dvr, false),
      streamToken: token,
      stopTimeout: b.stopTimeout === undefined ? 600 : Number(b.stopTimeout),
      expire: b.expire === undefined ? 86400 : Number(b.expire),
      status: 'init',
      createdAt: new Date(this.now()).toISOString(),
      pushedMs: 0
    }
    this.streams.set(s.id, s)
    return this.ok({ id: s.id, streamUrl: this.ingest.server, streamToken: s.streamToken, createdAt: s.createdAt })
  }

  private update(req: EmulatorRequest, s: Stream): EmulatorResponse {
    const parsed = parseBody(req, ['json', 'form'])
    if (!parsed.ok) return fail(400, 'Unsupported content type')
    const b = parsed.value
    if (typeof b.name === 'string' && b.name.trim()) s.name = b.name.trim()
    if (typeof b.description === 'string') s.description = b.description
    if (typeof b.tags === 'string') s.tags = b.tags ? b.tags.split(',') : []
    if (b.catchup !== undefined) s.catchup = b.catchup === true || b.catchup === 'true'
    return this.ok(this.view(s))
  }

  private view(s: Stream): Record<string, unknown> {
    const pushing = s.pushStartedAt !== undefined ? this.now() - s.pushStartedAt : 0
    return {
      id: s.id,
      name: s.name,
      description: s.description,
      accountId: s.accountId,
      tags: s.tags,
      mode: s.mode,
      status: s.status,
      health: s.status === 'live' ? (s.health ?? 'excellent') : undefined,
      duration: Math.round((s.pushedMs + pushing) / 1000),
      createdAt: s.createdAt,
      startTime: s.startTime,
      stopTime: s.stopTime,
      livestreamUrl: s.status === 'live' ? `http://127.0.0.1/cdn/${s.id}/master.m3u8` : undefined,
      videoUrl: s.status === 'ended' && s.catchup ? `http://127.0.0.1/cdn/${s.id}/master_dvr.m3u8` : undefined,
      thumbnailUrl: `http://127.0.0.1/cdn/${s.id}/thumb.jpg`,
      recordUrl: s.status === 'ended' && s.record ? [`http://127.0.0.1/cdn/${s.id}/record.mp4`] : [],
      catchup: s.catchup
    }
  }

  /** No push within `expire` seconds closes the stream (§4.1). */
  private expireIfIdle(s: Stream): void {
    if (s.status === 'init' && this.now() - Date.parse(s.createdAt) > s.expire * (this.options.timeScaleMs ?? 1000)) this.end(s)
  }

  private end(s: Stream): void {
    clearTimeout(s.timer)
    if (s.pushStartedAt !== undefined) s.pushedMs += this.now() - s.pushStartedAt
    s.pushStartedAt = undefined
    s.status = 'ended'
    s.stopTime = new Date(this.now()).toISOString()
    void this.ingest.drop(s.streamToken)
  }

  protected onRtmp(cb: RtmpCallback): number {
    // A reused token may belong to an ended stream and a new one: the open one owns it.
    const s = [...this.streams.values()].find((x) => x.streamToken === cb.name && x.status !== 'ended')
    if (cb.call === 'publish') {
      if (!s || s.status === 'error') return 403 // unknown token, or ended: pushes are refused (§4.6)
      this.expireIfIdle(s)
      if (s.status !== 'init' && s.status !== 'live') return 403
      clearTimeout(s.timer)
      s.status = 'live'
      s.startTime ??= new Date(this.now()).toISOString()
      s.pushStartedAt = this.now()
      return 200
    }
    if (cb.call === 'publish_done' && s && s.status === 'live') {
      s.pushedMs += this.now() - (s.pushStartedAt ?? this.now())
      s.pushStartedAt = undefined
      // The stopTimeout grace starts now (a clean close; the 2 min dead-connection wait does not apply).
      s.timer = setTimeout(() => this.end(s), s.stopTimeout * (this.options.timeScaleMs ?? 1000))
    }
    return 200
  }
}

function fail(status: number, msg: string): EmulatorResponse {
  return { status, body: { ec: status, data: null, msg } }
}
