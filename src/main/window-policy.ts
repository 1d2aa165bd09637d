/**
 * The desktop window's security policy (DESIGN §7) as plain values and predicates, so tests can check them
 * without Electron. window.ts and index.ts apply them.
 */

import { contentSecurityPolicy } from '../shared/content-security-policy'

/** The built app's CSP: only our own bundle, no inline code or styles, no eval. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy()

/**
 * The built UI is served from `app://onair/` (app-protocol.ts), not file://: a file:// page shares one opaque origin
 * with every local file and, by default, gets extra privileges over them. A standard scheme gives the page a real
 * origin, so CSP `'self'`, the IPC sender check and the permission check all compare against `app://onair`.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'onair'
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * `standard`: parsed like http (host, relative URLs, an origin that `'self'` matches); `secure`: a secure context,
 * no mixed-content blocking; `supportFetchAPI`: the bundle's module script and CSS load through fetch.
 * Never `bypassCSP`: the page's policy must hold.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const

/**
 * `scheme://host[:port]` of a page URL we may trust (http(s) for the dev server, app: for the built UI), lower-cased;
 * null for anything else (file:, data:, blob:, about:, garbage). Node's URL gives `origin === 'null'` for app:, so
 * the origin is built by hand.
 */
export function pageOrigin(url: string | undefined | null): string | null {
  if (typeof url !== 'string') return null
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (!['http:', 'https:', `${APP_SCHEME}:`].includes(parsed.protocol) || !parsed.host) return null
  if (parsed.username || parsed.password) return null
  return `${parsed.protocol}//${parsed.host.toLowerCase()}`
}

/** True when both URLs are pages of the same trusted origin. */
export function isSameOrigin(url: string | undefined | null, expected: string | undefined | null): boolean {
  const a = pageOrigin(url)
  return a !== null && a === pageOrigin(expected)
}

/** Our window as the permission and IPC checks see it. */
export interface TrustedPage {
  webContentsId: number
  /** The URL loaded into the window: app://onair/index.html, or the dev server's page. */
  url: string
}

/** One permission request or check, as Electron's two session handlers describe it. */
export interface PermissionAsk {
  permission: string
  /** null when Electron checks on behalf of no web contents (service workers). */
  webContentsId: number | null
  isMainFrame: boolean
  /** Every URL or origin Electron names for the requester (requestingUrl, securityOrigin, requestingOrigin...). */
  requesterUrls: Array<string | undefined>
  /** Set by Electron for cross-origin subframes. */
  embeddingOrigin?: string
}

/**
 * Capture needs camera/microphone access (`media`); nothing else (notifications, geolocation, midi, display
 * capture...) is granted, and `media` only to our own window's main frame showing our own page.
 */
export function isAllowedPermission(ask: PermissionAsk, trusted: TrustedPage | null): boolean {
  if (ask.permission !== 'media' || !trusted) return false
  if (ask.webContentsId !== trusted.webContentsId || !ask.isMainFrame || ask.embeddingOrigin) return false
  const urls = ask.requesterUrls.filter((u): u is string => typeof u === 'string' && u !== '')
  return urls.length > 0 && urls.every((u) => isSameOrigin(u, trusted.url))
}

/**
 * Hosts a link in the UI may open in the user's browser: the providers' consoles and help pages
 * (../shared/providers/*.md). Exact names, no wildcards: a shared host (github.com, gitbook.io) would let any
 * page be opened.
 */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  // Kollus Live (Catenoid): consoles KR/JP, developer docs, API guides
  'live-kr.kollus.com',
  'live-jp.kollus.com',
  'docs.kollus.com',
  'kollus-api.redocly.app',
  'kollus-live.readme.io',
  'catenoid-support.gitbook.io',
  // Sigma Livestream: console, and its developer page as VNG Cloud publishes it
  'portal.sigmaott.com',
  'docs.vngcloud.vn',
  // NAVER Cloud Platform: console and docs
  'console.ncloud.com',
  'www.ncloud.com',
  'api.ncloud-docs.com',
  'guide.ncloud-docs.com'
])

/** Longer than any help link; a URL past this is refused rather than parsed. */
const MAX_EXTERNAL_URL_LENGTH = 2048

/** True only for https URLs on EXTERNAL_HOSTS, on the default port, with no credentials in them. */
export function isAllowedExternalUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length > MAX_EXTERNAL_URL_LENGTH) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return parsed.protocol === 'https:' && !parsed.username && !parsed.password && parsed.port === '' && EXTERNAL_HOSTS.has(parsed.hostname)
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
