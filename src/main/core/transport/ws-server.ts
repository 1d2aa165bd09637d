import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'
import { WebSocket, WebSocketServer, type RawData } from 'ws'
import { type EventName, type EventPayloads, type WireClientMessage, type WireServerMessage } from '../../../shared/contract'
import { contentSecurityPolicy } from '../../../shared/content-security-policy'
import { onairError } from '../../../shared/errors'
import type { OnairCore } from '../onair-core'
import { allowedOrigins, checkUpgrade, newToken } from './ws-auth'

export interface WsServerOptions {
  core: Pick<OnairCore, 'dispatch' | 'onDidEmit'>
  /** The built renderer (out/renderer). */
  rendererDir: string
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Tests may fix the token; otherwise a random one per run. */
  token?: string
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

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2'
}

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
  let origins: string[] = []
  let csp = ''

  const http = createServer((req, res) => serveStatic(root, req, res, csp))
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const verdict = checkUpgrade(req, token, origins, WS_PATH)
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data: RawData, isBinary: boolean) => void answer(ws, data, isBinary))
    ws.on('error', () => ws.terminate())
  })

  const answer = async (ws: WebSocket, data: RawData, isBinary: boolean) => {
    let message: WireClientMessage
    try {
      if (isBinary) throw new Error('binary')
      message = JSON.parse(data.toString()) as WireClientMessage
      if (!message || typeof message !== 'object' || !Number.isSafeInteger(message.id)) throw new Error('shape')
    } catch {
      ws.close(1003, 'Expected JSON {id, command, request}')
      return
    }
    // dispatch validates the command name and the request, and never throws.
    const result = await options.core.dispatch(String(message.command), message.request)
    send(ws, { id: message.id, result })
  }

  const unsubscribe = options.core.onDidEmit(<E extends EventName>(event: E, payload: EventPayloads[E]) => {
    for (const client of wss.clients) send(client, { event, payload })
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

function send(ws: WebSocket, message: WireServerMessage): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message))
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, csp: string): void {
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
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://placeholder').pathname)
  } catch {
    res.writeHead(400).end()
    return
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html'
  const file = resolve(root, `.${pathname}`)
  // Never serve anything outside the renderer folder (../ in the path, encoded or not).
  if (!file.startsWith(root + sep) || pathname.includes('\0')) {
    res.writeHead(404).end()
    return
  }
  let size: number
  try {
    const stat = statSync(file)
    if (!stat.isFile()) throw new Error('not a file')
    size = stat.size
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
    return
  }
  res.writeHead(200, {
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    // Hashed assets may be cached; the page itself is always fetched fresh so a rebuild shows at once.
    'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store'
  })
  if (req.method === 'HEAD') res.end()
  else createReadStream(file).pipe(res)
}
