import type { OnairApi } from '../../../shared/contract'
import { createWsApi, socketUrlFromLocation, type SocketLike, type WsApi } from './ws-api'

/** Under Electron the preload provides `window.onair`; in a browser (`onair serve`) the WebSocket shim stands in. */
const wsApi: WsApi | null = window.onair
  ? null
  : createWsApi(socketUrlFromLocation(window.location, window.sessionStorage, window.history), (url) => new WebSocket(url) as unknown as SocketLike)

export const onair: OnairApi = window.onair ?? (wsApi as WsApi)

/** The socket behind the shim, or null under Electron (IPC is always connected). */
export const serveConnection: WsApi | null = wsApi
