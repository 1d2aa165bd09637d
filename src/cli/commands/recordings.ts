import { unwrap } from '../../shared/contract'
import { displayText } from '../../shared/display-text'
import type { RecordingSummary } from '../../shared/recordings'
import { formatBytes } from '../../main/core/recordings/recording-space'
import type { CliCommand } from '../cli-command'
import { jsonOption, usageError } from '../cli-args'
import { EXIT, type CliIo } from '../cli-io'

/**
 * `onair recordings` (DESIGN §8): the recordings library, newest first, through the contract like the app's
 * Recordings place. A recording a crash left is repaired before it is listed.
 */
export const recordingsCommand: CliCommand = {
  name: 'recordings',
  summary: 'List the recordings library (delete one, or show where its file is)',
  usage: ['onair recordings [--json]', 'onair recordings delete ID [--json]', 'onair recordings reveal ID [--json]'].join('\n'),
  options: { ...jsonOption },
  async run(ctx, args) {
    const [verb, id, ...extra] = args.positionals
    const { io } = ctx
    if (verb === undefined) {
      // This process just started: what a crash left is repaired first, so the list says how that went.
      await ctx.core().services.recordings?.whenRepaired()
      const recordings = unwrap(await ctx.core().dispatch('recordings:list', {}))
      if (!io.json && recordings.length === 0) io.err('No recordings yet.')
      for (const r of recordings) printRecordingEntry(io, r)
      return EXIT.ok
    }
    if ((verb !== 'delete' && verb !== 'reveal') || !id || extra.length > 0) throw usageError(`Usage:\n${recordingsCommand.usage}`)
    if (verb === 'delete') {
      unwrap(await ctx.core().dispatch('recordings:delete', { id }))
      if (io.json) io.emit({ type: 'deleted', id })
      else io.err(`Deleted recording ${id}`)
      return EXIT.ok
    }
    const { path } = unwrap(await ctx.core().dispatch('recordings:reveal', { id }))
    if (io.json) io.emit({ type: 'path', id, path })
    else io.out(path)
    return EXIT.ok
  }
}

function printRecordingEntry(io: CliIo, r: RecordingSummary): void {
  if (io.json) return io.emit({ type: 'recording', ...r })
  const state = r.state === 'repaired' && r.recoveredSeconds !== undefined ? `repaired (${r.recoveredSeconds} s recovered)` : r.state
  const duration = r.durationSeconds !== undefined ? `${r.durationSeconds} s` : '-'
  const where = r.destinations.length > 0 ? r.destinations.map((d) => displayText(d)).join(', ') : 'recorded only'
  io.out(`${r.id}\t${state}\t${duration}\t${formatBytes(r.sizeBytes)}\t${new Date(r.startedAt).toISOString()}\t${where}`)
  io.out(`  ${displayText(r.path, 4096)}${r.missing ? ' (missing)' : ''}`)
}
