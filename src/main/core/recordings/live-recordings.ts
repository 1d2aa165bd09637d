import type { FileSpan, LiveSnapshot, RecordingStatus } from '../../../shared/live'
import type { EventBus } from '../events/event-bus'
import type { RecordingLibrary } from './recording-library'

/** What a live session's state means for its recording in the library. */
export type LiveRecordingStep =
  | { kind: 'begin'; path: string; destinations: string[]; startedAt: number }
  | { kind: 'finish'; status: RecordingStatus; endedAt: number; missed?: FileSpan[] }
  | { kind: 'forget' }
  | null

/**
 * Pure: a session's recording enters the library when the session starts connecting with a recording path, and is
 * finished when it ends. A session that failed before going live removed its own file (its snapshot has no path
 * any more): its entry is forgotten.
 */
export function liveRecordingStep(snap: LiveSnapshot, known: boolean, now: number): LiveRecordingStep {
  const over = snap.state === 'ended' || snap.state === 'failed'
  if (!known) {
    if (over || !snap.recordingPath || snap.state === 'idle' || snap.state === 'preparing') return null
    const destinations = snap.destinations.filter((d) => d.state !== 'failed').map((d) => d.label)
    return { kind: 'begin', path: snap.recordingPath, destinations, startedAt: snap.startedAt ?? now }
  }
  if (!over) return null
  if (!snap.recordingPath) return { kind: 'forget' }
  const status = snap.recording ?? { path: snap.recordingPath, complete: true, seconds: 0 }
  const endedAt = snap.endedAt ?? now
  const missed = missedParts(snap, endedAt)
  return { kind: 'finish', status, endedAt, ...(missed.length ? { missed } : {}) }
}

/** A second either side: the recording's clock starts a moment after the session's, and a part is better sent whole. */
const MISSED_MARGIN_SECONDS = 1

/**
 * The parts of the show that reached no destination (offline mode's spans, ms since epoch), as seconds of its
 * recording (which starts with the session): what a handoff of only the missed part sends.
 */
export function missedParts(snap: Pick<LiveSnapshot, 'startedAt' | 'unstreamed'>, endedAt: number): FileSpan[] {
  const start = snap.startedAt
  if (start === undefined) return []
  return (snap.unstreamed ?? []).map((span) => ({
    startSeconds: Math.max(0, Math.round((span.start - start) / 100) / 10 - MISSED_MARGIN_SECONDS),
    endSeconds: Math.round(((span.end ?? endedAt) - start) / 100) / 10 + MISSED_MARGIN_SECONDS
  }))
}

/**
 * Keeps the library in step with live sessions by listening to the core's `live:state` events, so the live service
 * need not know the library exists. Returns the disposer.
 */
export function followLiveRecordings(bus: EventBus, library: RecordingLibrary, now: () => number = Date.now): () => void {
  const bySession = new Map<string, string>()
  const pending = new Set<string>()
  return bus.onDidEmit((event, payload) => {
    if (event !== 'live:state') return
    const snap = payload as LiveSnapshot
    if (!snap.sessionId) return
    const id = bySession.get(snap.sessionId)
    // Offline mode: part of the show reached no destination, so the recording waits for a handoff (marked while it
    // records, it ends `pending_handoff`; a crash leaves the mark for the repair to keep).
    if (id !== undefined && !pending.has(id) && (snap.unstreamed?.length ?? 0) > 0 && snap.recordingPath) {
      pending.add(id)
      library.setState(id, 'pending_handoff').catch(() => pending.delete(id))
    }
    const step = liveRecordingStep(snap, id !== undefined, now())
    if (!step) return
    if (step.kind === 'begin') {
      const begun = library.begin({ path: step.path, sessionId: snap.sessionId, kind: 'live', destinations: step.destinations, startedAt: step.startedAt })
      bySession.set(snap.sessionId, begun.id)
      return
    }
    bySession.delete(snap.sessionId)
    pending.delete(id as string)
    if (step.kind === 'forget') library.forget(id as string)
    else library.finish(id as string, step.status, step.endedAt, step.missed)
  })
}
