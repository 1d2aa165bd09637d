/**
 * Electron IPC front door (DESIGN §1, §7): one `ipcMain.handle` per contract command, each checking the sender frame
 * before the core validates the payload; core events pushed to the window, one channel per event name (the monitor's
 * only while the window can be seen).
 * Only `import type` from electron here, so unit tests load this file under plain Node.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { COMMAND_NAMES, MONITOR_EVENTS, type CommandName, type CommandResult, type EventName, type EventPayloads } from '../shared/contract'
import type { OnairCore } from './core/onair-core'
import { isSameOrigin, type TrustedPage } from './window-policy'

/** What the sender check needs to know about an IPC caller. */
export interface SenderInfo {
  /** `event.sender.id`. */
  webContentsId: number
  /** `event.senderFrame`: null when the frame navigated away or was destroyed. */
  frame: { url: string; isMainFrame: boolean } | null
}

/** Our window: its web contents and the URL we loaded into it (app://onair/index.html, or the dev server). */
export type TrustedWindow = TrustedPage

/**
 * True only for our window's main frame showing our own page: same web contents, same origin (app://onair for the
 * built UI, the dev server's origin under `npm run dev`). Everything under app://onair is our bundle.
 */
export function isTrustedSender(sender: SenderInfo, trusted: TrustedWindow | null): boolean {
  if (!trusted || !sender.frame || !sender.frame.isMainFrame) return false
  if (sender.webContentsId !== trusted.webContentsId) return false
  return isSameOrigin(sender.frame.url, trusted.url)
}

export function senderInfo(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): SenderInfo {
  const frame = event.senderFrame
  return { webContentsId: event.sender.id, frame: frame ? { url: frame.url, isMainFrame: frame.parent === null } : null }
}

const REFUSED: CommandResult<CommandName> = {
  ok: false,
  error: { code: 'forbidden', message: 'This window is not allowed to control Onair.', retryable: false }
}

/**
 * Registers every contract command and forwards core events to the trusted window.
 * Returns a disposer that removes the handlers and the event subscription (app quit, tests).
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Pick<OnairCore, 'dispatch' | 'onDidEmit'>,
  trustedWindow: () => (TrustedWindow & { webContents: Pick<WebContents, 'send' | 'isDestroyed'>; seen?: () => boolean }) | null,
  /** The desktop's part of `recordings:reveal`: show the file in the OS file manager (shell.showItemInFolder). */
  revealFile: (path: string) => void = () => {}
): () => void {
  /** What the page last said with `monitor:watch` (a page behind others, in a window still on screen, says false). */
  let watching = true
  for (const command of COMMAND_NAMES) {
    ipcMain.handle(command, async (event, request: unknown) => {
      if (!isTrustedSender(senderInfo(event), trustedWindow())) return REFUSED
      const result = await core.dispatch(command, request)
      if (command === 'recordings:reveal' && result.ok) revealFile((result.value as { path: string }).path)
      if (command === 'monitor:watch' && result.ok) watching = (result.value as { watching: boolean }).watching
      return result
    })
  }
  const unsubscribe = core.onDidEmit(<E extends EventName>(name: E, payload: EventPayloads[E]) => {
    const win = trustedWindow()
    if (!win || win.webContents.isDestroyed()) return
    if (MONITOR_EVENTS.has(name) && (!watching || win.seen?.() === false)) return
    win.webContents.send(name, payload)
  })
  return () => {
    unsubscribe()
    for (const command of COMMAND_NAMES) ipcMain.removeHandler(command)
  }
}
