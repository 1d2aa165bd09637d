import { z } from 'zod'
import type { OnairErrorValue } from './errors'
import type { StatsPoint } from './stats-history'
import { CHANNEL_ID_MAX, PROVIDERS, profileSchema, providerIdSchema, type ProviderId } from './providers'

/**
 * Normalised live states (DESIGN §3). The provider's raw state travels beside them. `offline` (offline mode, DESIGN §6):
 * no destination can be reached, the show goes on recording and goes live by itself when one returns.
 */
export const LIVE_STATES = ['idle', 'preparing', 'connecting', 'live', 'reconnecting', 'ending', 'ended', 'failed', 'offline'] as const
export type LiveState = (typeof LIVE_STATES)[number]

export const HEALTH_LEVELS = ['excellent', 'acceptable', 'unstable', 'offline'] as const
export type HealthLevel = (typeof HEALTH_LEVELS)[number]

/** Longest SOURCE string (a file path may be long; nothing else comes near). */
export const SOURCE_MAX = 4096

/**
 * `file:PATH` takes a file on this computer only. ffmpeg would also open a URL or one of its protocols there
 * (`file:http://…`, `file:rtmp://…`, `file:concat:…`, `file:pipe:0`), which lets whoever picks the source make
 * Onair fetch from the network or read a pipe; the encoder also gets `-protocol_whitelist file` (source-args.ts).
 */
export function isLocalFilePath(path: string): boolean {
  if (!path || path === '-') return false
  // \\server\share and //server/share: Windows opens those over the network (SMB).
  if (/^[\\/]{2}/.test(path)) return false
  if (/^[A-Za-z]:[\\/]/.test(path)) return true // a Windows drive letter, C:\ or C:/
  // scheme: or ffmpeg's protocol syntax (`subfile,,start,0,end,0,,:PATH`); write ./name:x.mp4 for such a file.
  return !/^[A-Za-z][A-Za-z0-9+.,-]*:/.test(path)
}

const localFileOnly = (source: string) => !source.startsWith('file:') || isLocalFilePath(source.slice(5))
const NOT_LOCAL = 'must name a file on this computer: file:PATH takes a path, not a URL or a protocol.'

/** Video sources, DESIGN §8: `screen[:N]`, `window:ID`, `camera[:ID]`, `testsrc`, `file:PATH`. */
export const videoSourceSchema = z
  .string()
  .max(SOURCE_MAX)
  .regex(/^(screen(:[^\s]+)?|window:[^\s]+|camera(:.+)?|testsrc|file:.+)$/, 'Video source must be screen[:N], window:ID, camera[:ID], testsrc or file:PATH.')
  .refine(localFileOnly, NOT_LOCAL)
/** Audio sources: `mic[:ID]`, `system`, `sine`, `none` (and `file:PATH` to take the audio of a file). */
export const audioSourceSchema = z
  .string()
  .max(SOURCE_MAX)
  .regex(/^(mic(:.+)?|system|sine|none|file:.+)$/, 'Audio source must be mic[:ID], system, sine or none.')
  .refine(localFileOnly, NOT_LOCAL)

/** Where one session can go at once, all from one encode (DESIGN §2). */
export const MAX_DESTINATIONS = 4

/** A saved account (+ channel for API providers), addressed by ids only: what the ingest resolver works from. */
export interface LiveTarget {
  provider: ProviderId
  profile: string
  /** Channel id for API providers; absent for Custom RTMP. */
  channelId?: string
}

/**
 * One destination of `live:start`: a saved account (+ channel), addressed by ids only. The account's API address comes
 * from the keychain, never from the request (DESIGN §2); strict, so an extra key is refused, not dropped. `backup`
 * also pushes to the channel's backup ingest (NAVER failover channels only).
 */
export const liveDestinationSchema = z
  .object({
    provider: providerIdSchema,
    profile: profileSchema.default('default'),
    channelId: z.string().min(1).max(CHANNEL_ID_MAX).optional(),
    backup: z.boolean().optional()
  })
  .strict()
export type LiveDestination = z.output<typeof liveDestinationSchema>

// Custom RTMP has no channels: its account alone is the destination.
const destinationKey = (d: LiveDestination) => `${d.provider}\u0000${d.profile}\u0000${PROVIDERS[d.provider].hasApi ? (d.channelId ?? '') : ''}`

/** One to four destinations, none twice, a channel for each API provider; `backup` only where a provider has a backup ingest (NAVER). */
export const liveDestinationsSchema = z
  .array(liveDestinationSchema)
  .min(1)
  .max(MAX_DESTINATIONS)
  .superRefine((destinations, ctx) => {
    const seen = new Set<string>()
    destinations.forEach((d, i) => {
      const key = destinationKey(d)
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: 'names a destination that is already in the list.' })
      seen.add(key)
      if (PROVIDERS[d.provider].hasApi && !d.channelId)
        ctx.addIssue({ code: 'custom', path: [i, 'channelId'], message: 'is missing: choose a channel to go live on.' })
      if (d.backup && d.provider !== 'naver') ctx.addIssue({ code: 'custom', path: [i, 'backup'], message: 'is only for NAVER channels with a backup ingest.' })
    })
  })

/** What the session shows of one push: a destination of the request, or its backup ingest (`backup: true`). */
export interface DestinationStatus {
  /** `d1`, `d2`, ... in request order; a backup ingest comes right after its main one. Stats use the same ids. */
  id: string
  provider: ProviderId
  profile: string
  channelId?: string
  /** True for the push to a NAVER channel's backup ingest (its main ingest is the entry before it). */
  backup?: boolean
  /** What the UI shows: provider name + channel, or the RTMP host; never a key. */
  label: string
  state: LiveState
  rawState?: string
  /** Why this destination failed (the others go on): account, channel, ingest refused the key, ... */
  error?: OnairErrorValue
  /** While reconnecting: when the next attempt is due (ms since epoch), for the countdown beside Retry now. */
  retryAt?: number
}

/** The sources a session actually captures, as SOURCE strings (DESIGN §8). */
export interface LiveSources {
  video: string
  audio: string
}

/** How much of a session's log the snapshot keeps: a window that opens mid-show gets this much of it. */
export const SESSION_LOG_MAX = 500

export interface LiveSnapshot {
  sessionId: string | null
  state: LiveState
  /** Provider-reported raw state, shown beside the normalised one. */
  rawState?: string
  /** ms since epoch when the session first went live; drives the elapsed-time display. */
  liveSince?: number
  startedAt?: number
  endedAt?: number
  /** What is captured, once a session started; null before the first one. */
  sources: LiveSources | null
  destinations: DestinationStatus[]
  /** This session's log so far (the last SESSION_LOG_MAX entries), oldest first. */
  log: LogEvent[]
  /** Since when no destination has had the show, once it was on air (ms since epoch); absent while one has it. */
  offAirSince?: number
  /** Offline mode: true when the session keeps recording while no destination can be reached (the start asked for it). */
  offlineMode?: boolean
  /**
   * The parts of the show that reached no destination (offline mode), oldest first; the last one is open (no `end`)
   * while the show is offline. Such a show's recording is pending handoff.
   */
  unstreamed?: UnstreamedSpan[]
  recordingPath?: string
  /** Set when the show is a recording streamed to the destinations (a handoff, DESIGN §6) rather than a capture. */
  handoff?: LiveHandoff
  /** How the local recording is doing: set when it failed mid-show, and for every recording once the show ended. */
  recording?: RecordingStatus
  error?: OnairErrorValue
}

/** A recording streamed as a live show (stream copy at real-time pace): which file, and how far it has got. */
export interface LiveHandoff {
  path: string
  /** The recordings library's id, when the file is one of its recordings. */
  recordingId?: string
  /** Seconds of media in the file; null when it could not be read beforehand. */
  durationSeconds: number | null
  /** Seconds of the file sent so far (the stream-copy's output time). */
  positionSeconds: number
  /** Only this part of the file is sent (the part of a show that reached no destination); the whole file when absent. */
  span?: FileSpan
}

/** A part of a recording, in seconds from its start: what a handoff sends when not the whole file. */
export interface FileSpan {
  startSeconds: number
  endSeconds: number
}

/** A stretch of the show (ms since epoch) that reached no destination: it exists only in the recording. */
export interface UnstreamedSpan {
  start: number
  end?: number
}

/** A show's graph data so far (shared/stats-history.ts): `samplesPerPoint` lets a window fold new samples as core does. */
export interface LiveHistory {
  sessionId: string | null
  points: StatsPoint[]
  samplesPerPoint: number
}

/** Why a recording stopped before the show did. The stream goes on whatever happens to the recording. */
export const RECORDING_FAILURES = ['disk_full', 'folder_gone', 'read_only', 'io_error'] as const
export type RecordingFailure = (typeof RECORDING_FAILURES)[number]

/** The local recording of a show, as far as it got. */
export interface RecordingStatus {
  path: string
  /** False when the file stopped before the show did or is not there at all: such a recording is never "saved". */
  complete: boolean
  /** Seconds of the show the file holds (measured from the file when the recording failed). */
  seconds: number
  error?: RecordingFailure
}

export interface DestinationStats {
  id: string
  /** The pusher's own state (it reconnects on its own while the session stays up). */
  state?: LiveState
  bytesSent: number
  kbps: number
  /** Queue length ÷ 700 ms (DESIGN §4); ≥ 1 means the pusher is dropping to the next keyframe. */
  congestion: number
  /** Media waiting in this destination's queue, in ms. */
  queueMs?: number
  droppedFrames: number
  reconnects: number
}

export interface LiveStats {
  time: number
  fps: number
  bitrateKbps: number
  speed: number
  droppedFrames: number
  duplicatedFrames: number
  /** How much media the encoder has produced (its output time), in ms. */
  mediaTimeMs?: number
  destinations: DestinationStats[]
}

export interface LiveHealth {
  time: number
  level: HealthLevel
  /** Human reasons behind the level in English, e.g. "encoder overloaded (speed 0.82×)" (the CLI, the session file). */
  reasons: string[]
  /** The same reasons as codes and figures, for the app to say in its own language (`health.reason.<code>`). */
  causes: HealthCause[]
}

/** Why health is what it is: one per threshold crossed (DESIGN §5, shared/health.ts). */
export type HealthCause =
  | { code: 'noData' | 'notReaching' | 'reconnectedMinute' | 'reconnectedRecently' }
  | { code: 'congested' | 'congestion' | 'dropped'; percent: number }
  | { code: 'overloaded'; speed: string }
  | { code: 'provider'; level: 'acceptable' | 'unstable' }

export interface LogEvent {
  time: number
  level: 'info' | 'warn' | 'error'
  /** Stable code for the UI to localise (e.g. `live.started`, `pusher.reconnecting`). */
  code: string
  message: string
  data?: Record<string, unknown>
  /** Where the line comes from: a provider's own event (its text kept as written), or Onair itself when absent. */
  source?: ProviderId
}
