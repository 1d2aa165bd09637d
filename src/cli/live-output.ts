import type { EventName, EventPayloads } from '../shared/contract'
import type { LiveSnapshot, RecordingStatus } from '../shared/live'
import { displayText } from '../shared/display-text'
import { describeRecordingFailure } from '../main/core/media/recording-failure'
import type { OnairCore } from '../main/core/onair-core'
import type { CliIo } from './cli-io'

/**
 * Prints a live session's events: one JSON object per line with --json (DESIGN §8), short readable lines
 * otherwise. Resolves `ended` when the session reaches `ended` or `failed`.
 */
export function followSession(io: CliIo, core: OnairCore): { ended: Promise<LiveSnapshot>; dispose: () => void } {
  let resolveEnded: (s: LiveSnapshot) => void = () => {}
  const ended = new Promise<LiveSnapshot>((r) => (resolveEnded = r))
  let lastHumanStats = 0
  let announcedRecording = ''
  const dispose = core.onDidEmit(<E extends EventName>(event: E, payload: EventPayloads[E]) => {
    if (event === 'live:state') {
      const snap = payload as LiveSnapshot
      // The log travels as its own `event` lines; a state line carries the rest of the snapshot.
      const { error: _error, log: _log, ...rest } = snap
      if (io.json) io.emit({ type: 'state', ...rest })
      else
        io.err(
          `● ${snap.state}${snap.state === 'connecting' || snap.state === 'live' ? ` → ${snap.destinations.map((d) => displayText(d.label)).join(', ')}` : ''}${snap.state === 'offline' ? offlineNote(snap) : ''}`
        )
      if ((snap.state === 'ended' || snap.state === 'failed') && snap.recordingPath && snap.recordingPath !== announcedRecording) {
        announcedRecording = snap.recordingPath
        printRecording(io, snap.recording ?? { path: snap.recordingPath, complete: true, seconds: 0 })
      }
      if (snap.state === 'ended' || snap.state === 'failed') resolveEnded(snap)
    } else if (event === 'live:stats') {
      const stats = payload as EventPayloads['live:stats']
      if (io.json) io.emit({ type: 'stats', ...stats })
      else if (lastHumanStats === 0)
        lastHumanStats = stats.time // the first sample is mostly zeros: start the 5 s clock
      else if (stats.time - lastHumanStats >= 5000) {
        lastHumanStats = stats.time
        io.err(`  ${stats.fps.toFixed(0)} fps · ${Math.round(stats.bitrateKbps)} kbps · ${stats.speed.toFixed(2)}×`)
      }
    } else if (event === 'live:health') {
      if (io.json) io.emit({ type: 'health', ...(payload as EventPayloads['live:health']) })
    } else if (event === 'log:event') {
      const log = payload as EventPayloads['log:event']
      if (io.json) io.emit({ type: 'event', ...log })
      else if (log.level !== 'info') io.err(`  ${log.level}: ${log.message}`)
    }
  })
  return { ended, dispose }
}

/** Offline mode in words: the show is kept (or not) and goes out by itself later. */
function offlineNote(snap: LiveSnapshot): string {
  return ` (no destination reached; ${snap.recordingPath ? 'recording' : 'not recording'}, going live by itself when one answers)`
}

/** The last word on a recording: `{"type":"recording","path","complete","seconds","error"?}`; "saved" only when it is. */
export function printRecording(io: CliIo, recording: RecordingStatus): void {
  if (io.json) return io.emit({ type: 'recording', ...recording })
  if (recording.complete) return io.err(`Recording saved: ${recording.path}`)
  const cause = describeRecordingFailure(recording.error)
  if (recording.seconds > 0) io.err(`Recording incomplete: it stopped at ${recording.seconds} s because ${cause}. What was kept: ${recording.path}`)
  else io.err(`No recording was kept: ${cause}.`)
}
