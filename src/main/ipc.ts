/**
 * Electron IPC front door (DESIGN §1, §7): one `ipcMain.handle` per contract command, each checking the sender frame
 * before the core validates the payload; core events pushed to the window, one channel per event name.
 * Only `import type` from electron here, so unit tests load this file under plain Node.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { COMMAND_NAMES, type CommandName, type CommandResult, type EventName, type EventPayloads } from '../shared/contract'
import type { OnairCore } from './core/onair-core'

/** What the sender check needs to know about an IPC caller. */
export interface SenderInfo {
  /** `event.sender.id`. */
  webContentsId: number
  /** `event.senderFrame`: null when the frame navigated away or was destroyed. */
  frame: { url: string; isMainFrame: boolean } | null
}

export interface TrustedWindow {
  webContentsId: number
  /** The URL we loaded into the window (file:// of index.html, or the dev server). */
  url: string
}

/**
 * True only for our window's main frame showing our own page. For file:// pages the whole path must match
 * (every file:// page shares the opaque origin); for http(s) (the dev server) the origin must match.
 */
export function isTrustedSender(sender: SenderInfo, trusted: TrustedWindow | null): boolean {
  if (!trusted || !sender.frame || !sender.frame.isMainFrame) return false
  if (sender.webContentsId !== trusted.webContentsId) return false
  const actual = safeUrl(sender.frame.url)
  const expected = safeUrl(trusted.url)
  if (!actual || !expected || actual.protocol !== expected.protocol) return false
  if (expected.protocol === 'file:') return actual.host === expected.host && actual.pathname === expected.pathname
  if (expected.protocol === 'http:' || expected.protocol === 'https:') return actual.origin === expected.origin
  return false
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
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
  trustedWindow: () => (TrustedWindow & { webContents: Pick<WebContents, 'send' | 'isDestroyed'> }) | null
): () => void {
  for (const command of COMMAND_NAMES) {
    ipcMain.handle(command, async (event, request: unknown) => {
      if (!isTrustedSender(senderInfo(event), trustedWindow())) return REFUSED
      return core.dispatch(command, request)
    })
  }
  const unsubscribe = core.onDidEmit(<E extends EventName>(name: E, payload: EventPayloads[E]) => {
    const win = trustedWindow()
    if (win && !win.webContents.isDestroyed()) win.webContents.send(name, payload)
  })
  return () => {
    unsubscribe()
    for (const command of COMMAND_NAMES) ipcMain.removeHandler(command)
  }
}
