import type { CommandName, CommandResult, EventName, EventPayloads, OnairApi, WireClientMessage, WireServerMessage } from '../../../shared/contract'
import type { OnairErrorValue } from '../../../shared/errors'

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'no-token'

export interface WsApi extends OnairApi {
  connection(): ConnectionState
  /** Called on every connection change; `open` after a reconnect means the stores should re-read their state. */
  onConnection(listener: (state: ConnectionState) => void): () => void
  /** Closes the socket for good (no reconnect). */
  dispose(): void
}

type Listener = (payload: unknown) => void

/** The part of a browser WebSocket the shim uses (kept structural so tests can hand in the `ws` client). */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: unknown) => void) | null
}
export type SocketFactory = (url: string) => SocketLike
const OPEN = 1

const LOST: OnairErrorValue = { code: 'network', message: 'Lost the connection to "onair serve". Is it still running?', retryable: true }

/**
 * The `window.onair` object for serve mode (DESIGN §1): the same OnairApi, carried as WireClientMessage /
 * WireServerMessage frames over one WebSocket. Calls made while (re)connecting wait for the socket.
 */
export function createWsApi(socketUrl: string | null, openSocket: SocketFactory): WsApi {
  let state: ConnectionState = socketUrl ? 'connecting' : 'no-token'
  let socket: SocketLike | null = null
  let nextId = 1
  let retryMs = 500
  let disposed = false
  const pending = new Map<number, (result: CommandResult<CommandName>) => void>()
  const queue: string[] = []
  const listeners = new Map<EventName, Set<Listener>>()
  const connectionListeners = new Set<(state: ConnectionState) => void>()

  const setState = (next: ConnectionState) => {
    state = next
    for (const l of [...connectionListeners]) l(next)
  }

  const connect = () => {
    if (!socketUrl || disposed) return
    const ws = openSocket(socketUrl)
    socket = ws
    ws.onopen = () => {
      retryMs = 500
      setState('open')
      for (const frame of queue.splice(0)) ws.send(frame)
    }
    ws.onmessage = (e) => {
      let message: WireServerMessage
      try {
        message = JSON.parse(String(e.data)) as WireServerMessage
      } catch {
        return
      }
      if ('id' in message) {
        pending.get(message.id)?.(message.result)
        pending.delete(message.id)
      } else {
        for (const l of [...(listeners.get(message.event) ?? [])]) l(message.payload)
      }
    }
    ws.onclose = () => {
      socket = null
      for (const resolve of pending.values()) resolve({ ok: false, error: LOST })
      pending.clear()
      if (disposed) return
      setState('closed')
      // The server may be restarting; try again, slowing down to every 5 s.
      setTimeout(connect, retryMs)
      retryMs = Math.min(retryMs * 2, 5000)
    }
  }
  connect()

  return {
    invoke<C extends CommandName>(command: C, request: unknown) {
      if (!socketUrl) return Promise.resolve({ ok: false, error: LOST } as CommandResult<C>)
      const id = nextId++
      const frame = JSON.stringify({ id, command, request } satisfies WireClientMessage)
      return new Promise<CommandResult<C>>((resolve) => {
        pending.set(id, resolve as (r: CommandResult<CommandName>) => void)
        if (socket && socket.readyState === OPEN) socket.send(frame)
        else queue.push(frame)
      })
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) {
      const set = listeners.get(event) ?? new Set<Listener>()
      listeners.set(event, set)
      set.add(listener as Listener)
      return () => {
        set.delete(listener as Listener)
      }
    },
    connection: () => state,
    dispose() {
      disposed = true
      socket?.close()
    },
    onConnection(listener) {
      connectionListeners.add(listener)
      return () => {
        connectionListeners.delete(listener)
      }
    }
  }
}

const TOKEN_KEY = 'onair.serve.token'

/**
 * The token arrives in the URL's hash (`#token=...`, never sent to a server). It is kept for this tab only, and the
 * hash is cleared so the token does not stay on screen or in a bookmark.
 */
export function socketUrlFromLocation(
  location: { hash: string; pathname: string; search: string; protocol: string; host: string },
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void },
  history: { replaceState(data: unknown, unused: string, url: string): void }
): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token')
  if (fromHash) {
    storage.setItem(TOKEN_KEY, fromHash)
    history.replaceState(null, '', location.pathname + location.search)
  }
  const token = fromHash ?? storage.getItem(TOKEN_KEY)
  if (!token) return null
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`
}
