import { createReadStream, existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { join, resolve } from 'node:path'
import { WebSocket, WebSocketServer, type RawData } from 'ws'
import { MONITOR_EVENTS, type CommandName, type CommandResult, type EventName, type EventPayloads, type WireServerMessage } from '../../../shared/contract'
import { contentSecurityPolicy } from '../../../shared/content-security-policy'
import { onairError } from '../../../shared/errors'
import type { OnairCore } from '../onair-core'
import { InflightLimit } from './inflight-limit'
import { mimeTypeFor, resolveUiFile, uiPathSegments } from './ui-files'
import { readClientFrame } from './wire-frame'
import { allowedOrigins, checkUpgrade, hostAllowed, newToken } from './ws-auth'

export interface WsServerOptions {
  core: Pick<OnairCore, 'dispatch' | 'onDidEmit'>
  /** The built renderer (out/renderer). */
  rendererDir: string
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Tests may fix the token; otherwise a random one per run. */
  token?: string
  /** Requests in flight per socket and over all sockets (defaults: inflight-limit.ts). */
  maxInflightPerClient?: number
  maxInflightTotal?: number
  /** Told when the last socket closed (no page is watching: serve lets the preview stop). */
  onClientsGone?: () => void
  /** Where a failure that no client is waiting for is reported (serve logs it, redacted). */
  onInternalError?: (error: unknown) => void
}

export interface RunningWsServer {
  host: string
  port: number
  /** The origin printed to the user (http://127.0.0.1:PORT). */
  origin: string
  token: string
  /** The address to open: origin + `/#token=...` (the hash never reaches a server log). */
  url: string
  clients(): number
  close(): Promise<void>
}

const WS_PATH = '/ws'
const MAX_MESSAGE_BYTES = 1024 * 1024
/** A client that lets this much of our output pile up unread is closed rather than buffered without end. */
const MAX_UNREAD_BYTES = 16 * 1024 * 1024
/** Events are snapshots a client can ask for again; a client this far behind skips them until it catches up. */
const EVENT_SKIP_BYTES = 1024 * 1024

/** Same policy as the desktop window, plus the socket this page talks to. */
function servedPagePolicy(origins: string[]): string {
  // CSP host sources cannot name IPv6 literals; 'self' covers a page loaded from [::1] anyway.
  return contentSecurityPolicy({ sockets: origins.filter((o) => !o.includes('[')).map((o) => o.replace(/^http/, 'ws')) })
}

/**
 * The `onair serve` front door (DESIGN §1, §7): serves the built UI over HTTP and the contract over one WebSocket
 * endpoint. Loopback by default; every socket must bring the printed token and come from our own origin.
 */
export async function startWsServer(options: WsServerOptions): Promise<RunningWsServer> {
  const root = resolve(options.rendererDir)
  if (!existsSync(join(root, 'index.html'))) {
    throw onairError('invalid_request', `The UI is not built (${join(root, 'index.html')} is missing). Run "npm run build" first.`)
  }
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? newToken()
  const reportInternal = options.onInternalError ?? (() => {})
  const limit = new InflightLimit<WebSocket>(options.maxInflightPerClient, options.maxInflightTotal)
  /** Sockets whose page said it cannot show the monitor (`monitor:watch` false: a background tab). */
  const unwatched = new WeakSet<WebSocket>()
  let origins: string[] = []
  let csp = ''

  const http = createServer((req, res) => {
    serveStatic({ root, origins, csp }, req, res).catch((e: unknown) => {
      reportInternal(e)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const verdict = checkUpgrade(req, token, origins, WS_PATH)
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      answer(ws, data, isBinary).catch((e: unknown) => {
        // answer() turns every handler failure into a result; reaching here is a bug of ours, never a crash.
        reportInternal(e)
      })
    })
    // ws has already sent the close (1009 too big, 1007 bad UTF-8, 1002 protocol error), so the client learns why;
    // if the client never answers it, the socket is cut a moment later.
    ws.on('error', () => setTimeout(() => ws.terminate(), 1000).unref())
    ws.on('close', () => {
      if (wss.clients.size === 0) options.onClientsGone?.()
    })
  })

  const answer = async (ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> => {
    const frame = readClientFrame(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data), isBinary)
    if (frame.kind === 'malformed') {
      ws.close(frame.closeCode, frame.reason)
      return
    }
    if (frame.kind === 'refused') {
      reply(ws, frame.id, { ok: false, error: frame.error })
      return
    }
    if (!limit.tryTake(ws)) {
      reply(ws, frame.id, {
        ok: false,
        error: onairError('busy', 'Too many requests at once: wait for the answers to those already sent, then try again.', { retryable: true }).value
      })
      return
    }
    let result: CommandResult<CommandName>
    try {
      // dispatch validates the request and returns failures as results; the catch is for a bug that throws anyway.
      result = await options.core.dispatch(frame.command, frame.request)
    } catch (e) {
      reportInternal(e)
      result = { ok: false, error: { code: 'internal', message: 'Unexpected error in Onair; the request was not completed.', retryable: false } }
    } finally {
      limit.release(ws)
    }
    if (frame.command === 'monitor:watch' && result.ok) {
      if ((result.value as { watching: boolean }).watching) unwatched.delete(ws)
      else unwatched.add(ws)
    }
    reply(ws, frame.id, result)
  }

  const unsubscribe = options.core.onDidEmit(<E extends EventName>(event: E, payload: EventPayloads[E]) => {
    const monitor = MONITOR_EVENTS.has(event)
    // Written once for every client (a preview frame is ~40 kB of JSON, twelve times a second), and only if one wants it.
    let text: string | undefined
    for (const client of wss.clients) {
      if (monitor && unwatched.has(client)) continue
      if (client.bufferedAmount < EVENT_SKIP_BYTES) send(client, (text ??= JSON.stringify({ event, payload } satisfies WireServerMessage)))
    }
  })

  await new Promise<void>((resolvePromise, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 0, host, () => resolvePromise())
  })
  const port = (http.address() as AddressInfo).port
  origins = allowedOrigins(host, port)
  csp = servedPagePolicy(origins)
  const shownHost = ['0.0.0.0', '::', 'localhost'].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  const origin = `http://${shownHost}:${port}`

  return {
    host,
    port,
    origin,
    token,
    url: `${origin}/#token=${token}`,
    clients: () => wss.clients.size,
    close: async () => {
      unsubscribe()
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
      http.closeAllConnections()
      await new Promise<void>((r) => http.close(() => r()))
    }
  }
}

function reply(ws: WebSocket, id: number, result: CommandResult<CommandName>): void {
  if (ws.bufferedAmount > MAX_UNREAD_BYTES) {
    ws.close(1008, 'Too many unread answers: read the answers before sending more.')
    return
  }
  send(ws, JSON.stringify({ id, result } satisfies WireServerMessage))
}

/** `text`: a WireServerMessage as JSON (an event's is written once for all its clients). */
function send(ws: WebSocket, text: string): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(text)
}

interface StaticSite {
  root: string
  origins: readonly string[]
  csp: string
}

async function serveStatic({ root, origins, csp }: StaticSite, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // DNS rebinding: a foreign page whose name now points at 127.0.0.1 still says its own name in Host.
  if (!hostAllowed(req.headers.host, origins)) {
    res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request: use the address onair serve printed.')
    return
  }
  res.setHeader('Content-Security-Policy', csp)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end()
    return
  }
  let pathname: string
  try {
    pathname = new URL(req.url ?? '/', 'http://placeholder').pathname
  } catch {
    res.writeHead(400).end()
    return
  }
  // Never anything outside the renderer folder: no ../ (encoded or not), no symlink whose target leaves it.
  const segments = uiPathSegments(pathname)
  const file = segments && (await resolveUiFile(root, segments))
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
    return
  }
  const size = (await stat(file)).size
  res.writeHead(200, {
    'Content-Type': mimeTypeFor(file),
    'Content-Length': size,
    // Hashed assets may be cached; the page itself is always fetched fresh so a rebuild shows at once.
    'Cache-Control': segments[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-store'
  })
  if (req.method === 'HEAD') res.end()
  else
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res)
}
