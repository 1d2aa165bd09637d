/**
 * The preload bridge (DESIGN §1, STYLE "Signal"): exposes the contract as `window.onair` and nothing else.
 * Runs sandboxed, so it is bundled into one CJS file with only `electron` left as a require.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { OnairApi } from '../shared/contract'
import { isCommandName, isEventName } from '../shared/contract-names'

const api: OnairApi = {
  invoke(command, request) {
    // The renderer is untrusted: refuse anything that is not a contract command before it reaches IPC.
    if (!isCommandName(command)) return Promise.reject(new Error(`Unknown command.`))
    return ipcRenderer.invoke(command, request)
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Unknown event.`)
    // Hand the renderer the payload only, never the IpcRendererEvent (it carries `sender`).
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as Parameters<typeof listener>[0])
    ipcRenderer.on(event, wrapped)
    return () => {
      ipcRenderer.removeListener(event, wrapped)
    }
  }
}

contextBridge.exposeInMainWorld('onair', api)
