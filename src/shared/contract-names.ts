/**
 * The names of the contract's commands and events, with no schema library attached. The preload bridge imports only
 * this (it runs sandboxed and is bundled whole, so zod would triple its size); contract.ts checks at compile time
 * that its schemas cover exactly these names.
 */
export const COMMAND_NAMES = [
  'app:info',
  'providers:list',
  'accounts:list',
  'accounts:save',
  'accounts:update',
  'accounts:delete',
  'accounts:verify',
  'channels:list',
  'channels:get',
  'channels:create',
  'channels:options',
  'channels:setIngest',
  'devices:list',
  'live:start',
  'live:stop',
  'live:retryNow',
  'live:snapshot',
  'live:history',
  'settings:get',
  'settings:set',
  'preview:start',
  'preview:stop',
  'audio:mute',
  'monitor:watch',
  'recordings:list',
  'recordings:delete',
  'recordings:reveal',
  'record:start',
  'record:stop',
  'record:snapshot',
  'sessions:list',
  'sessions:get',
  'handoff:upload',
  'handoff:cancel',
  'storage:list',
  'storage:save',
  'storage:delete',
  'handoff:list',
  'encoders:list',
  'handoff:stream'
] as const
export type CommandName = (typeof COMMAND_NAMES)[number]

export const EVENT_NAMES = [
  'live:state',
  'live:stats',
  'live:health',
  'log:event',
  'preview:frame',
  'handoff:progress',
  'settings:changed',
  'preview:state',
  'audio:levels',
  'recordings:changed',
  'record:state',
  'record:stats',
  'record:log',
  'handoff:auto'
] as const
export type EventName = (typeof EVENT_NAMES)[number]

/**
 * Events only the Studio's monitor shows (the preview's ~12 JPEGs and ~10 audio levels a second): a window or page that
 * cannot be seen does not get them (`monitor:watch`; the desktop window's own visibility too). Every other event
 * always goes, so the log, the figures and the graphs are whole when it is seen again.
 */
export const MONITOR_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['preview:frame', 'audio:levels'])

const COMMAND_SET: ReadonlySet<string> = new Set(COMMAND_NAMES)
const EVENT_SET: ReadonlySet<string> = new Set(EVENT_NAMES)

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && COMMAND_SET.has(name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && EVENT_SET.has(name)
}
