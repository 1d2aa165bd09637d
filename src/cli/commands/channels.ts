import { unwrap, type ChannelSummary } from '../../shared/contract'
import { displayText } from '../../shared/display-text'
import type { CliCommand } from '../cli-command'
import { checkApiBaseArg } from '../api-base-arg'
import { apiBaseOption, jsonOption, profileArg, profileOption, providerArg, usageError } from '../cli-args'
import { EXIT, type CliIo } from '../cli-io'

/** `onair channels PROVIDER` (DESIGN §8): every channel of the saved account, all pages. */
export const channelsCommand: CliCommand = {
  name: 'channels',
  summary: "List a provider account's channels",
  usage: 'onair channels PROVIDER [--profile NAME] [--api-base URL] [--json]',
  options: { ...jsonOption, ...profileOption, ...apiBaseOption },
  async run(ctx, args) {
    if (args.positionals.length !== 1) throw usageError(`Usage: ${channelsCommand.usage}`)
    const provider = providerArg(args.positionals[0])
    const profile = profileArg(args)
    await checkApiBaseArg(ctx, args, provider, profile)
    const channels = unwrap(await ctx.core().dispatch('channels:list', { provider, profile }))
    if (!ctx.io.json && channels.length === 0) ctx.io.err(`No channels yet. Create one with: onair channel create ${provider} --name NAME`)
    for (const channel of channels) printChannel(ctx.io, provider, channel, false)
    return EXIT.ok
  }
}

/** One channel, as a JSON line or a readable block. Summaries never carry a stream key. */
export function printChannel(io: CliIo, provider: string, channel: ChannelSummary, detailed: boolean): void {
  if (io.json) {
    io.emit({ type: 'channel', provider, ...channel })
    return
  }
  const state = channel.rawState && channel.rawState !== channel.state ? `${channel.state} (${channel.rawState})` : channel.state
  io.out(`${displayText(channel.id)}\t${displayText(channel.name)}\t${displayText(state)}`)
  if (!detailed) return
  if (channel.playbackUrl) io.out(`  playback: ${displayText(channel.playbackUrl, 2048)}`)
  for (const [k, v] of Object.entries(channel.details ?? {})) io.out(`  ${displayText(k)}: ${displayText(String(v), 2048)}`)
}
