/**
 * The one contract (DESIGN §2, STYLE 1). Command and event names appear nowhere else as strings: the core's
 * dispatcher, the Electron IPC wiring, the preload bridge, the WebSocket transport, the renderer and the CLI
 * all import them from here. Main validates every request against its schema before dispatch.
 */
import type { AutoHandoffEvent } from './auto-handoff'
import { z } from 'zod'
import { COMMAND_NAMES, EVENT_NAMES, MONITOR_EVENTS, isCommandName, isEventName, type CommandName, type EventName } from './contract-names'
import { displayText, NAME_LIMIT } from './display-text'
import { OnairError, type OnairErrorValue } from './errors'
import type { ChannelOptionField } from './channel-options'
import {
  audioSourceSchema,
  liveDestinationsSchema,
  videoSourceSchema,
  type LiveDestination,
  type LiveHealth,
  type LiveHistory,
  type LiveSnapshot,
  type LiveSources,
  type LiveStats,
  type LogEvent,
  type RecordingStatus
} from './live'
import { CHANNEL_ID_MAX, CREDENTIAL_FIELD_MAX, credentialFieldsSchema, profileSchema, providerIdSchema, type ProviderId, type ProviderInfo } from './providers'
import { SERVER_URL_MAX } from './rtmp-url'
import {
  handoffCancelRequestSchema,
  handoffUploadRequestSchema,
  storageRefSchema,
  storageSaveRequestSchema,
  type HandoffUploadOutcome,
  type StorageAccountSummary
} from './storage'
import { handoffStreamRequestSchema } from './stream-handoff'
import { sessionIdSchema, type SessionDetail, type SessionSummary } from './sessions'
import type { RecordingsChanged, RecordingSummary } from './recordings'
import type { AudioLevels, PreviewStatus } from './preview'
import { settingsPatchSchema, type SettingsSnapshot } from './settings'
import { outputSettingsSchema, type H264Encoder, type OutputSettings } from './output-presets'

// ---- domain values the renderer may see (never a secret) ----

export interface AppInfo {
  version: string
  platform: string
  /** 'electron' for the desktop app, 'serve' for the browser mode. */
  shell: 'electron' | 'serve' | 'cli'
}

export interface AccountSummary {
  provider: ProviderId
  profile: string
  label: string
  /** True when the provider confirmed the credentials (always for Custom RTMP); false when it could not be reached at save time. */
  connected: boolean
  /** Display values per field: secrets masked (`••••••••abcd`), the rest redacted. */
  display: Record<string, string>
}

/** What `accounts:verify` found when it asked the provider (Custom RTMP: whether the ingest answers). */
export interface AccountVerification {
  connected: boolean
  /** ms since epoch. */
  checkedAt: number
  /** Why not: `auth`/`forbidden` when the provider refused the credentials; a retryable one when it could not be reached. */
  error?: OnairErrorValue
}

export interface ChannelSummary {
  id: string
  name: string
  state: string
  rawState?: string
  playbackUrl?: string
  /** Provider-specific display fields (mode, DVR, ...), already safe to show. */
  details?: Record<string, string | number | boolean | null>
}

export interface DeviceInfo {
  kind: 'screen' | 'window' | 'camera' | 'mic' | 'system'
  /** The SOURCE string to pass to live/record (`screen:0`, `camera:/dev/video0`, `mic:default`...). */
  source: string
  /** In English (the CLI's `onair devices`); the OS's own names (a microphone, a camera, a window title) as given. */
  label: string
  /** Where the label is Onair's words (a screen, system audio), what they are, for the app to say in its language. */
  ours?: { key: 'screen' | 'desktop' | 'system'; index?: string; detail?: string }
}

export interface PreviewFrame {
  time: number
  mime: 'image/jpeg'
  /** Base64 JPEG, 640 px wide (the Studio's preview, about 12 a second) or smaller (the live encoder's own, 5 a second). */
  data: string
}

/**
 * A handoff under way (DESIGN §6). Uploads: bytes, speed and time left; `paused` ones go on when started again.
 * Streams (`kind: 'stream'`, a recording sent to channels as a live show): also the position in the file and its length.
 */
export interface HandoffProgress {
  /** The same for the same file and destination: `handoff:cancel` takes it. */
  id: string
  kind: 'upload' | 'stream'
  path: string
  recordingId?: string
  /** `s3://bucket/key`; for a stream, the destinations' names. */
  target: string
  /** The storage account's profile (none: the CLI's AWS variables), to go on with a paused one. */
  profile?: string
  state: 'running' | 'done' | 'failed' | 'paused' | 'cancelled'
  bytesDone: number
  bytesTotal: number
  /** Over the last seconds of this run; 0 until known. */
  bytesPerSecond: number
  /** Seconds left at that pace; null until known. */
  etaSeconds: number | null
  error?: OnairErrorValue
  /** Streams: seconds of the file sent so far, and the file's length (null when it could not be read beforehand). */
  positionSeconds?: number
  durationSeconds?: number | null
  /** Streams: the live session that carries it (its state, health and log are the show's). */
  sessionId?: string
}

/** A record-only show (`record:*`): no destination, one file. */
export interface RecordSnapshot {
  sessionId: string | null
  state: 'idle' | 'starting' | 'recording' | 'ending' | 'ended' | 'failed'
  sources: LiveSources | null
  startedAt?: number
  endedAt?: number
  recordingPath?: string
  /** How the file ended (set once it did; absent when nothing was captured and the file was removed). */
  recording?: RecordingStatus
  error?: OnairErrorValue
}

// ---- commands ----

const empty = z.object({}).strict()

/** A command: its request schema (validated by main) and its response type (checked by TypeScript). */
function command<Req extends z.ZodType, Res>(request: Req): { request: Req; response: Res } {
  return { request, response: undefined as unknown as Res }
}

const accountRef = z.object({ provider: providerIdSchema, profile: profileSchema.default('default') }).strict()
/**
 * Channel commands name a saved account and nothing more: its API address is part of the account (DESIGN §2), so no
 * request can point saved credentials at another host. Strict, so an `apiBase` or any other extra key is refused.
 */
const channelRef = accountRef

// Bounds on everything a client sends: a request is checked and stored, never a megabyte of it.
const channelIdSchema = z.string().min(1).max(CHANNEL_ID_MAX)
const CHANNEL_OPTIONS_MAX = 32
const recordingRef = z.object({ id: z.string().min(1).max(64) }).strict()
const channelOptionsSchema = z
  .record(z.string().max(64), z.union([z.string().max(1024), z.number(), z.boolean()]))
  .refine((options) => Object.keys(options).length <= CHANNEL_OPTIONS_MAX, `has more than ${CHANNEL_OPTIONS_MAX} options.`)
  .default({})

// Named, so a request's input type is the schema's own (a bare z.ZodType<T> would make it `unknown`).
const previewStartSchema = z.object({ video: videoSourceSchema, audio: audioSourceSchema }).strict()
const audioMuteSchema = z.object({ muted: z.boolean() }).strict()
const monitorWatchSchema = z.object({ watching: z.boolean() }).strict()

export const COMMANDS = {
  'app:info': command<typeof empty, AppInfo>(empty),
  'providers:list': command<typeof empty, ProviderInfo[]>(empty),

  'accounts:list': command<typeof empty, AccountSummary[]>(empty),
  'accounts:save': command<z.ZodType<{ provider: ProviderId; profile: string; label?: string; fields: Record<string, string> }>, AccountSummary>(
    z
      .object({
        provider: providerIdSchema,
        profile: profileSchema.default('default'),
        label: z.string().max(80).optional(),
        fields: credentialFieldsSchema
      })
      .strict()
  ),
  /**
   * Changes some fields of a saved account; omitted ones keep their saved values (the renderer never has the secrets).
   * A new address (`apiBase`, or a Custom RTMP `serverUrl`) needs every secret given again: a saved secret never goes
   * to a new host without the user typing it.
   */
  'accounts:update': command<z.ZodType<{ provider: ProviderId; profile: string; label?: string; fields: Record<string, string> }>, AccountSummary>(
    z
      .object({
        provider: providerIdSchema,
        profile: profileSchema.default('default'),
        label: z.string().max(80).optional(),
        fields: credentialFieldsSchema.default({})
      })
      .strict()
  ),
  'accounts:delete': command<typeof accountRef, { deleted: boolean }>(accountRef),
  /** Asks the provider now with the saved credentials, and keeps the answer as the account's `connected`. */
  'accounts:verify': command<z.ZodType<{ provider: ProviderId; profile: string }>, AccountVerification>(accountRef),

  'channels:list': command<z.ZodType<{ provider: ProviderId; profile: string }>, ChannelSummary[]>(channelRef),
  'channels:get': command<z.ZodType<{ provider: ProviderId; profile: string; channelId: string }>, ChannelSummary>(
    channelRef.extend({ channelId: channelIdSchema }).strict()
  ),
  'channels:create': command<
    z.ZodType<{ provider: ProviderId; profile: string; name: string; options: Record<string, string | number | boolean> }>,
    ChannelSummary
  >(
    channelRef
      .extend({
        // Stored by the provider and shown everywhere: no control or bidi characters in it (display-text.ts).
        name: z
          .string()
          .min(1)
          .max(NAME_LIMIT)
          .transform((name) => displayText(name))
          .pipe(z.string().min(1)),
        options: channelOptionsSchema
      })
      .strict()
  ),
  /** The provider's create-channel options, as form fields. */
  'channels:options': command<z.ZodType<{ provider: ProviderId }>, ChannelOptionField[]>(z.object({ provider: providerIdSchema }).strict()),
  /** A hand-entered ingest for a channel whose provider API gives none (Kollus); kept in the keychain. */
  'channels:setIngest': command<
    z.ZodType<{ provider: ProviderId; profile: string; channelId: string; serverUrl: string; streamKey: string }>,
    { channelId: string; server: string; streamKey: string }
  >(
    channelRef
      .extend({ channelId: channelIdSchema, serverUrl: z.string().min(1).max(SERVER_URL_MAX), streamKey: z.string().min(1).max(CREDENTIAL_FIELD_MAX) })
      .strict()
  ),

  'devices:list': command<typeof empty, DeviceInfo[]>(empty),

  /**
   * One to four destinations, all fed from one encode; resolves once live (a destination that failed says why in the
   * snapshot). `output` is the saved one (settings) unless given.
   */
  'live:start': command<
    z.ZodType<{ destinations: LiveDestination[]; video: string; audio: string; record: boolean; output?: OutputSettings; offline?: boolean }>,
    LiveSnapshot
  >(
    z
      .object({
        destinations: liveDestinationsSchema,
        video: videoSourceSchema.default('testsrc'),
        audio: audioSourceSchema.default('sine'),
        record: z.boolean().default(true),
        output: outputSettingsSchema.optional(),
        /** Offline mode (DESIGN §6): go on recording in state `offline` when no destination can be reached; absent = the saved setting. */
        offline: z.boolean().optional()
      })
      .strict()
  ),
  'live:stop': command<typeof empty, LiveSnapshot>(empty),
  'live:retryNow': command<typeof empty, LiveSnapshot>(empty),
  'live:snapshot': command<typeof empty, LiveSnapshot>(empty),
  /** The running (or last) show's graph data so far: a window that opens mid-show draws the whole show. */
  'live:history': command<typeof empty, LiveHistory>(empty),

  /** The whole settings, and whether a damaged or newer file was set aside at start (`recovered`). */
  'settings:get': command<typeof empty, SettingsSnapshot>(empty),
  /** Any subset of the settings, section by section; written at once and told to every window as `settings:changed`. */
  'settings:set': command<typeof settingsPatchSchema, SettingsSnapshot>(settingsPatchSchema),

  /**
   * Shows the sources in the Studio before Go Live (and through the show): preview JPEGs as `preview:frame`, audio levels
   * as `audio:levels`. Nothing is pushed or recorded. Asking again for the sources already shown changes nothing.
   */
  'preview:start': command<typeof previewStartSchema, PreviewStatus>(previewStartSchema),
  'preview:stop': command<typeof empty, PreviewStatus>(empty),
  /** Mutes the show's audio (silence is sent, the track stays) or unmutes it, at once while live. */
  'audio:mute': command<typeof audioMuteSchema, PreviewStatus>(audioMuteSchema),
  /**
   * Whether the asking window or page can show the monitor (false: a background tab, a minimised window). Its
   * connection gets no MONITOR_EVENTS until it says true again; nothing else changes, for it or anyone else.
   */
  'monitor:watch': command<typeof monitorWatchSchema, { watching: boolean }>(monitorWatchSchema),

  /** The recordings library (DESIGN §6), newest first. */
  'recordings:list': command<typeof empty, RecordingSummary[]>(empty),
  /** Deletes the file and its entry; refused (`recording_in_use`) while it is written, repaired, handed off or uploaded. */
  'recordings:delete': command<typeof recordingRef, { deleted: true }>(recordingRef),
  /** Where the file is; the desktop shell also shows it in its folder. */
  'recordings:reveal': command<typeof recordingRef, { path: string }>(recordingRef),
  /**
   * A record-only show (`onair record`): capture and encode as Go Live does, no destination. Resolves once the file is
   * being written; told as `record:state`, `record:stats`, `record:log`. The folder is the data dir's (the CLI's --out
   * is a local option: no socket client chooses where files are written).
   */
  'record:start': command<z.ZodType<{ video: string; audio: string }>, RecordSnapshot>(
    z.object({ video: videoSourceSchema.default('testsrc'), audio: audioSourceSchema.default('none') }).strict()
  ),
  /** Ends it with the file closed; resolves with the final snapshot. */
  'record:stop': command<typeof empty, RecordSnapshot>(empty),
  'record:snapshot': command<typeof empty, RecordSnapshot>(empty),

  /** The show history (DESIGN §11), newest first: a summary per show. */
  'sessions:list': command<z.ZodType<{ limit?: number }>, SessionSummary[]>(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict()),
  /** One show: its report, its whole event log and the points of its graphs. */
  'sessions:get': command<z.ZodType<{ id: string }>, SessionDetail>(z.object({ id: sessionIdSchema }).strict()),

  /**
   * Uploads a recording to S3-compatible storage (multipart, resumable): resolves when the object is stored and checked,
   * or stopped (paused, cancelled). Progress as `handoff:progress`; the recording is marked `uploaded`.
   */
  'handoff:upload': command<typeof handoffUploadRequestSchema, HandoffUploadOutcome>(handoffUploadRequestSchema),
  /** Stops an upload and aborts its multipart upload (also one a killed process left): no object is written. */
  'handoff:cancel': command<typeof handoffCancelRequestSchema, { cancelled: boolean; partsLeftOnServer: boolean }>(handoffCancelRequestSchema),
  /** Storage accounts (`s3`), masked. */
  'storage:list': command<typeof empty, StorageAccountSummary[]>(empty),
  'storage:save': command<typeof storageSaveRequestSchema, StorageAccountSummary>(storageSaveRequestSchema),
  'storage:delete': command<typeof storageRefSchema, { deleted: boolean }>(storageRefSchema),
  /** Uploads under way, and those a closed or killed app left (`paused`: `handoff:upload` with the same target goes on). */
  'handoff:list': command<typeof empty, HandoffProgress[]>(empty),
  /** The H.264 encoders that work on this computer, best first: hardware ones that pass a test encode now, then libx264. */
  'encoders:list': command<typeof empty, { encoders: H264Encoder[] }>(empty),
  /**
   * Streams a recording to channels as a live show, at real-time pace without re-encoding (DESIGN §6): resolves once
   * live (like `live:start`; the show is the live session). Progress as `handoff:progress` (`kind: 'stream'`); stop with
   * `handoff:cancel` (its id) or `live:stop`. The recording is marked `handed_off` once the whole file was sent.
   */
  'handoff:stream': command<typeof handoffStreamRequestSchema, HandoffProgress>(handoffStreamRequestSchema)
} as const

export type Commands = typeof COMMANDS
export { COMMAND_NAMES, EVENT_NAMES, MONITOR_EVENTS, isCommandName, isEventName, type CommandName, type EventName }
// The schemas cover exactly the names of contract-names.ts, no more and no fewer.
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : never
const commandsMatchNames: SameKeys<Commands, CommandName> = true
void commandsMatchNames
export type CommandRequest<C extends CommandName> = z.input<Commands[C]['request']>
export type CommandParsedRequest<C extends CommandName> = z.output<Commands[C]['request']>
export type CommandResponse<C extends CommandName> = Commands[C]['response']

// ---- events ----

export interface EventPayloads {
  'live:state': LiveSnapshot
  'live:stats': LiveStats
  'live:health': LiveHealth
  'log:event': LogEvent
  'preview:frame': PreviewFrame
  'handoff:progress': HandoffProgress
  'settings:changed': SettingsSnapshot
  'preview:state': PreviewStatus
  'audio:levels': AudioLevels
  'recordings:changed': RecordingsChanged
  'record:state': RecordSnapshot
  'record:stats': LiveStats
  'record:log': LogEvent
  'handoff:auto': AutoHandoffEvent
}
const eventsMatchNames: SameKeys<EventPayloads, EventName> = true
void eventsMatchNames

/** What a command returns across any transport. */
export type CommandResult<C extends CommandName> = { ok: true; value: CommandResponse<C> } | { ok: false; error: OnairErrorValue }

/** The value of a successful result; a failed one is thrown as an OnairError carrying its value. */
export function unwrap<C extends CommandName>(result: CommandResult<C>): CommandResponse<C> {
  if (result.ok) return result.value
  throw new OnairError(result.error)
}

/**
 * The API the renderer sees as `window.onair` (preload under Electron, a WebSocket shim under `onair serve`).
 * Verb-level: only contract commands, only contract events.
 */
export interface OnairApi {
  invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResult<C>>
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
}

/** WebSocket frames of `onair serve` (DESIGN §1). */
export type WireClientMessage = { id: number; command: CommandName; request: unknown }
export type WireServerMessage = { id: number; result: CommandResult<CommandName> } | { event: EventName; payload: unknown }
