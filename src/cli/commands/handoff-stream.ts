import { OnairError, onairError } from '../../shared/errors'
import type { CommandResult, HandoffProgress } from '../../shared/contract'
import type { FileSpan, LiveSnapshot } from '../../shared/live'
import type { OnairCore } from '../../main/core/onair-core'
import { missedSpan } from '../../shared/recordings'
import type { CliContext, ParsedArgs } from '../cli-command'
import { usageError } from '../cli-args'
import { EXIT, onStopSignal, reportError } from '../cli-io'
import { followSession } from '../live-output'
import { destinationsFrom } from './live'

/** Human progress lines at most this often (every second's progress is a `--json` line). */
const PROGRESS_EVERY_MS = 5_000

/**
 * `onair handoff FILE|RECORDING_ID (--provider P --channel ID [--profile NAME] | --to RTMP_URL [--key-stdin])...`
 * (DESIGN §8): the recording streamed as a live show at its own pace, through `handoff:stream`. Printed like
 * `onair live` (state, stats, health, events), plus `{"type":"progress",...}` lines; the same exit codes.
 */
export async function runStreamHandoff(ctx: CliContext, args: ParsedArgs, recording: string): Promise<number> {
  // A key typed into a --to URL is in our argv: from here on /proc shows only this (as `onair live` does).
  process.title = 'onair handoff'
  const { io } = ctx
  const core = ctx.core()
  const { destinations, secrets } = await destinationsFrom(ctx, args, core)
  core.services.live.useLocalOptions({ preview: false })
  const followed = followSession(io, core)
  let resolveLast: (p: HandoffProgress) => void = () => {}
  const last = new Promise<HandoffProgress>((r) => (resolveLast = r))
  let lastLine = 0
  const dispose = core.onDidEmit((event, payload) => {
    if (event !== 'handoff:progress') return
    const p = payload as HandoffProgress
    if (p.kind !== 'stream') return
    if (io.json) io.emit({ type: 'progress', time: Date.now(), ...p })
    else if (p.state === 'running' && Date.now() - lastLine >= PROGRESS_EVERY_MS) {
      lastLine = Date.now()
      io.err(`  ${positionLine(p)}`)
    }
    if (p.state !== 'running') resolveLast(p)
  })
  let stopping: Promise<CommandResult<'live:stop'>> | null = null
  const stop = () => (stopping ??= core.dispatch('live:stop', {}))
  const disposeSignals = onStopSignal(() => void stop())
  try {
    const span = await spanFrom(args, core, recording)
    const started = await core.dispatch('handoff:stream', { recording, destinations, ...(span ? { span } : {}) })
    if (!started.ok) {
      if (stopping && started.error.code === 'not_live') return EXIT.ok
      return reportError(io, new OnairError(started.error), secrets)
    }
    const end: LiveSnapshot = await followed.ended
    const outcome = await last
    if (end.state === 'failed')
      return reportError(io, onairError(end.error?.code ?? 'internal', end.error?.message ?? 'The handoff failed.', end.error ?? {}), secrets)
    if (!io.json) {
      if (outcome.state === 'done') io.out(`Streamed ${outcome.path} to ${outcome.target}: ${positionLine(outcome)}.`)
      else io.err(`Stopped at ${positionLine(outcome)}; the recording keeps its state.`)
    }
    return EXIT.ok
  } finally {
    disposeSignals()
    await stop()
    dispose()
    followed.dispose()
  }
}

/** "1:02 of 9:58 sent" (or "1:02 sent" when the file's length is unknown). */
export function positionLine(p: Pick<HandoffProgress, 'positionSeconds' | 'durationSeconds'>): string {
  const at = clock(p.positionSeconds ?? 0)
  return p.durationSeconds ? `${at} of ${clock(p.durationSeconds)} sent` : `${at} sent`
}

function clock(seconds: number): string {
  const s = Math.floor(seconds)
  const h = Math.floor(s / 3600)
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, '0')
  const ss = String(s % 60).padStart(2, '0')
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`
}

/** `--part START-END` (seconds of the file) or `--missed` (the library's record of what reached no destination). */
async function spanFrom(args: ParsedArgs, core: OnairCore, recording: string): Promise<FileSpan | null> {
  const part = typeof args.values.part === 'string' ? args.values.part : undefined
  if (part !== undefined && args.values.missed) throw usageError('Either --part or --missed, not both.')
  if (part !== undefined) {
    const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(part.trim())
    if (!m || Number(m[2]) <= Number(m[1])) throw usageError('--part takes seconds of the file as START-END, e.g. --part 60-125.')
    return { startSeconds: Number(m[1]), endSeconds: Number(m[2]) }
  }
  if (!args.values.missed) return null
  const listed = await core.dispatch('recordings:list', {})
  const found = listed.ok ? listed.value.find((r) => r.id === recording || r.path === recording) : undefined
  const span = found ? missedSpan(found) : null
  if (!span) throw usageError('--missed needs a recording of the library whose show partly reached no destination (onair recordings lists them).')
  return span
}
