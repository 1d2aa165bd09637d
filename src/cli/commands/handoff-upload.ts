import { unwrap, type HandoffProgress } from '../../shared/contract'
import type { HandoffUploadOutcome } from '../../shared/storage'
import { formatBytes } from '../../main/core/recordings/recording-space'
import type { CliContext, ParsedArgs } from '../cli-command'
import { profileArg, stringArg } from '../cli-args'
import { EXIT, onStopSignal } from '../cli-io'

/** Human progress lines at most this often (every part is a `--json` line). */
const PROGRESS_EVERY_MS = 1_000

/**
 * `onair handoff FILE|RECORDING_ID --upload s3://BUCKET/KEY [--profile NAME] [--endpoint URL] [--cancel]` (DESIGN §8).
 * Ctrl-C pauses: the parts sent stay, and the same command sends the rest. `--cancel` gives the upload up instead.
 */
export async function runUploadHandoff(ctx: CliContext, args: ParsedArgs, recording: string, upload: string): Promise<number> {
  const { io } = ctx
  const endpoint = stringArg(args, 'endpoint')
  const request = { recording, upload, profile: profileArg(args), ...(endpoint ? { endpoint } : {}) }
  const core = ctx.core()
  if (args.values.cancel) {
    const { cancelled, partsLeftOnServer } = unwrap(await core.dispatch('handoff:cancel', request))
    if (io.json) io.emit({ type: 'upload', state: cancelled ? 'cancelled' : 'none', partsLeftOnServer })
    else if (!cancelled) io.err(`No upload of ${recording} to ${upload} was under way or kept.`)
    else
      io.out(`Cancelled the upload to ${upload}: no object was written.${partsLeftOnServer ? ' (The store kept the parts sent; it drops them itself.)' : ''}`)
    return cancelled ? EXIT.ok : EXIT.failed
  }
  let lastLine = 0
  const dispose = core.onDidEmit((event, payload) => {
    if (event !== 'handoff:progress') return
    const p = payload as HandoffProgress
    if (io.json) return io.emit({ type: 'progress', time: Date.now(), ...p })
    if (p.state !== 'running' || Date.now() - lastLine < PROGRESS_EVERY_MS) return
    lastLine = Date.now()
    io.err(`  ${progressLine(p)}`)
  })
  const disposeSignals = onStopSignal(() => void core.shutdown())
  try {
    const outcome = unwrap(await core.dispatch('handoff:upload', request))
    return report(ctx, outcome)
  } finally {
    disposeSignals()
    dispose()
  }
}

function report({ io }: CliContext, outcome: HandoffUploadOutcome): number {
  if (io.json) io.emit({ type: 'upload', ...outcome })
  if (outcome.state === 'paused') {
    if (!io.json) io.err(`Paused: the parts sent are kept. Run the same command again to send the rest, or add --cancel to give it up.`)
    return EXIT.failed
  }
  if (outcome.state === 'cancelled') {
    if (!io.json) io.err('Cancelled: no object was written.')
    return EXIT.failed
  }
  if (!io.json) {
    const resumed = outcome.partsResumed ? `, ${outcome.partsResumed} of them already there from before` : ''
    io.out(
      `Uploaded ${outcome.path} to s3://${outcome.bucket}/${outcome.key}: ${formatBytes(outcome.size)} in ${outcome.partsTotal} parts${resumed}, ` +
        `${formatBytes(outcome.bytesPerSecond)}/s. Size and checksum match (${outcome.checked}, SHA-256 ${outcome.sha256}).`
    )
  }
  return EXIT.ok
}

/** "42% · 21 MB of 50 MB · 12 MB/s · 3 s left" */
export function progressLine(p: Pick<HandoffProgress, 'bytesDone' | 'bytesTotal' | 'bytesPerSecond' | 'etaSeconds'>): string {
  const percent = p.bytesTotal > 0 ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 0
  const parts = [`${percent}%`, `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`]
  if (p.bytesPerSecond > 0) parts.push(`${formatBytes(p.bytesPerSecond)}/s`)
  if (p.etaSeconds !== null && p.bytesDone < p.bytesTotal) parts.push(`${p.etaSeconds} s left`)
  return parts.join(' · ')
}
