import { z } from 'zod'
import type { HealthLevel, LiveSources, LiveState, LogEvent, RecordingFailure } from './live'
import type { ProviderId } from './providers'
import type { RecordingSummary } from './recordings'

/**
 * Session history (DESIGN §11): every show leaves `sessions/<id>.ndjson` in the data dir, and a report computed from
 * it. These are the values `sessions:list` and `sessions:get` return; none of them ever holds a secret.
 */

/** A session id as it names a file: letters, digits and dashes only (a UUID today), so no id reaches outside the folder. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/
export const sessionIdSchema = z.string().regex(SESSION_ID_PATTERN, 'is not a session id.')

/** An error as the session file keeps it: the code the UI words, and main's English message. */
export interface SessionError {
  code: string
  message: string
  provider?: string
  step?: string
}

/** How a show ended: stopped (or its file source ran out), failed with an error, or the app died while it ran. */
export const SESSION_ENDINGS = ['clean', 'failed', 'crashed'] as const
export type SessionEnding = (typeof SESSION_ENDINGS)[number]

/** How an outage ended: the push came back by itself, or the show ended (stopped, failed, crashed) while off air. */
export const OUTAGE_RECOVERIES = ['reconnected', 'ended', 'failed', 'crashed', 'ongoing'] as const
export type OutageRecovery = (typeof OUTAGE_RECOVERIES)[number]

/** A span of a show that did not reach its viewers: for the show, no destination was live; for a destination, it was not. */
export interface SessionOutage {
  /** ms since epoch. */
  start: number
  seconds: number
  /** The error code that cut the push (`ingest_unreachable`, `ingest_failed`...), when the log said it. */
  cause?: string
  /** The destinations that were down (ids), for the show's own outages. */
  destinations?: string[]
  recovery: OutageRecovery
  /** Reconnect attempts made during it. */
  attempts: number
}

/** Bitrate that reached the ingest (the fan-out's figure, so an outage reads 0), over the time on air. */
export interface BitrateFigures {
  meanKbps: number
  minKbps: number
}

export interface DestinationReport {
  id: string
  provider: ProviderId
  profile: string
  channelId?: string
  backup?: boolean
  label: string
  /** Its state when the show ended. */
  finalState: LiveState
  error?: SessionError
  /** Seconds it was live. */
  onAirSeconds: number
  outages: SessionOutage[]
  reconnects: number
  bitrate: BitrateFigures | null
  droppedFrames: number
  /** Highest congestion seen (queue ÷ 700 ms). */
  congestionMax: number
  /** The provider's own events for this destination. */
  providerEvents: number
}

export interface SessionRecordingReport {
  path: string
  /** Seconds of the show the file holds; for a crashed show, how long it was being written. */
  seconds: number
  complete: boolean
  error?: RecordingFailure
}

export interface SessionReport {
  id: string
  start: number
  /** ms since epoch of the end (for a crashed show: its last line). */
  end: number
  durationSeconds: number
  /** `running`: the show is on right now (in this process or another). */
  ending: SessionEnding | 'running'
  error?: SessionError
  sources: LiveSources | null
  /** Output settings as the show started, when the session told them. */
  output?: Record<string, unknown>
  /** ms since epoch the show first went live; absent when it never did. */
  liveSince?: number
  /** Seconds at least one destination was live. */
  onAirSeconds: number
  /** Seconds the local recording holds (null: no recording). */
  recordedSeconds: number | null
  outages: SessionOutage[]
  reconnects: number
  /** Total sent to all destinations per sample, over the time since the show went live. */
  bitrate: BitrateFigures | null
  /** Frames the encoder dropped plus frames the pushers dropped to catch up. */
  droppedFrames: number
  /** Slowest encoder speed while live (1.0 = real time). */
  encoderSpeedMin: number | null
  /** Share (0–1) of the scored time at each health level. */
  health: Record<HealthLevel, number>
  destinations: DestinationReport[]
  /** The providers' own events (log lines with a provider as source), as they wrote them. */
  providerEvents: LogEvent[]
  recording: SessionRecordingReport | null
  /**
   * Offline mode: the parts of the show that reached no destination (ms since epoch; a part still open when the
   * file ends closes there). Absent when every moment reached one.
   */
  unstreamed?: Array<{ start: number; end: number; seconds: number }>
  logLines: number
}

/** One line of `sessions:list`: enough to pick a show, without reading its whole file. */
export interface SessionSummary {
  id: string
  start: number
  end: number
  durationSeconds: number
  /** `running`: the show is on right now (in this process or another). */
  ending: SessionEnding | 'running'
  errorCode?: string
  /** Where it went, by name (provider + channel, or the RTMP host). */
  destinations: string[]
  onAirSeconds: number
  outages: number
  reconnects: number
  recordedSeconds: number | null
}

/** `sessions:get`: the report, the whole event log, and the stats the graphs are drawn from (thinned to a bounded count). */
export interface SessionDetail {
  report: SessionReport
  log: LogEvent[]
  samples: SessionSample[]
  /**
   * The show's recording as the library has it now: whether it played back after the show (`complete`, or `repaired`
   * after a crash), and its handoff (pending, handed off, uploaded). Null when the library has none for this show.
   */
  recording: RecordingSummary | null
}

/** One point of a show's graphs. */
export interface SessionSample {
  time: number
  fps: number
  speed: number
  /** Bitrate sent per destination id. */
  kbps: Record<string, number>
  /** Highest congestion of any destination. */
  congestion: number
}
