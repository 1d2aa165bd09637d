/**
 * The Electron shell (DESIGN §1): app lifecycle and wiring only. Everything that does work lives in core/, which the
 * tests drive through the same contract this file serves over IPC.
 */
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron'
import { createAppProtocolHandler } from './app-protocol'
import { createCore } from './core/compose'
import type { DesktopController } from './core/desktop/desktop-controller'
import { startDesktopShell } from './desktop'
import { registerIpc } from './ipc'
import { createMainWindow, hardenSession, type MainWindow } from './window'
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, CONTENT_SECURITY_POLICY, type TrustedPage } from './window-policy'

if (!app.requestSingleInstanceLock()) app.quit()

// Must happen before `ready`: Electron fixes a scheme's privileges when the app starts.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }])

const core = createCore({ shell: 'electron', version: app.getVersion(), dataDir: app.getPath('userData') })
let main: MainWindow | null = null
let desktop: DesktopController | null = null
let quitting = false

function openWindow(): void {
  main = createMainWindow()
  // While a show runs, closing the window hides it to the tray: the show goes on (DESIGN §10).
  main.window.on('close', (event) => {
    if (quitting || desktop?.closeAction() !== 'hide') return
    event.preventDefault()
    main?.window.hide()
  })
  main.window.on('closed', () => {
    main = null
    // No window shows the preview any more (macOS keeps the app running): its capture stops.
    core.clientsGone()
  })
}

/** The tray's Open, a notification's click, a second instance: the window, shown and focused (made again if closed). */
function showWindow(): void {
  if (!main || main.window.isDestroyed()) return openWindow()
  if (main.window.isMinimized()) main.window.restore()
  main.window.show()
  main.window.focus()
}

/** Our window and the page it shows, while it exists: the one IPC caller and permission holder we trust. */
function trustedPage(): (TrustedPage & { webContents: BrowserWindow['webContents']; seen: () => boolean }) | null {
  if (!main || main.window.isDestroyed()) return null
  const { window } = main
  return { webContentsId: window.webContents.id, url: main.url, webContents: window.webContents, seen: () => window.isVisible() && !window.isMinimized() }
}

void app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ root: join(__dirname, '../renderer'), contentSecurityPolicy: CONTENT_SECURITY_POLICY }))
  hardenSession(session.defaultSession, trustedPage)
  registerIpc(ipcMain, core, trustedPage, (path) => shell.showItemInFolder(path))
  openWindow()
  desktop = startDesktopShell({ core, log: (event) => core.services.bus.emit('log:event', event), openWindow: showWindow })
  // macOS: the Dock icon brings back the window, hidden to the tray or closed.
  app.on('activate', () => showWindow())
})

app.on('second-instance', () => {
  if (app.isReady()) showWindow()
})

// Deny webviews and windows from any other web contents too (belt and braces beside the per-window handlers).
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-attach-webview', (event) => event.preventDefault())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

/** While a show runs, quitting asks first (DESIGN §10); true = go ahead. */
async function quitConfirmed(): Promise<boolean> {
  const question = desktop?.quitQuestion()
  if (!question) return true
  const parent = main && !main.window.isDestroyed() && main.window.isVisible() ? main.window : null
  const options = {
    type: 'question' as const,
    title: question.title,
    message: question.message,
    buttons: question.buttons,
    defaultId: 1,
    cancelId: 1,
    noLink: true
  }
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options)
  return response === 0
}

// Stop the live session (recording closed, provider released) before the process goes.
let asking = false
app.on('before-quit', (event) => {
  if (quitting) return
  event.preventDefault()
  if (asking) return
  asking = true
  void quitConfirmed()
    .catch(() => true)
    .then((confirmed) => {
      asking = false
      if (!confirmed) return
      quitting = true
      void core.shutdown().finally(() => app.quit())
    })
})
