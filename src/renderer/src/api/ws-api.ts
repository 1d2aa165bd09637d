import type { CommandName, CommandResult, EventName, EventPayloads, OnairApi, WireClientMessage, WireServerMessage } from '../../../shared/contract'
import type { OnairErrorValue } from '../../../shared/errors'

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'no-token'

export interface WsApi extends OnairApi {
  connection(): ConnectionState
  /** Called on every connection change; `open` after a reconnect means the stores should re-read their state. */
  onConnection(listener: (state: ConnectionState) => void): () => void
}

type Listener = (payload: unknown) => void

const LOST: OnairErrorValue = { code: 'network', message: 'Lost the connection to "onair serve". Is it still running?', retryable: true }

/**
 * The `window.onair` object for serve mode (DESIGN §1): the same OnairApi, carried as WireClientMessage /
 * WireServerMessage frames over one WebSocket. Calls made while (re)connecting wait for the socket.
 */
export function createWsApi(socketUrl: string | null, WebSocketImpl: typeof WebSocket = WebSocket): WsApi {
  let state: ConnectionState = socketUrl ? 'connecting' : 'no-token'
  let socket: WebSocket | null = null
  let nextId = 1
  let retryMs = 500
  const pending = new Map<number, (result: CommandResult<CommandName>) => void>()
  const queue: string[] = []
  const listeners = new Map<EventName, Set<Listener>>()
  const connectionListeners = new Set<(state: ConnectionState) => void>()

  const setState = (next: ConnectionState) => {
    state = next
    for (const l of [...connectionListeners]) l(next)
  }

  const connect = () => {
    if (!socketUrl) return
    const ws = new WebSocketImpl(socketUrl)
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
        if (socket && socket.readyState === WebSocketImpl.OPEN) socket.send(frame)
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
export function socketUrlFromLocation(location: Location, storage: Storage, history: History): string | null {
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
