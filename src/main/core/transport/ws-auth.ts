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

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403 | 404; reason: string }

/** Decides a WebSocket upgrade: the right path, an allowed Origin (403 otherwise), the token (401 otherwise). */
export function checkUpgrade(
  request: { url?: string; headers: { origin?: string } },
  expectedToken: string,
  origins: readonly string[],
  path = '/ws'
): UpgradeVerdict {
  const url = new URL(request.url ?? '/', 'http://placeholder')
  if (url.pathname !== path) return { ok: false, status: 404, reason: 'Not Found' }
  const origin = request.headers.origin
  if (!origin || !origins.includes(origin.toLowerCase())) return { ok: false, status: 403, reason: 'Forbidden' }
  if (!tokenMatches(expectedToken, url.searchParams.get('token'))) return { ok: false, status: 401, reason: 'Unauthorized' }
  return { ok: true }
}
