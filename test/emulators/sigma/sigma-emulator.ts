import { randomUUID } from 'node:crypto'
import type { RtmpCallback } from '../../fixtures/nginx-rtmp'
import { ALNUM, basicAuth, parseBody, randomId, type EmulatorRequest, type EmulatorResponse } from '../emulator-server'
import { ProviderEmulator } from '../provider-emulator'

/**
 * Sigma Livestream (api.sigma.video), emulated from ../shared/providers/sigma.md: Basic auth + X-App-Id, JSON
 * bodies, raw objects on success, lists `{data,total,count,page,perPage}`, Mongo-like `q` filters. Errors use the
 * NestJS shape `{statusCode,message,error}` (the real body is unknown, §8 ASSUMPTION). A push opens a session
 * init → processing → live with events init/published/process/stable; a drop gives unpublished and, after
 * stopTimeout, ended; `DELETE /stop` ends it with actor "user".
 */
export interface SigmaEmulatorOptions {
  appId?: string
  username?: string
  secret?: string
  /** ms per stopTimeout second (tests scale minutes down to ms). */
  stopTimeoutScaleMs?: number
  /** ms between init → processing → live. */
  processingMs?: number
  /** Concurrent live sessions per app; pushes beyond it are blocked (§8 quotas). */
  quota?: number
  now?: () => number
}

interface Channel {
  id: string
  data: Record<string, unknown>
  streamToken: string
  status: 'idle' | 'active'
  currentSessionId?: string
  startCalled: boolean
  createdAt: string
  updatedAt: string
}

interface Session {
  id: string
  channelId: string
  status: 'init' | 'processing' | 'preparing' | 'live' | 'error' | 'ended'
  createdAt: string
  updatedAt: string
  startedAt?: string
  finishedAt?: string
  timer?: NodeJS.Timeout
}

interface SigmaEvent {
  id: string
  sessionId: string
  action: string
  actor?: string
  message: string
  createdAt: string
  updatedAt: string
}

// UI wording (sigma.md §7); messages are Vietnamese like the real ones ("Kênh đã kết thúc" is from the seed).
const MESSAGES: Record<string, string> = {
  init: 'Khởi tạo phiên',
  published: 'Người dùng đẩy luồng vào',
  process: 'Đang xử lý',
  stable: 'Kênh ổn định',
  unpublished: 'Mất tín hiệu',
  republished: 'Tín hiệu được khôi phục',
  ended: 'Kênh đã kết thúc'
}

export class SigmaEmulator extends ProviderEmulator {
  readonly channels = new Map<string, Channel>()
  readonly sessions = new Map<string, Session>()
  readonly events: SigmaEvent[] = []
  readonly appId: string
  readonly username: string
  readonly secret: string
  private revoked = false

  constructor(private readonly options: SigmaEmulatorOptions = {}) {
    super((status, message) => nest(status, message).body, options.now)
    this.appId = options.appId ?? 'app-7f3c1e'
    this.username = options.username ?? 'onair-bot'
    this.secret = options.secret ?? 'sigma-emulator-secret-0123456789'
  }

  protected override clearTimers(): void {
    for (const s of this.sessions.values()) clearTimeout(s.timer)
  }
  revokeCredential(): void {
    this.revoked = true
  }

  private iso(): string {
    return new Date(this.now()).toISOString()
  }

  protected handle(req: EmulatorRequest): EmulatorResponse {
    const basic = basicAuth(req)
    if (!basic || basic.user !== this.username || basic.pass !== this.secret || this.revoked) return nest(401, 'Unauthorized')
    const app = req.headers['x-app-id']
    if (!app) return nest(400, 'X-App-Id header is required')
    if (app !== this.appId) return nest(403, 'You do not have access to this app')
    const m = /^\/api\/livestream(\/.*)$/.exec(req.path)
    if (!m) return nest(404, `Cannot ${req.method} ${req.path}`)
    const path = m[1]
    const method = req.method
    let match: RegExpExecArray | null
    if (path === '/channels' && method === 'GET')
      return this.list(
        req,
        [...this.channels.values()].map((c) => this.view(c))
      )
    if (path === '/channels' && method === 'POST') return this.create(req)
    if (path === '/sessions' && method === 'GET')
      return this.list(
        req,
        [...this.sessions.values()].map((s) => this.sessionView(s))
      )
    if (path === '/events' && method === 'GET') return this.list(req, this.events)
    if ((match = /^\/sessions\/([^/]+)(\/status)?$/.exec(path)) && method === 'GET') {
      const s = this.sessions.get(decodeURIComponent(match[1]))
      if (!s) return nest(404, 'Session not found')
      return { status: 200, body: match[2] ? { status: s.status } : this.sessionView(s) }
    }
    if ((match = /^\/channels\/([^/]+)(\/start|\/stop)?$/.exec(path))) {
      const c = this.channels.get(decodeURIComponent(match[1]))
      if (!c) return nest(404, 'Channel not found')
      const action = `${method} ${match[2] ?? ''}`
      if (action === 'GET ') return { status: 200, body: this.view(c) }
      if (action === 'PATCH /start') {
        const s = c.currentSessionId ? this.sessions.get(c.currentSessionId) : undefined
        if (c.startCalled || (s && s.status !== 'ended')) return nest(409, 'Channel is already started')
        c.startCalled = true
        return { status: 200, body: this.view(c) }
      }
      if (action === 'DELETE /stop') {
        c.startCalled = false
        const s = c.currentSessionId ? this.sessions.get(c.currentSessionId) : undefined
        if (s && s.status !== 'ended') this.end(c, s, 'user')
        return { status: 200, body: this.view(c) }
      }
      if (action === 'DELETE ') {
        // A channel cannot be deleted while a session is init/processing/error/live (§6).
        const busy = [...this.sessions.values()].some((s) => s.channelId === c.id && ['init', 'processing', 'error', 'live'].includes(s.status))
        if (busy) return nest(400, 'Channel has a running session; stop it first')
        this.channels.delete(c.id)
        return { status: 200, body: this.view(c) }
      }
      return nest(404, `Cannot ${method} ${req.path}`)
    }
    return nest(404, `Cannot ${method} ${req.path}`)
  }

  private create(req: EmulatorRequest): EmulatorResponse {
    const parsed = parseBody(req, ['json'])
    if (!parsed.ok) return parsed.reason === 'content-type' ? nest(415, 'Unsupported Media Type') : nest(400, 'Unexpected token in JSON body')
    const b = parsed.value
    const problems: string[] = []
    if (typeof b.name !== 'string' || !b.name.trim()) problems.push('name should not be empty')
    if (b.type !== undefined && !['transcode', 'forward', 'hybrid'].includes(String(b.type)))
      problems.push('type must be one of the following values: transcode, forward, hybrid')
    if (b.mode !== undefined && !['normal', 'low-latency', 'ultra-low-latency'].includes(String(b.mode)))
      problems.push('mode must be one of the following values: normal, low-latency, ultra-low-latency')
    if (b.outputFormat !== undefined && !['hls', 'dash'].includes(String(b.outputFormat)))
      problems.push('outputFormat must be one of the following values: hls, dash')
    if (b.stopTimeout !== undefined && !(Number.isInteger(b.stopTimeout) && Number(b.stopTimeout) >= 0)) problems.push('stopTimeout must not be less than 0')
    for (const flag of ['catchup', 'record'] as const)
      if (b[flag] !== undefined && typeof b[flag] !== 'boolean') problems.push(`${flag} must be a boolean value`)
    if (b.transcodeProfile !== undefined && !(Array.isArray(b.transcodeProfile) && b.transcodeProfile.every((p) => typeof p === 'string')))
      problems.push('transcodeProfile must be an array')
    if (b.tags !== undefined && !Array.isArray(b.tags)) problems.push('tags must be an array')
    if (problems.length) return { status: 400, body: { statusCode: 400, message: problems, error: 'Bad Request' } }
    const now = this.iso()
    const c: Channel = {
      id: randomUUID(),
      data: {
        name: b.name,
        description: b.description ?? null,
        tags: b.tags ?? [],
        transcodeProfile: b.transcodeProfile ?? [],
        type: b.type ?? 'transcode',
        mode: b.mode ?? 'normal',
        stopTimeout: b.stopTimeout ?? 30,
        catchup: b.catchup ?? false,
        record: b.record ?? false,
        outputFormat: b.outputFormat ?? 'hls',
        machine: b.machine ?? null,
        destinationCatchup: b.destinationCatchup ?? null
      },
      streamToken: `${randomId(ALNUM.toLowerCase(), 5)}-${randomId(ALNUM.toLowerCase(), 20)}-${randomId(ALNUM.toLowerCase(), 5)}`,
      status: 'idle',
      startCalled: false,
      createdAt: now,
      updatedAt: now
    }
    this.channels.set(c.id, c)
    return { status: 201, body: this.view(c) }
  }

  /** `q` (JSON filter: plain equality or `$and` of them), `sort=field|dir`, `page` (1-based), `perPage`. */
  private list(req: EmulatorRequest, all: Array<Record<string, unknown> | SigmaEvent>): EmulatorResponse {
    const page = Number(req.query.get('page') ?? '1')
    const perPage = Number(req.query.get('perPage') ?? '10')
    if (!Number.isInteger(page) || page < 1) return { status: 400, body: { statusCode: 400, message: ['page must not be less than 1'], error: 'Bad Request' } }
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
      return { status: 400, body: { statusCode: 400, message: ['perPage must not be greater than 100'], error: 'Bad Request' } }
    let filter: Record<string, unknown> = {}
    const q = req.query.get('q')
    if (q) {
      try {
        filter = JSON.parse(q) as Record<string, unknown>
      } catch {
        return nest(400, 'q must be a JSON object')
      }
    }
    const clauses: Array<Record<string, unknown>> = Array.isArray(filter.$and) ? (filter.$and as Array<Record<string, unknown>>) : [filter]
    let items = all.filter((item) => clauses.every((clause) => Object.entries(clause).every(([k, v]) => (item as Record<string, unknown>)[k] === v)))
    const sort = req.query.get('sort')
    if (sort) {
      const [field, dir] = sort.split('|')
      items = [...items].sort((a, b) => {
        const x = String((a as Record<string, unknown>)[field] ?? '')
        const y = String((b as Record<string, unknown>)[field] ?? '')
        return (x < y ? -1 : x > y ? 1 : 0) * (dir === 'desc' ? -1 : 1)
      })
    }
    const data = items.slice((page - 1) * perPage, page * perPage)
    return { status: 200, body: { data, total: items.length, count: data.length, page, perPage } }
  }

  private view(c: Channel): Record<string, unknown> {
    return {
      id: c.id,
      ...c.data,
      appId: this.appId,
      inputId: `input-${c.id.slice(0, 8)}`,
      status: c.status,
      currentSessionId: c.currentSessionId,
      input: { rtmpServer: this.ingest.server, streamToken: c.streamToken },
      liveStreamUrl: `http://127.0.0.1:8080/manifest/${c.id}/master.m3u8`,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt
    }
  }

  private sessionView(s: Session): Record<string, unknown> {
    const c = this.channels.get(s.channelId)
    return {
      id: s.id,
      name: `${String(c?.data.name ?? '')}_${s.createdAt.slice(0, 19).replace('T', '-')}`,
      status: s.status,
      appId: this.appId,
      channelId: s.channelId,
      recordUrls: [],
      duration: s.startedAt ? Math.round((Date.parse(s.finishedAt ?? this.iso()) - Date.parse(s.startedAt)) / 1000) : 0,
      isCreateTask: true,
      events: [],
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt
    }
  }

  private event(s: Session, action: string, actor?: string): void {
    const at = this.iso()
    this.events.push({
      id: randomUUID(),
      sessionId: s.id,
      action,
      ...(actor ? { actor } : {}),
      message: MESSAGES[action] ?? action,
      createdAt: at,
      updatedAt: at
    })
  }

  private setStatus(s: Session, status: Session['status']): void {
    s.status = status
    s.updatedAt = this.iso()
  }

  private end(c: Channel, s: Session, actor: string): void {
    clearTimeout(s.timer)
    this.setStatus(s, 'ended')
    s.finishedAt = this.iso()
    this.event(s, 'ended', actor)
    c.status = 'idle'
    c.currentSessionId = undefined
    c.startCalled = false
    void this.ingest.drop(c.streamToken)
  }

  protected onRtmp(cb: RtmpCallback): number {
    const c = [...this.channels.values()].find((ch) => ch.streamToken === cb.name)
    if (!c) return 403
    const current = c.currentSessionId ? this.sessions.get(c.currentSessionId) : undefined
    if (cb.call === 'publish') {
      if (current && current.status === 'preparing') {
        // Back within stopTimeout: the same session goes on.
        clearTimeout(current.timer)
        this.event(current, 'republished')
        this.setStatus(current, 'live')
        this.event(current, 'stable')
        return 200
      }
      if (current && current.status !== 'ended') return 403 // one publisher per channel
      const live = [...this.sessions.values()].filter((s) => s.status !== 'ended').length
      if (this.options.quota !== undefined && live >= this.options.quota) return 403
      const at = this.iso()
      const s: Session = { id: randomUUID(), channelId: c.id, status: 'init', createdAt: at, updatedAt: at }
      this.sessions.set(s.id, s)
      c.status = 'active'
      c.currentSessionId = s.id
      this.event(s, 'init')
      this.event(s, 'published')
      const step = this.options.processingMs ?? 100
      s.timer = setTimeout(() => {
        if (s.status !== 'init') return
        this.setStatus(s, 'processing')
        this.event(s, 'process')
        s.timer = setTimeout(() => {
          if (s.status !== 'processing') return
          this.setStatus(s, 'live')
          s.startedAt = this.iso()
          this.event(s, 'stable')
        }, step)
      }, step)
      return 200
    }
    if (cb.call === 'publish_done' && current && current.status !== 'ended') {
      clearTimeout(current.timer)
      this.setStatus(current, 'preparing')
      this.event(current, 'unpublished')
      const timeoutMs = Number(c.data.stopTimeout ?? 30) * (this.options.stopTimeoutScaleMs ?? 1000)
      current.timer = setTimeout(() => this.end(c, current, 'system'), timeoutMs)
    }
    return 200
  }
}

function nest(status: number, message: string): EmulatorResponse {
  const reason: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    415: 'Unsupported Media Type',
    429: 'Too Many Requests'
  }
  return { status, body: { statusCode: status, message, error: reason[status] ?? 'Internal Server Error' } }
}
