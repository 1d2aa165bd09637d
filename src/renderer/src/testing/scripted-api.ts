import type { CommandName, CommandRequest, CommandResponse, CommandResult, EventName, EventPayloads, OnairApi } from '../../../shared/contract'
import type { OnairErrorValue } from '../../../shared/errors'
import { DEFAULT_SETTINGS } from '../../../shared/settings'

type Answer<C extends CommandName> = CommandResult<C> | Promise<CommandResult<C>>
type Handler<C extends CommandName> = (request: CommandRequest<C>) => Answer<C>

/**
 * A stand-in for `window.onair` that a test scripts command by command: what each command answers, which events
 * arrive and when. It records every call, so a test can check what the UI asked main for (and that no secret came
 * back). An unscripted command fails with `internal`, so a test notices a call it did not expect.
 */
export interface ScriptedApi extends OnairApi {
  readonly calls: Array<{ command: CommandName; request: unknown }>
  handle<C extends CommandName>(command: C, handler: Handler<C>): void
  /** Answers every later call of `command` with this value. */
  reply<C extends CommandName>(command: C, value: CommandResponse<C>): void
  fail(command: CommandName, error: Omit<OnairErrorValue, 'retryable'> & { retryable?: boolean }): void
  requestsOf<C extends CommandName>(command: C): Array<CommandRequest<C>>
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void
  listenerCount(event: EventName): number
}

export function scriptedApi(): ScriptedApi {
  const handlers = new Map<CommandName, Handler<CommandName>>()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const calls: Array<{ command: CommandName; request: unknown }> = []
  const api: ScriptedApi = {
    calls,
    async invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResult<C>> {
      // A copy: the UI may not change what it sent after the fact, and the test sees exactly what went out.
      calls.push({ command, request: structuredClone(request) })
      const handler = handlers.get(command) as Handler<C> | undefined
      if (!handler) return { ok: false, error: { code: 'internal', message: `unscripted command ${command}`, retryable: false } }
      return await handler(request)
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener as (payload: unknown) => void)
      return () => void set.delete(listener as (payload: unknown) => void)
    },
    handle(command, handler) {
      handlers.set(command, handler as unknown as Handler<CommandName>)
    },
    reply(command, value) {
      api.handle(command, () => ({ ok: true, value }) as CommandResult<typeof command>)
    },
    fail(command, error) {
      api.handle(command, () => ({ ok: false, error: { retryable: false, ...error } }))
    },
    requestsOf<C extends CommandName>(command: C) {
      return calls.filter((c) => c.command === command).map((c) => c.request as CommandRequest<C>)
    },
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload)
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0
  }
  // What every window asks for at start, answered as by a fresh install.
  api.reply('app:info', { version: '0.0.0-test', platform: 'linux', shell: 'serve' })
  api.reply('devices:list', [])
  api.reply('accounts:list', [])
  api.reply('live:snapshot', { sessionId: null, state: 'idle', sources: null, destinations: [], log: [] })
  api.reply('recordings:list', [])
  api.reply('handoff:list', [])
  api.reply('storage:list', [])
  api.reply('live:history', { sessionId: null, points: [], samplesPerPoint: 1 })
  api.reply('settings:get', { settings: DEFAULT_SETTINGS })
  api.reply('encoders:list', { encoders: ['libx264'] })
  api.reply('sessions:list', [])
  // The preview shows whatever it is asked for, muted or not as last asked.
  let muted = false
  api.handle('preview:start', (r) => ({ ok: true, value: { video: r.video, audio: r.audio, muted } }))
  api.handle('audio:mute', (r) => ({ ok: true, value: { video: null, audio: null, muted: (muted = r.muted) } }))
  return api
}
