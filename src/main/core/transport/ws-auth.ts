import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { networkInterfaces } from 'node:os'

/** A fresh access token for one `onair serve` run: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * Constant-time token check. Both sides are hashed first so the compared buffers always have the same length
 * (timingSafeEqual throws otherwise, and an early length check would leak the token's length).
 */
export function tokenMatches(expected: string, presented: string | null | undefined): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 512) return false
  const a = createHash('sha256').update(expected).digest()
  const b = createHash('sha256').update(presented).digest()
  return timingSafeEqual(a, b)
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])
const WILDCARD = new Set(['0.0.0.0', '::', '[::]'])

/** 127.0.0.0/8, ::1 and localhost: addresses only this computer can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)
}

/**
 * What `onair serve --host` must say when other machines can reach it (issue 7 item 7): serve speaks plain HTTP, so
 * the token in the address, and every command after it, can be read by anyone on the path. Null for loopback.
 */
export function plainHttpWarning(host: string): string | null {
  if (isLoopbackHost(host)) return null
  return `listening on ${host}, not just this computer. The page and its access token travel as plain HTTP (not encrypted): anyone who can see your network traffic can read the token and then control Onair and use your saved accounts. Use this only on a network you trust, or keep the default (127.0.0.1) and reach it through an SSH tunnel.`
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

/**
 * The origins a browser shows when it loads the UI from this server. A page from anywhere else (a web site
 * the user happens to visit, or one that rebinds its DNS name to 127.0.0.1) has another Origin and is refused.
 */
export function allowedOrigins(host: string, port: number, interfaces: () => string[] = localAddresses): string[] {
  let hosts: string[]
  if (LOOPBACK.has(host)) hosts = ['127.0.0.1', 'localhost', '[::1]']
  else if (WILDCARD.has(host)) hosts = ['127.0.0.1', 'localhost', '[::1]', ...interfaces().map(hostForUrl)]
  else hosts = [hostForUrl(host)]
  return [...new Set(hosts.map((h) => `http://${h}:${port}`))]
}

function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i): i is NonNullable<typeof i> => Boolean(i) && !i!.internal)
    .map((i) => i.address)
}

/**
 * True when a request's Host header names this server (one of the origins' host:port). A page whose DNS name was
 * rebound to 127.0.0.1 still sends its own name as Host, so it is refused even for the static files.
 */
export function hostAllowed(hostHeader: string | undefined, origins: readonly string[]): boolean {
  if (!hostHeader) return false
  const host = hostHeader.toLowerCase()
  return origins.some((origin) => origin.slice(origin.indexOf('://') + 3) === host)
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403 | 404 | 421; reason: string }

/**
 * Decides a WebSocket upgrade: the right path, our own Host (421 otherwise), an allowed Origin (403 otherwise), the
 * token (401 otherwise).
 */
export function checkUpgrade(
  request: { url?: string; headers: { origin?: string; host?: string } },
  expectedToken: string,
  origins: readonly string[],
  path = '/ws'
): UpgradeVerdict {
  const url = new URL(request.url ?? '/', 'http://placeholder')
  if (url.pathname !== path) return { ok: false, status: 404, reason: 'Not Found' }
  if (!hostAllowed(request.headers.host, origins)) return { ok: false, status: 421, reason: 'Misdirected Request' }
  const origin = request.headers.origin
  if (!origin || !origins.includes(origin.toLowerCase())) return { ok: false, status: 403, reason: 'Forbidden' }
  if (!tokenMatches(expectedToken, url.searchParams.get('token'))) return { ok: false, status: 401, reason: 'Unauthorized' }
  return { ok: true }
}
