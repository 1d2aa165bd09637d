import { unwrap } from '../../shared/contract'
import { displayText } from '../../shared/display-text'
import type { CliCommand } from '../cli-command'
import { jsonOption } from '../cli-args'
import { EXIT } from '../cli-io'

const ALWAYS = 'Always available: --video testsrc | file:PATH, --audio sine | none | file:PATH.'

/** `onair devices [--json]` (DESIGN §8): what this machine can capture, as SOURCE strings for live/record. */
export const devicesCommand: CliCommand = {
  name: 'devices',
  summary: 'List the screens, cameras and microphones this machine can capture',
  usage: 'onair devices [--json]',
  options: { ...jsonOption },
  async run(ctx) {
    const devices = unwrap(await ctx.core().dispatch('devices:list', {}))
    if (ctx.io.json) {
      for (const d of devices) ctx.io.emit({ type: 'device', ...d })
      return EXIT.ok
    }
    if (devices.length === 0) ctx.io.out('No capture devices found.')
    const width = Math.max(0, ...devices.map((d) => d.source.length))
    for (const d of devices) ctx.io.out(`${d.kind.padEnd(7)} ${d.source.padEnd(width)}  ${displayText(d.label)}`)
    ctx.io.out(ALWAYS)
    return EXIT.ok
  }
}
