/// <reference types="vite/client" />
import type { OnairApi } from '../../shared/contract'

declare global {
  interface Window {
    /** Set by the preload under Electron; absent in a browser (serve mode), where the WebSocket shim stands in. */
    onair?: OnairApi
  }
}
