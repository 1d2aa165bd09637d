import { unwrap } from '../../shared/contract'
import { displayText } from '../../shared/display-text'
import type { LogEvent } from '../../shared/live'
import type { SessionOutage, SessionReport, SessionSummary } from '../../shared/sessions'
import type { CliCommand } from '../cli-command'
import { jsonOption, usageError } from '../cli-args'
import { EXIT, type CliIo } from '../cli-io'

/**
 * `onair sessions [--json]` and `onair sessions show ID [--json]` (DESIGN §8, §11): the show history, newest first,
 * and one show's report with its whole event log, through the contract like the app's History place. A show a crash
 * left open is closed as crashed before it is listed.
 */
export const sessionsCommand: CliCommand = {
  name: 'sessions',
  summary: 'The show history: every show with how it went, or one show’s report and log',
  usage: [
    'onair sessions [--json]                the show history, newest first',
    'onair sessions show ID [--json]        one show: its report and its whole event log'
  ].join('\n'),
  options: { ...jsonOption },
  async run(ctx, args) {
    const [verb, id, ...extra] = args.positionals
    const { io } = ctx
    if (verb === undefined) {
      const sessions = unwrap(await ctx.core().dispatch('sessions:list', {}))
      if (!io.json && sessions.length === 0) io.err('No shows yet.')
      for (const s of sessions) printSummary(io, s)
      return EXIT.ok
    }
    if (verb !== 'show' || !id || extra.length > 0) throw usageError(`Usage:\n${sessionsCommand.usage}`)
    const { report, log, recording } = unwrap(await ctx.core().dispatch('sessions:get', { id }))
    if (io.json) {
      io.emit({ type: 'report', ...report, library: recording })
      for (const event of log) io.emit({ type: 'event', ...event })
      return EXIT.ok
    }
    printReport(io, report)
    if (recording)
      io.out(
        `  in the recordings library: ${recording.state}${recording.durationSeconds !== undefined ? `, ${duration(recording.durationSeconds)}` : ''} (${recording.id})`
      )
    io.out('')
    io.out('Log:')
    for (const event of log) io.out(logLine(event))
    return EXIT.ok
  }
}

function printSummary(io: CliIo, s: SessionSummary): void {
  if (io.json) return io.emit({ type: 'session', ...s })
  const ending = s.errorCode ? `${s.ending} (${s.errorCode})` : s.ending
  const where = s.destinations.length > 0 ? s.destinations.map((d) => displayText(d)).join(', ') : '-'
  io.out(
    `${s.id}\t${stamp(s.start)}\t${duration(s.durationSeconds)}\t${ending}\ton air ${duration(s.onAirSeconds)}\t${count(s.outages, 'outage')}\t${count(s.reconnects, 'reconnect')}\t${where}`
  )
}

function printReport(io: CliIo, r: SessionReport): void {
  io.out(`Show ${r.id}`)
  io.out(`  ${stamp(r.start)} → ${stamp(r.end)} (${duration(r.durationSeconds)}), ${r.ending}${r.error ? `: ${r.error.message} [${r.error.code}]` : ''}`)
  if (r.sources) io.out(`  sources: ${displayText(r.sources.video)} + ${displayText(r.sources.audio)}`)
  io.out(`  on air ${duration(r.onAirSeconds)}, recorded ${r.recordedSeconds === null ? 'nothing' : duration(r.recordedSeconds)}`)
  io.out(`  ${count(r.outages.length, 'outage')}, ${count(r.reconnects, 'reconnect')}`)
  for (const o of r.outages) io.out(`    ${outageLine(o)}`)
  if (r.bitrate) io.out(`  bitrate sent: mean ${r.bitrate.meanKbps} kbps, min ${r.bitrate.minKbps} kbps`)
  io.out(`  dropped frames: ${r.droppedFrames}${r.encoderSpeedMin !== null ? `, slowest encoder speed ${r.encoderSpeedMin}×` : ''}`)
  const shares = Object.entries(r.health).filter(([, share]) => share > 0)
  if (shares.length > 0) io.out(`  health: ${shares.map(([level, share]) => `${level} ${Math.round(share * 100)} %`).join(', ')}`)
  for (const d of r.destinations) {
    io.out(
      `  ${displayText(d.label)}: ${d.finalState}${d.error ? ` (${d.error.code})` : ''}, on air ${duration(d.onAirSeconds)}, ${count(d.reconnects, 'reconnect')}`
    )
    if (d.bitrate) io.out(`    bitrate sent: mean ${d.bitrate.meanKbps} kbps, min ${d.bitrate.minKbps} kbps; congestion max ${d.congestionMax}`)
    for (const o of d.outages) io.out(`    ${outageLine(o)}`)
  }
  if (r.providerEvents.length > 0) io.out(`  provider events: ${r.providerEvents.length}`)
  if (r.recording) {
    const state = r.recording.complete ? 'complete' : `incomplete${r.recording.error ? ` (${r.recording.error})` : ''}`
    io.out(`  recording: ${displayText(r.recording.path, 4096)}, ${duration(r.recording.seconds)}, ${state}`)
  }
}

function outageLine(o: SessionOutage): string {
  const came = o.recovery === 'reconnected' ? `back after ${count(o.attempts, 'attempt')}` : o.recovery
  return `outage at ${stamp(o.start)}: ${duration(o.seconds)}${o.cause ? `, ${o.cause}` : ''}, ${came}`
}

function logLine(e: LogEvent): string {
  const source = e.source ? ` [${e.source}]` : ''
  return `${new Date(e.time).toISOString().slice(11, 19)} ${e.level.padEnd(5)}${source} ${displayText(e.message, 1024)}`
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19)
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = Math.round(seconds % 60)
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s} s`
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
