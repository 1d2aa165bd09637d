import { join } from 'node:path'
import { BrowserWindow, shell, type Session } from 'electron'
import { redact } from '../shared/redact'
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, HARDENED_WEB_PREFERENCES, isAllowedExternalUrl, isAllowedPermission, type TrustedPage } from './window-policy'

export interface MainWindow {
  window: BrowserWindow
  /** The URL the window shows; the IPC sender and permission checks compare against its origin. */
  url: string
}

/** The Vite dev server's page under `npm run dev` (electron-vite sets ELECTRON_RENDERER_URL); null otherwise. */
function devServerUrl(): string | null {
  return process.env.ELECTRON_RENDERER_URL || null
}

/**
 * Applies CSP and the permission policy to the window's session (once per session). `trustedPage` names our
 * window and its page: `media` goes to that page only, every other permission to nobody.
 */
export function hardenSession(session: Session, trustedPage: () => TrustedPage | null): void {
  // Under `npm run dev` the dev server's page carries its own development policy in a <meta> tag
  // (electron.vite.config.ts): a header would also block Vite's inline code. app:// answers carry the header
  // themselves (app-protocol.ts); this covers whatever else the session loads.
  if (!devServerUrl()) {
    session.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    })
  }
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const securityOrigin = 'securityOrigin' in details ? details.securityOrigin : undefined
    callback(
      isAllowedPermission(
        { permission, webContentsId: webContents?.id ?? null, isMainFrame: details.isMainFrame, requesterUrls: [details.requestingUrl, securityOrigin] },
        trustedPage()
      )
    )
  })
  session.setPermissionCheckHandler((webContents, permission, requestingOrigin, details) =>
    isAllowedPermission(
      {
        permission,
        webContentsId: webContents?.id ?? null,
        isMainFrame: details.isMainFrame,
        requesterUrls: [requestingOrigin, details.requestingUrl, details.securityOrigin],
        embeddingOrigin: details.embeddingOrigin
      },
      trustedPage()
    )
  )
}

/** Opens a provider console or help page in the user's browser; anything else is refused and logged (redacted). */
export function openExternalIfAllowed(url: string): void {
  if (isAllowedExternalUrl(url)) {
    shell.openExternal(url).catch((error: unknown) => console.warn(`Onair could not open a link: ${redact(String(error).slice(0, 500))}`))
    return
  }
  // Cut before redacting: the text comes from the page and can be any size.
  console.warn(`Onair refused to open a link outside its allow-list: ${redact(String(url).slice(0, 300))}`)
}

/** The main window: hardened (DESIGN §7), no new windows, no navigation away from our page. */
export function createMainWindow(): MainWindow {
  const window = new BrowserWindow({
    width: 1180,
    height: 780,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#0f1115',
    title: 'Onair',
    autoHideMenuBar: true,
    webPreferences: { ...HARDENED_WEB_PREFERENCES, preload: join(__dirname, '../preload/index.js') }
  })
  // Packaged and `npm start` load the built UI through app:// (app-protocol.ts).
  const url = devServerUrl() ?? APP_ENTRY_URL

  // The page never leaves our origin and never opens a window; a link to a provider's console or help page
  // opens in the user's browser instead.
  window.webContents.setWindowOpenHandler(({ url: target }) => {
    openExternalIfAllowed(target)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event) => {
    event.preventDefault()
    openExternalIfAllowed(event.url)
  })
  window.webContents.on('will-redirect', (event) => event.preventDefault())
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.once('ready-to-show', () => window.show())

  void window.loadURL(url)
  return { window, url }
}
