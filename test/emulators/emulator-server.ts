import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { RtmpCallback, RtmpIngest } from '../fixtures/nginx-rtmp'

/** A request as an emulator route sees it. */
export interface EmulatorRequest {
  method: string
  path: string
  /** Path and query exactly as sent (NAVER signs this string). */
  rawUrl: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  rawBody: string
  time: number
}

export interface EmulatorResponse {
  status: number
  /** Serialised as JSON unless `text` is given. */
  body?: unknown
  text?: string
  headers?: Record<string, string>
}

/** Faults injected on demand (issue 3 §8). */
export type Fault = { kind: 'status'; status: number; retryAfterS?: number } | { kind: 'slow'; delayMs: number } | { kind: 'malformed' } | { kind: 'reset' }

interface FaultRule {
  fault: Fault
  remaining: number
  match?: (req: EmulatorRequest) => boolean
}

export type ErrorEnvelope = (status: number, message: string) => unknown

/**
 * The HTTP shell every provider emulator shares: node:http on 127.0.0.1 port 0, a request log, and fault
 * injection that runs before the provider's strict checks (a gateway failing comes first in real life too).
 */
export class EmulatorServer {
  readonly requests: EmulatorRequest[] = []
  private readonly faults: FaultRule[] = []
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  url = ''

  constructor(
    private readonly handle: (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>,
    private readonly envelope: ErrorEnvelope,
    private readonly now: () => number = Date.now
  ) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.serve(req, res))
    server.on('connection', (s) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    this.server = server
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return this.url
  }

  async close(): Promise<void> {
    const server = this.server
    this.server = null
    if (!server) return
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((r) => server.close(() => r()))
  }

  /** The next `times` matching requests get this fault. */
  inject(fault: Fault, options: { times?: number; path?: RegExp; method?: string } = {}): void {
    const { path, method } = options
    this.faults.push({
      fault,
      remaining: options.times ?? 1,
      match: path || method ? (r) => (!path || path.test(r.path)) && (!method || r.method === method) : undefined
    })
  }

  clearFaults(): void {
    this.faults.length = 0
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const url = new URL(req.url ?? '/', 'http://emulator')
    const request: EmulatorRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      rawUrl: req.url ?? '/',
      query: url.searchParams,
      headers: req.headers,
      rawBody: Buffer.concat(chunks).toString('utf8'),
      time: this.now()
    }
    this.requests.push(request)
    const rule = this.faults.find((f) => f.remaining > 0 && (!f.match || f.match(request)))
    if (rule) {
      rule.remaining--
      const fault = rule.fault
      if (fault.kind === 'reset') {
        req.socket.destroy()
        return
      }
      if (fault.kind === 'malformed') return this.send(res, { status: 200, text: '{"data": [ {"id": "trunc' })
      if (fault.kind === 'status') {
        const headers: Record<string, string> = fault.retryAfterS !== undefined ? { 'Retry-After': String(fault.retryAfterS) } : {}
        return this.send(res, {
          status: fault.status,
          body: this.envelope(fault.status, fault.status === 429 ? 'Too many requests' : 'Injected failure'),
          headers
        })
      }
      if (fault.kind === 'slow') {
        await new Promise((r) => setTimeout(r, fault.delayMs))
        if (res.destroyed || req.socket.destroyed) return
      }
    }
    let response: EmulatorResponse
    try {
      response = await this.handle(request)
    } catch (e) {
      response = { status: 500, body: this.envelope(500, `emulator bug: ${e instanceof Error ? e.message : String(e)}`) }
    }
    this.send(res, response)
  }

  private send(res: ServerResponse, r: EmulatorResponse): void {
    if (res.destroyed) return
    const text = r.text ?? (r.body === undefined ? '' : JSON.stringify(r.body))
    res.writeHead(r.status, { 'Content-Type': 'application/json; charset=utf-8', ...(r.headers ?? {}) })
    res.end(text)
  }
}

/** Parses a JSON or form body; null when the body is not what the content type says. */
export function parseBody(
  req: EmulatorRequest,
  accept: Array<'json' | 'form'>
): { ok: true; value: Record<string, unknown> } | { ok: false; reason: 'content-type' | 'syntax' } {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase()
  if (type === 'application/json' && accept.includes('json')) {
    try {
      const v = JSON.parse(req.rawBody || 'null') as unknown
      return v && typeof v === 'object' && !Array.isArray(v) ? { ok: true, value: v as Record<string, unknown> } : { ok: false, reason: 'syntax' }
    } catch {
      return { ok: false, reason: 'syntax' }
    }
  }
  if (type === 'application/x-www-form-urlencoded' && accept.includes('form')) {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(req.rawBody)) }
  }
  return { ok: false, reason: 'content-type' }
}

/** Basic credentials from an Authorization header, or null. */
export function basicAuth(req: EmulatorRequest): { user: string; pass: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(String(req.headers.authorization ?? ''))
  if (!m) return null
  const decoded = Buffer.from(m[1], 'base64').toString('utf8')
  const i = decoded.indexOf(':')
  return i < 0 ? null : { user: decoded.slice(0, i), pass: decoded.slice(i + 1) }
}

export function randomId(alphabet: string, length: number): string {
  let s = ''
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)]
  return s
}

export const LOWER = 'abcdefghijklmnopqrstuvwxyz'
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/**
 * The ingest an emulator hands out: a real nginx-rtmp (`attach`) or, for unit tests, a stand-in address whose
 * publishes the test drives by hand through the same handler (`simulatePublish`).
 */
export class IngestLink {
  private ingest: RtmpIngest | null = null
  app = 'live'

  constructor(private readonly onCallback: (cb: RtmpCallback) => number | Promise<number>) {}

  attach(ingest: RtmpIngest): void {
    this.ingest = ingest
    ingest.setPublishHandler((cb) => this.onCallback(cb))
  }

  get server(): string {
    return `${this.ingest?.base ?? 'rtmp://127.0.0.1:1935'}/${this.app}`
  }

  /** Cuts a running push (provider-side stop); a no-op without a real ingest. */
  async drop(key: string): Promise<void> {
    await this.ingest?.dropPublisher?.(key, this.app)
  }

  simulate(call: 'publish' | 'publish_done', key: string): Promise<number> | number {
    return this.onCallback({ call, app: this.app, name: key, addr: '127.0.0.1', time: Date.now(), params: {} })
  }
}
