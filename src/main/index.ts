/**
 * The Electron shell (DESIGN §1): app lifecycle and wiring only. Everything that does work lives in core/, which the
 * tests drive through the same contract this file serves over IPC.
 */
import { app, BrowserWindow, ipcMain, session } from 'electron'
import { createCore } from './core/compose'
import { registerIpc } from './ipc'
import { createMainWindow, hardenSession, type MainWindow } from './window'

if (!app.requestSingleInstanceLock()) app.quit()

const core = createCore({ shell: 'electron', version: app.getVersion(), dataDir: app.getPath('userData') })
let main: MainWindow | null = null

function openWindow(): void {
  main = createMainWindow()
  main.window.on('closed', () => (main = null))
}

app.whenReady().then(() => {
  hardenSession(session.defaultSession)
  registerIpc(ipcMain, core, () =>
    main && !main.window.isDestroyed() ? { webContentsId: main.window.webContents.id, url: main.url, webContents: main.window.webContents } : null
  )
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
