/**
 * The Electron shell (DESIGN §1): app lifecycle and wiring only. Everything that does work lives in core/, which the
 * tests drive through the same contract this file serves over IPC.
 */
import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron'
import { createAppProtocolHandler } from './app-protocol'
import { createCore } from './core/compose'
import { registerIpc } from './ipc'
import { createMainWindow, hardenSession, type MainWindow } from './window'
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, CONTENT_SECURITY_POLICY, type TrustedPage } from './window-policy'

if (!app.requestSingleInstanceLock()) app.quit()

// Must happen before `ready`: Electron fixes a scheme's privileges when the app starts.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }])

const core = createCore({ shell: 'electron', version: app.getVersion(), dataDir: app.getPath('userData') })
let main: MainWindow | null = null

function openWindow(): void {
  main = createMainWindow()
  main.window.on('closed', () => {
    main = null
    // No window shows the preview any more (macOS keeps the app running): its capture stops.
    core.clientsGone()
  })
}

/** Our window and the page it shows, while it exists: the one IPC caller and permission holder we trust. */
function trustedPage(): (TrustedPage & { webContents: BrowserWindow['webContents'] }) | null {
  return main && !main.window.isDestroyed() ? { webContentsId: main.window.webContents.id, url: main.url, webContents: main.window.webContents } : null
}

void app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ root: join(__dirname, '../renderer'), contentSecurityPolicy: CONTENT_SECURITY_POLICY }))
  hardenSession(session.defaultSession, trustedPage)
  registerIpc(ipcMain, core, trustedPage, (path) => shell.showItemInFolder(path))
  openWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
})

app.on('second-instance', () => {
  if (!main) return
  if (main.window.isMinimized()) main.window.restore()
  main.window.focus()
})

// Deny webviews and windows from any other web contents too (belt and braces beside the per-window handlers).
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-attach-webview', (event) => event.preventDefault())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

// Stop the live session (recording closed, provider released) before the process goes.
let quitting = false
app.on('before-quit', (event) => {
  if (quitting) return
  event.preventDefault()
  quitting = true
  void core.shutdown().finally(() => app.quit())
})
