import type { FileSpan, RecordingFailure } from './live'

/**
 * A recording's place in the library (DESIGN §6). `recording` while a show writes it; `complete` when it ended
 * cleanly; `interrupted` when it was cut short (a full disk) or a crash left a file that could not be repaired;
 * `repaired` when a crash left it and the next start remuxed what was there; then the handoff states.
 */
export const RECORDING_STATES = ['recording', 'complete', 'interrupted', 'repaired', 'pending_handoff', 'handed_off', 'uploaded'] as const
export type RecordingState = (typeof RECORDING_STATES)[number]

/** What the library says of one recording: files and facts only, never a key. */
export interface RecordingSummary {
  id: string
  /** Absolute path of the file. */
  path: string
  fileName: string
  /** The live session it belongs to; a record-only show (`onair record`) has its own id here. */
  sessionId: string | null
  kind: 'live' | 'record'
  /** Where the show went, by name (provider + channel, or the RTMP host); empty for a record-only show. */
  destinations: string[]
  /** ms since epoch. */
  startedAt: number
  endedAt?: number
  /** Seconds of media the file holds, once known (after the show, or measured by a repair). */
  durationSeconds?: number
  /** The file's size now (0 when it is missing). */
  sizeBytes: number
  state: RecordingState
  /** Seconds a crash repair got back (state `repaired`). */
  recoveredSeconds?: number
  /** The parts of the show that reached no destination, in seconds of the recording (offline mode). */
  missed?: FileSpan[]
  /** Why the recording stopped before the show did. */
  failure?: RecordingFailure
  /** Being written, repaired, handed off or uploaded right now: it cannot be deleted. */
  inUse: boolean
  /** A crash left it and Onair is repairing it now (its state changes when that is done). */
  repairing: boolean
  /** The file is no longer where it was written (moved or deleted outside Onair). */
  missing: boolean
}

/** `recordings:changed`: one recording was added or changed (`recording`), or deleted (`null`). */
export interface RecordingsChanged {
  id: string
  recording: RecordingSummary | null
}

/** From the first missed part's start to the last one's end: one stream that covers every gap of the show. */
export function missedSpan(recording: Pick<RecordingSummary, 'missed'>): FileSpan | null {
  const parts = recording.missed ?? []
  if (parts.length === 0) return null
  return { startSeconds: Math.min(...parts.map((p) => p.startSeconds)), endSeconds: Math.max(...parts.map((p) => p.endSeconds)) }
}
