import { unwrap, type ChannelSummary } from '../../shared/contract'
import { normaliseApiBase } from '../../main/core/credentials/account-service'
import type { CliCommand, ParsedArgs } from '../cli-command'
import { apiBaseOption, jsonOption, profileArg, profileOption, providerArg, stringArg, usageError } from '../cli-args'
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
    const channels = unwrap(await ctx.core().dispatch('channels:list', { provider, profile: profileArg(args), apiBase: apiBaseArg(args) }))
    if (!ctx.io.json && channels.length === 0) ctx.io.err(`No channels yet. Create one with: onair channel create ${provider} --name NAME`)
    for (const channel of channels) printChannel(ctx.io, provider, channel, false)
    return EXIT.ok
  }
}

/** `--api-base URL`: scheme, host and port only; the provider's documented paths stay (DESIGN §8). */
export function apiBaseArg(args: ParsedArgs): string | undefined {
  const value = stringArg(args, 'api-base')
  return value === undefined ? undefined : normaliseApiBase(value)
}

/** One channel, as a JSON line or a readable block. Summaries never carry a stream key. */
export function printChannel(io: CliIo, provider: string, channel: ChannelSummary, detailed: boolean): void {
  if (io.json) {
    io.emit({ type: 'channel', provider, ...channel })
    return
  }
  const state = channel.rawState && channel.rawState !== channel.state ? `${channel.state} (${channel.rawState})` : channel.state
  io.out(`${channel.id}\t${channel.name}\t${state}`)
  if (!detailed) return
  if (channel.playbackUrl) io.out(`  playback: ${channel.playbackUrl}`)
  for (const [k, v] of Object.entries(channel.details ?? {})) io.out(`  ${k}: ${String(v)}`)
}
