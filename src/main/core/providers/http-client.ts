import { isOnairError, onairError, type ErrorCode, type OnairError } from '../../../shared/errors'
import type { ProviderId } from '../../../shared/providers'
import { redact } from '../../../shared/redact'
import { NO_LIMIT, type RateLimiter } from './rate-limiter'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Injectable runtime pieces (STYLE 4): tests hand in short timeouts, a fake clock, a temp data dir. */
export interface HttpDeps {
  fetch?: typeof fetch
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  /** Per attempt, covering the whole response body. */
  timeoutMs?: number
  /** Extra attempts for safe requests after a 5xx, a 429 or a network error. */
  retries?: number
  backoffBaseMs?: number
  /** A Retry-After longer than this is not waited out: the caller gets `rate_limited` at once. */
  maxRetryAfterMs?: number
}

export interface HttpRequest {
  method: HttpMethod
  /** The documented path (`/api/v2/channels`); the base URL supplies scheme, host and port. */
  path: string
  query?: Record<string, string | number | boolean | undefined>
  json?: unknown
  form?: Record<string, string>
  headers?: Record<string, string>
  /** What the streamer asked for, in words, for error messages: "list your channels". */
  what: string
  /** Statuses treated as success besides 2xx (e.g. a tolerated "already started"). */
  accept?: (status: number, details: ErrorDetails) => boolean
}

export interface HttpResponse {
  status: number
  headers: Headers
  /** Parsed JSON, or null for an empty body. */
  body: unknown
}

/** What a provider's error envelope says, read by the provider's own parser. */
export interface ErrorDetails {
  message?: string
  /** The request field the provider blamed. */
  field?: string
  /** The provider's own error code, for the message. */
  providerCode?: string
  /** Forces a code where the HTTP status alone would mislead (NAVER `clock_skew`, an `ec` inside a 200). */
  code?: ErrorCode
}

export interface ErrorContext {
  status: number
  body: unknown
  text: string
  headers: Headers
  /** Our clock when the request left (NAVER compares it with the server's `Date`). */
  sentAt: number
}

export interface ProviderHttpConfig {
  provider: ProviderId
  /** Display name: "NAVER Cloud Live Station". */
  name: string
  baseUrl: string
  /** Values never to show (secret keys, tokens); also masked by shape in `redact`. */
  secrets: () => string[]
  parseError: (ctx: ErrorContext) => ErrorDetails
  /** Per-attempt headers (signatures and tokens change between attempts). */
  authHeaders?: (method: HttpMethod, pathWithQuery: string, now: number) => Promise<Record<string, string>> | Record<string, string>
  /** Called once on a 401: true when fresh credentials were obtained (an OAuth token renewed) so a retry can help. */
  renewAuth?: () => Promise<boolean>
  /** What to tell the streamer to check when the credentials are refused. */
  authHint: string
  limiter?: RateLimiter
  /** Requests of this provider in flight at once (a per-provider queue). */
  concurrency?: number
  /** Queue name when it must differ from the provider id (Kollus's OAuth host has its own). */
  queueKey?: string
  /** The successful 2xx body may still be an error (v1.0-poc `{ec≠0}`): return details to throw. */
  bodyError?: (body: unknown) => ErrorDetails | null
}

const SAFE: ReadonlySet<HttpMethod> = new Set(['GET'])
const DEFAULTS = { timeoutMs: 15_000, retries: 2, backoffBaseMs: 400, maxRetryAfterMs: 30_000 }

/**
 * The one HTTP client every provider uses (DESIGN §3): a timeout on every attempt, retries with backoff only
 * for safe requests and only on 5xx / 429 / network errors, Retry-After honoured, a per-provider queue and
 * rate limit, and errors mapped to typed values whose text never carries a secret.
 */
export class HttpClient {
  private readonly fetchImpl: typeof fetch
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly opts: Required<Pick<HttpDeps, 'timeoutMs' | 'retries' | 'backoffBaseMs' | 'maxRetryAfterMs'>>
  private readonly queue: Semaphore

  constructor(
    private readonly config: ProviderHttpConfig,
    deps: HttpDeps = {}
  ) {
    this.fetchImpl = deps.fetch ?? fetch
    this.now = deps.now ?? Date.now
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)))
    this.opts = {
      timeoutMs: deps.timeoutMs ?? DEFAULTS.timeoutMs,
      retries: deps.retries ?? DEFAULTS.retries,
      backoffBaseMs: deps.backoffBaseMs ?? DEFAULTS.backoffBaseMs,
      maxRetryAfterMs: deps.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs
    }
    this.queue = semaphoreFor(config.queueKey ?? config.provider, config.concurrency ?? 4)
  }

  get baseUrl(): string {
    return this.config.baseUrl
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const pathWithQuery = req.path + queryString(req.query)
    const safe = SAFE.has(req.method)
    let renewed = false
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.queue.run(async () => {
        const release = await (this.config.limiter ?? NO_LIMIT).acquire()
        try {
          return await this.attempt(req, pathWithQuery)
        } finally {
          release()
        }
      })
      const canRetry = safe && attempt < this.opts.retries
      if (outcome.kind === 'network') {
        if (canRetry) {
          await this.sleep(this.backoff(attempt))
          continue
        }
        throw this.fail(
          'network',
          `Could not reach ${this.config.name} at ${this.hostLabel()} to ${req.what}: ${outcome.detail}. Check your internet connection${this.config.baseUrl.includes('127.0.0.1') || this.config.baseUrl.includes('localhost') ? '' : ' and the API address'}, then try again.`,
          { retryable: true }
        )
      }
      if (outcome.kind === 'timeout') {
        // Not retried: a server that is this slow usually stays slow, and the streamer should not wait minutes.
        throw this.fail(
          'timeout',
          `${this.config.name} did not answer within ${Math.round(this.opts.timeoutMs / 100) / 10} s when asked to ${req.what}. The service may be overloaded; try again in a moment.`,
          { retryable: true }
        )
      }
      const { status, headers, text, sentAt } = outcome
      if ((status >= 300 && status < 400) || status === 0) {
        // Never followed: a redirect would carry the auth headers (Basic, NAVER's signature, a token) to whatever
        // host it names. The saved address must be the API itself.
        throw this.fail(
          'bad_response',
          `${this.config.name} at ${this.hostLabel()} answered with a redirect (HTTP ${status}) when asked to ${req.what}. Onair does not follow redirects, so your credentials go only to the address saved with the account; save the account with the API's own address.`
        )
      }
      const ok = status >= 200 && status < 300
      if (!ok) {
        const ctx: ErrorContext = { status, body: parseJsonLoose(text), text, headers, sentAt }
        const details = safeParseError(this.config.parseError, ctx)
        if (req.accept?.(status, details)) return { status, headers, body: ctx.body }
        if (status === 401 && !renewed && this.config.renewAuth) {
          renewed = true
          if (await this.config.renewAuth()) {
            attempt-- // a renewed token is a fresh start, not a retry
            continue
          }
        }
        if ((status === 429 || status >= 500) && details.code !== 'clock_skew') {
          const retryAfter = parseRetryAfter(headers.get('retry-after'), this.now())
          if (canRetry && (retryAfter === null || retryAfter <= this.opts.maxRetryAfterMs)) {
            await this.sleep(retryAfter ?? this.backoff(attempt))
            continue
          }
          throw this.httpError(status, details, req, retryAfter)
        }
        throw this.httpError(status, details, req, null)
      }
      if (status === 204 || text.trim() === '') return { status, headers, body: null }
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        throw this.fail(
          'bad_response',
          `${this.config.name} sent a reply Onair could not read (not valid JSON) when asked to ${req.what}. If you set an API address, check that it points at ${this.config.name}; otherwise try again later.`,
          { retryable: true }
        )
      }
      const inner = this.config.bodyError?.(body)
      if (inner) throw this.httpError(status, inner, req, null)
      return { status, headers, body }
    }
  }

  private async attempt(
    req: HttpRequest,
    pathWithQuery: string
  ): Promise<{ kind: 'http'; status: number; headers: Headers; text: string; sentAt: number } | { kind: 'network'; detail: string } | { kind: 'timeout' }> {
    const sentAt = this.now()
    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers }
    let body: string | undefined
    if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(req.json)
    } else if (req.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(req.form).toString()
    }
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, this.opts.timeoutMs)
    try {
      Object.assign(headers, await this.config.authHeaders?.(req.method, pathWithQuery, sentAt))
      // 'manual': the 3xx comes back as a response (refused above) instead of being followed to another host.
      const res = await this.fetchImpl(this.config.baseUrl + pathWithQuery, {
        method: req.method,
        headers,
        body,
        signal: controller.signal,
        redirect: 'manual'
      })
      const text = await res.text()
      return { kind: 'http', status: res.status, headers: res.headers, text, sentAt }
    } catch (e) {
      if (timedOut) return { kind: 'timeout' }
      if (isOnairError(e)) throw e // from authHeaders (an OAuth token request that failed)
      return { kind: 'network', detail: networkDetail(e) }
    } finally {
      clearTimeout(timer)
    }
  }

  private backoff(attempt: number): number {
    const base = this.opts.backoffBaseMs * 2 ** attempt
    return Math.round(base * (0.8 + Math.random() * 0.4))
  }

  private hostLabel(): string {
    try {
      return new URL(this.config.baseUrl).host
    } catch {
      return this.config.baseUrl
    }
  }

  private fail(code: ErrorCode, message: string, extra: { retryable?: boolean; field?: string } = {}): OnairError {
    return onairError(code, redact(message, this.config.secrets()), { provider: this.config.provider, retryable: extra.retryable ?? false, field: extra.field })
  }

  private httpError(status: number, details: ErrorDetails, req: HttpRequest, retryAfterMs: number | null): OnairError {
    const name = this.config.name
    const said = details.message ? `: "${clip(details.message)}"` : ''
    const tag = details.providerCode ? ` (${name} code ${details.providerCode})` : ` (HTTP ${status})`
    const code = details.code ?? codeForStatus(status)
    switch (code) {
      case 'clock_skew':
        return this.fail(
          'clock_skew',
          `${name} refused the request because this computer's clock is off by more than 5 minutes${said}. Set your clock to update automatically, then try again.`
        )
      case 'auth':
        return this.fail('auth', `${name} did not accept your credentials when asked to ${req.what}${said}${tag}. ${this.config.authHint}`)
      case 'forbidden':
        return this.fail(
          'forbidden',
          `${name} says this account is not allowed to ${req.what}${said}${tag}. Check the account's permissions in the ${name} console.`
        )
      case 'not_found':
        return this.fail(
          'not_found',
          `${name} could not find what Onair asked for when trying to ${req.what}${said}${tag}. Check the channel ID (run \`onair channels ${this.config.provider}\`) and the API address.`
        )
      case 'validation':
        return this.fail(
          'validation',
          `${name} rejected the request to ${req.what}${details.field ? `, because of "${details.field}"` : ''}${said}${tag}. Correct ${details.field ? 'that value' : 'the values'} and try again.`,
          { field: details.field }
        )
      case 'rate_limited': {
        const wait = retryAfterMs !== null ? ` Wait ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s` : ' Wait a minute'
        return this.fail('rate_limited', `${name} is receiving too many requests from this account right now (${req.what})${said}.${wait}, then try again.`, {
          retryable: true
        })
      }
      case 'server':
        return this.fail(
          'server',
          `${name} had a problem of its own when asked to ${req.what}${said}${tag}. This is on their side; try again in a few minutes.`,
          { retryable: true }
        )
      default:
        return this.fail(code, `${name} could not ${req.what}${said}${tag}.`, { field: details.field })
    }
  }
}

export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'auth'
  if (status === 403) return 'forbidden'
  if (status === 404 || status === 410) return 'not_found'
  if (status === 429) return 'rate_limited'
  if (status >= 500) return 'server'
  if (status >= 400) return 'validation'
  return 'bad_response'
}

/** `Retry-After` as ms from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}

export function queryString(query: HttpRequest['query']): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v))
  const s = params.toString()
  return s ? `?${s}` : ''
}

function parseJsonLoose(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function safeParseError(parse: ProviderHttpConfig['parseError'], ctx: ErrorContext): ErrorDetails {
  try {
    const details = parse(ctx)
    if (!details.message && !ctx.body && ctx.text.trim())
      details.message = ctx.text
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    return details
  } catch {
    return {}
  }
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim()
  return one.length > 200 ? `${one.slice(0, 197)}...` : one
}

function networkDetail(e: unknown): string {
  const cause = e && typeof e === 'object' && 'cause' in e ? (e as { cause?: unknown }).cause : undefined
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code?: unknown }).code) : ''
  if (code === 'ECONNREFUSED') return 'the connection was refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name could not be resolved'
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was cut'
  if (code) return code
  return e instanceof Error ? e.message : String(e)
}

/** Helpers for provider error parsers: read a string or number out of an unknown JSON value. */
export function pick(value: unknown, ...path: string[]): unknown {
  let v = value
  for (const key of path) {
    if (!v || typeof v !== 'object') return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

// ---- the per-provider queue ----

class Semaphore {
  private active = 0
  private readonly waiting: Array<() => void> = []
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r))
    this.active++
    try {
      return await task()
    } finally {
      this.active--
      this.waiting.shift()?.()
    }
  }
}

const semaphores = new Map<string, Semaphore>()

/** One queue per provider for the whole process, whichever client instance sends. */
function semaphoreFor(provider: string, limit: number): Semaphore {
  const key = `${provider}:${limit}`
  let s = semaphores.get(key)
  if (!s) semaphores.set(key, (s = new Semaphore(limit)))
  return s
}
