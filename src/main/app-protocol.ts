/**
 * The `app://onair/` protocol (DESIGN §7): serves the built UI (out/renderer) to the window instead of file://.
 * Only files whose real path lies inside the UI folder are served (no `..`, encoded or not, and no symlink out of
 * it), with their MIME type (module scripts need `text/javascript`) and the UI's CSP header.
 * No electron import: index.ts hands the handler to `protocol.handle`, and unit tests call it under plain Node.
 */
import { readFile, realpath } from 'node:fs'
import { extname, join, sep } from 'node:path'
import { promisify } from 'node:util'
import { APP_HOST, APP_SCHEME } from './window-policy'

/** The file system calls the handler makes; the callback API is the one Electron reads app.asar through. */
export interface AppProtocolFs {
  realpath(path: string): Promise<string>
  readFile(path: string): Promise<Uint8Array>
}

const nodeFs: AppProtocolFs = { realpath: promisify(realpath), readFile: promisify(readFile) }

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8'
}

export function mimeTypeFor(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The path segments inside the UI folder that an app:// URL names, or null when the URL is not ours or tries to
 * leave the folder. `/` is index.html. Segments are decoded one by one, so `%2e%2e`, `%2f` and `%5c` cannot smuggle
 * a `..` or a separator past the URL parser; empty segments, NUL and `:` (Windows drives, streams) are refused.
 */
export function appRequestPath(url: string): string[] | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST) return null
  const raw = parsed.pathname === '/' ? ['index.html'] : parsed.pathname.slice(1).split('/')
  const segments: string[] = []
  for (const part of raw) {
    let segment: string
    try {
      segment = decodeURIComponent(part)
    } catch {
      return null
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return null
    segments.push(segment)
  }
  return segments
}

export interface AppProtocolOptions {
  /** The built UI folder (out/renderer, inside app.asar when packaged). */
  root: string
  /** Sent as the Content-Security-Policy header of every answer. */
  contentSecurityPolicy: string
  fs?: AppProtocolFs
}

/** `protocol.handle('app', handler)`: GET/HEAD of files under `root`, 404 for anything else that is not there. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const fs = options.fs ?? nodeFs
  const securityHeaders = { 'Content-Security-Policy': options.contentSecurityPolicy, 'X-Content-Type-Options': 'nosniff' }
  // One answer for "missing" and "not yours", so a request cannot learn which files exist outside the UI folder.
  const notFound = (): Response => new Response('Not found', { status: 404, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } })

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { ...securityHeaders, Allow: 'GET, HEAD' } })
    }
    const segments = appRequestPath(request.url)
    if (!segments) return notFound()
    let body: Uint8Array
    let file: string
    try {
      // Real paths on both sides: a symlink inside the folder that points out of it is refused too.
      const root = await fs.realpath(options.root)
      file = await fs.realpath(join(root, ...segments))
      if (!file.startsWith(root + sep)) return notFound()
      body = await fs.readFile(file)
    } catch {
      return notFound()
    }
    const headers = { ...securityHeaders, 'Content-Type': mimeTypeFor(file), 'Content-Length': String(body.byteLength) }
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers })
  }
}
