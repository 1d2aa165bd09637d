import { resolve } from 'node:path'
import { OnairError, onairError } from '../../shared/errors'
import type { EventName, EventPayloads, RecordSnapshot } from '../../shared/contract'
import { audioSourceSchema, videoSourceSchema } from '../../shared/live'
import { describe } from '../../shared/validation-error'
import type { CliCommand, ParsedArgs } from '../cli-command'
import { jsonOption, numberArg, stringArg, usageError } from '../cli-args'
import { EXIT, onStopSignal, reportError } from '../cli-io'
import { printRecording } from '../live-output'

/**
 * `onair record` (DESIGN §8): the same encoder as a live session, with no destination: capture, encode once,
 * write the crash-safe Matroska recording into the library. Goes through the contract (`record:start`/`record:stop`)
 * like the app; ends at --duration, SIGINT or SIGTERM, with the file closed.
 */
export const recordCommand: CliCommand = {
  name: 'record',
  summary: 'Record locally without going live',
  usage: [
    'onair record --video SOURCE [--audio SOURCE] --out DIR [--duration SECONDS] [--json]',
    'SOURCE: screen[:N][@WxH+X+Y], window:ID, camera[:ID], testsrc, file:PATH; audio mic[:ID], system, sine, none',
    'Exit status: 0 clean end, 1 failed, 2 wrong usage, 3 the recording was cut short (disk full, folder removed).'
  ].join('\n'),
  options: { ...jsonOption, video: { type: 'string' }, audio: { type: 'string' }, out: { type: 'string' }, duration: { type: 'string' } },
  async run(ctx, args) {
    const video = sourceArg(args, 'video', undefined, videoSourceSchema)
    const audio = sourceArg(args, 'audio', 'none', audioSourceSchema)
    const out = stringArg(args, 'out')
    if (!out) throw usageError(`--out DIR says where the recording goes.\n${recordCommand.usage}`)
    const duration = numberArg(args, 'duration', 0.1, 7 * 24 * 3600)
    const { io } = ctx
    const core = ctx.core()
    // Not in the contract on purpose: no socket client may choose where files are written.
    core.services.record?.useLocalOptions({ outDir: resolve(out), plannedSeconds: duration })

    let resolveEnded: (s: RecordSnapshot) => void = () => {}
    const ended = new Promise<RecordSnapshot>((r) => (resolveEnded = r))
    const dispose = core.onDidEmit(<E extends EventName>(event: E, payload: EventPayloads[E]) => {
      if (event === 'record:stats') {
        if (io.json) io.emit({ type: 'stats', ...(payload as EventPayloads['record:stats']) })
      } else if (event === 'record:log') {
        const log = payload as EventPayloads['record:log']
        if (io.json) io.emit({ type: 'event', ...log })
        else if (log.level !== 'info') io.err(`  ${log.level}: ${log.message}`)
      } else if (event === 'record:state') {
        const snap = payload as RecordSnapshot
        if (snap.state === 'ended' || snap.state === 'failed') resolveEnded(snap)
      }
    })
    let stopping: Promise<unknown> | null = null
    const stop = () => (stopping ??= core.dispatch('record:stop', {}))
    const disposeSignals = onStopSignal(() => void stop())
    try {
      const started = await core.dispatch('record:start', { video, audio })
      if (!started.ok) return reportError(io, new OnairError(started.error))
      const path = started.value.recordingPath
      if (io.json) io.emit({ type: 'state', state: 'recording', recordingPath: path })
      else io.err(`● recording → ${path}`)
      if (duration !== undefined) setTimeout(() => void stop(), duration * 1000).unref()
      const end = await ended
      if (io.json) io.emit({ type: 'state', state: end.state, recordingPath: end.recordingPath })
      if (end.recording) printRecording(io, end.recording)
      if (end.error) return reportError(io, onairError(end.error.code, end.error.message, end.error))
      return end.recording?.complete ? EXIT.ok : EXIT.recordingIncomplete
    } finally {
      disposeSignals()
      await stop()
      dispose()
    }
  }
}

function sourceArg(args: ParsedArgs, name: string, fallback: string | undefined, schema: typeof videoSourceSchema): string {
  const value = stringArg(args, name) ?? fallback
  if (!value) throw usageError(`--${name} SOURCE is required.\n${recordCommand.usage}`)
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw usageError(describe(parsed.error.issues[0], `--${name}`))
  return value
}
