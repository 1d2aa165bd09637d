import { unwrap } from '../../shared/contract'
import { onairError } from '../../shared/errors'
import { displayText } from '../../shared/display-text'
import type { CliCommand, ParsedArgs } from '../cli-command'
import { apiBaseOption, jsonOption, listArg, profileArg, profileOption, providerArg, stringArg, usageError } from '../cli-args'
import { EXIT } from '../cli-io'
import { checkApiBaseArg } from '../api-base-arg'
import { printChannel } from './channels'

const USAGE = [
  'onair channel create PROVIDER --name NAME [--option key=value ...] [--profile NAME] [--api-base URL] [--json]',
  'onair channel show PROVIDER ID [--profile NAME] [--api-base URL] [--json]',
  'onair channel set-ingest PROVIDER ID --server RTMP_URL --key-stdin [--profile NAME]   (Kollus: its API gives no ingest)'
].join('\n')

/** `onair channel create|show|set-ingest` (DESIGN §8). Keys come on stdin only and are shown masked. */
export const channelCommand: CliCommand = {
  name: 'channel',
  summary: 'Create or show a channel, or save the ingest of a Kollus channel',
  usage: USAGE,
  options: {
    ...jsonOption,
    ...profileOption,
    ...apiBaseOption,
    name: { type: 'string' },
    option: { type: 'string', multiple: true },
    server: { type: 'string' },
    'key-stdin': { type: 'boolean' }
  },
  async run(ctx, args) {
    const [action, providerName, id, ...extra] = args.positionals
    const core = ctx.core()
    if (action === 'create') {
      if (id !== undefined) throw usageError(`Name the channel with --name.\nUsage:\n${USAGE}`)
      const provider = providerArg(providerName)
      const profile = profileArg(args)
      const name = stringArg(args, 'name')
      if (!name) throw usageError('channel create needs --name NAME.')
      await checkApiBaseArg(ctx, args, provider, profile)
      const created = unwrap(await core.dispatch('channels:create', { provider, profile, name, options: optionsArg(args) }))
      if (!ctx.io.json) ctx.io.err(`Created ${provider} channel "${displayText(created.name)}".`)
      printChannel(ctx.io, provider, created, true)
      return EXIT.ok
    }
    if (action === 'show') {
      if (!id || extra.length) throw usageError(`Usage: ${USAGE.split('\n')[1]}`)
      const provider = providerArg(providerName)
      const profile = profileArg(args)
      await checkApiBaseArg(ctx, args, provider, profile)
      const channel = unwrap(await core.dispatch('channels:get', { provider, profile, channelId: id }))
      printChannel(ctx.io, provider, channel, true)
      return EXIT.ok
    }
    if (action === 'set-ingest') {
      if (!id || extra.length) throw usageError(`Usage: ${USAGE.split('\n')[2]}`)
      const provider = providerArg(providerName)
      const server = stringArg(args, 'server')
      if (!server) throw usageError('set-ingest needs --server RTMP_URL (the channel\'s server / "application link").')
      if (!args.values['key-stdin']) throw usageError('set-ingest reads the stream key from stdin: add --key-stdin (keys never go on the command line).')
      const profile = profileArg(args)
      await checkApiBaseArg(ctx, args, provider, profile)
      if (ctx.io.stdinIsTty) ctx.io.err('Paste the stream key, then press Enter and Ctrl-D.')
      const key = (await ctx.io.readStdin()).trim()
      if (!key) throw onairError('invalid_rtmp_url', 'No stream key arrived on stdin.', { field: 'streamKey' })
      core.services.secrets.add(key)
      const saved = unwrap(await core.dispatch('channels:setIngest', { provider, profile, channelId: id, serverUrl: server, streamKey: key }))
      if (ctx.io.json) ctx.io.emit({ type: 'ingest', provider, ...saved })
      else ctx.io.out(`Saved the ingest of ${provider} channel ${saved.channelId} in the system keychain: ${saved.server} key ${saved.streamKey}`)
      return EXIT.ok
    }
    throw usageError(`Usage:\n${USAGE}`)
  }
}

/** `--option key=value`, repeatable; values stay strings (the provider's option schema types them). */
function optionsArg(args: ParsedArgs): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of listArg(args, 'option')) {
    const i = pair.indexOf('=')
    if (i <= 0) throw usageError('--option takes key=value; one of them has no key or no "=".')
    out[pair.slice(0, i).trim()] = pair.slice(i + 1)
  }
  return out
}
