/**
 * The one Content-Security-Policy of the UI (DESIGN §7), for every way it is served: the Electron window's
 * header, the `<meta>` tag in the built page, and `onair serve`'s header. Only our own bundle runs; images may be
 * data: URLs (preview frames arrive as base64 JPEG).
 */
export interface CspOptions {
  /** WebSocket origins the page may open besides its own (`onair serve` names its socket). */
  sockets?: string[]
  /**
   * The Vite dev server (`npm run dev`) injects CSS as inline `<style>` and keeps an HMR socket. Development only:
   * a built app never gets this.
   */
  devServer?: boolean
  /** `sha256-…` sources of inline scripts the dev server itself writes into the page (React's refresh preamble). */
  inlineScriptHashes?: string[]
  /** For a `<meta>` tag, which cannot carry `frame-ancestors` (browsers ignore it there and warn). */
  meta?: boolean
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const sockets = [...(options.sockets ?? []), ...(options.devServer ? ['ws://127.0.0.1:*', 'ws://localhost:*'] : [])]
  return [
    "default-src 'none'",
    ["script-src 'self'", ...(options.inlineScriptHashes ?? []).map((h) => `'${h}'`)].join(' '),
    options.devServer ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...sockets].join(' '),
    "media-src 'self' blob: mediastream:",
    "base-uri 'none'",
    "form-action 'none'",
    ...(options.meta ? [] : ["frame-ancestors 'none'"]),
    "object-src 'none'"
  ].join('; ')
}
