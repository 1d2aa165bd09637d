import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, shell, type Session } from 'electron'
import { CONTENT_SECURITY_POLICY, HARDENED_WEB_PREFERENCES, isAllowedPermission } from './window-policy'

export interface MainWindow {
  window: BrowserWindow
  /** The URL the window shows; the IPC sender check compares against it. */
  url: string
}

/** The Vite dev server's page under `npm run dev` (electron-vite sets ELECTRON_RENDERER_URL); null otherwise. */
function devServerUrl(): string | null {
  return process.env.ELECTRON_RENDERER_URL || null
}

/** Applies CSP and the permission policy to the window's session (once per session). */
export function hardenSession(session: Session): void {
  // Under `npm run dev` the dev server's page carries its own development policy in a <meta> tag
  // (electron.vite.config.ts): a header would also block Vite's inline code.
  if (!devServerUrl()) {
    session.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    })
  }
  session.setPermissionRequestHandler((_webContents, permission, callback) => callback(isAllowedPermission(permission)))
  session.setPermissionCheckHandler((_webContents, permission) => isAllowedPermission(permission))
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
  // Packaged and `npm start` load the built file.
  const url = devServerUrl() ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href

  window.webContents.setWindowOpenHandler(({ url: target }) => {
    // Links to the outside world open in the user's browser, never inside the app.
    if (/^https:\/\//i.test(target)) void shell.openExternal(target)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.on('will-redirect', (event) => event.preventDefault())
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.once('ready-to-show', () => window.show())

  void window.loadURL(url)
  return { window, url }
}
