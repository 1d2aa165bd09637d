/**
 * The `app://onair/` protocol (DESIGN §7): serves the built UI (out/renderer) to the window instead of file://.
 * Only files whose real path lies inside the UI folder are served (no `..`, encoded or not, and no symlink out of
 * it), with their MIME type (module scripts need `text/javascript`) and the UI's CSP header.
 * No electron import: index.ts hands the handler to `protocol.handle`, and unit tests call it under plain Node.
 */
import { mimeTypeFor, readUiFile, resolveUiFile, uiPathSegments } from './core/transport/ui-files'
import { APP_HOST, APP_SCHEME } from './window-policy'

/** The path segments inside the UI folder that an app:// URL names, or null when the URL is not ours or leaves it. */
export function appRequestPath(url: string): string[] | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST) return null
  return uiPathSegments(parsed.pathname)
}

export interface AppProtocolOptions {
  /** The built UI folder (out/renderer, inside app.asar when packaged). */
  root: string
  /** Sent as the Content-Security-Policy header of every answer. */
  contentSecurityPolicy: string
}

/** `protocol.handle('app', handler)`: GET/HEAD of files under `root`, 404 for anything else that is not there. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const securityHeaders = { 'Content-Security-Policy': options.contentSecurityPolicy, 'X-Content-Type-Options': 'nosniff' }
  // One answer for "missing" and "not yours", so a request cannot learn which files exist outside the UI folder.
  const notFound = (): Response => new Response('Not found', { status: 404, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } })

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { ...securityHeaders, Allow: 'GET, HEAD' } })
    }
    const segments = appRequestPath(request.url)
    if (!segments) return notFound()
    const file = await resolveUiFile(options.root, segments)
    if (!file) return notFound()
    let body: Uint8Array
    try {
      body = await readUiFile(file)
    } catch {
      return notFound()
    }
    const headers = { ...securityHeaders, 'Content-Type': mimeTypeFor(file), 'Content-Length': String(body.byteLength) }
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers })
  }
}
