import { unwrap } from '../../shared/contract'
import type { CliCommand } from '../cli-command'
import { jsonOption, usageError } from '../cli-args'
import { EXIT } from '../cli-io'

/** `onair providers [--json]` (DESIGN §8): the provider ids and the credential fields each one takes. */
export const providersCommand: CliCommand = {
  name: 'providers',
  summary: 'List the streaming providers and the credential fields each needs',
  usage: 'onair providers [--json]',
  options: { ...jsonOption },
  async run(ctx, args) {
    if (args.positionals.length > 0) throw usageError(`Usage: ${providersCommand.usage}`)
    const providers = unwrap(await ctx.core().dispatch('providers:list', {}))
    for (const p of providers) {
      if (ctx.io.json) {
        ctx.io.emit({ type: 'provider', ...p })
        continue
      }
      const shapes = p.credentialShapes.map((shape) => `{${shape.map((f) => `"${f}"`).join(',')}}`).join(' or ')
      ctx.io.out(`${p.id.padEnd(15)} ${p.name}${p.hasApi ? '' : ' (no API: server URL + stream key)'}`)
      ctx.io.out(
        `${''.padEnd(15)} credentials: ${shapes}${p.credentialFields.some((f) => f.name === 'apiBase') && !p.credentialShapes.some((s) => s.includes('apiBase')) ? ', optional "apiBase"' : ''}`
      )
    }
    return EXIT.ok
  }
}
