/**
 * The desktop window's security policy (DESIGN §7) as plain values and predicates, so tests can check them
 * without Electron. window.ts applies them.
 */

/** Strict CSP: only our own bundle; images may be data: URLs (preview frames arrive as base64 JPEG). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob: mediastream:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'"
].join('; ')

/** Capture needs camera/microphone access; nothing else (notifications, geolocation, midi...) is granted. */
export function isAllowedPermission(permission: string): boolean {
  return permission === 'media'
}

/** webPreferences every Onair window uses; `preload` is filled in by the caller. */
export const HARDENED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false
} as const
