import type { EventName, EventPayloads } from '../shared/contract'
import type { LiveSnapshot } from '../shared/live'
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
      const { error: _error, ...rest } = snap
      if (io.json) io.emit({ type: 'state', ...rest })
      else io.err(`● ${snap.state}${snap.state === 'connecting' || snap.state === 'live' ? ` → ${snap.destinations.map((d) => d.label).join(', ')}` : ''}`)
      if ((snap.state === 'ended' || snap.state === 'failed') && snap.recordingPath && snap.recordingPath !== announcedRecording) {
        announcedRecording = snap.recordingPath
        if (io.json) io.emit({ type: 'recording', path: snap.recordingPath })
        else io.err(`Recording saved: ${snap.recordingPath}`)
      }
      if (snap.state === 'ended' || snap.state === 'failed') resolveEnded(snap)
    } else if (event === 'live:stats') {
      const stats = payload as EventPayloads['live:stats']
      if (io.json) io.emit({ type: 'stats', ...stats })
      else if (lastHumanStats === 0) lastHumanStats = stats.time // the first sample is mostly zeros: start the 5 s clock
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
