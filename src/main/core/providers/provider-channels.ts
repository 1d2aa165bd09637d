import type { ChannelSummary } from '../../../shared/contract'
import { onairError } from '../../../shared/errors'
import { maskSecret } from '../../../shared/redact'
import { PROVIDERS, type ProviderId } from '../../../shared/providers'
import { parseRtmpDestination, type RtmpDestination } from '../../../shared/rtmp-url'
import type { AccountService } from '../credentials/account-service'
import type { LatencyMode } from '../media/encoder-args'
import type { ProviderIngestResolver, ResolvedIngest } from '../live/ingest-resolver'
import type { ChannelOptions, IngestInfo, Provider, ProviderContext } from './provider'
import { createProvider } from './provider-registry'

/** What every provider client of the app is built with (the composition root fills it in). */
export type ProviderBase = Omit<ProviderContext, 'fields' | 'profile'>

/**
 * Channel operations over saved accounts (the core's `channels:*` commands): reads the account from the
 * keychain, builds the provider's client, and calls it. The client talks only to the address saved with the
 * account (DESIGN §2): nothing here takes another one, so no caller can send the account's secret elsewhere.
 */
export class ProviderChannelService {
  constructor(
    private readonly accounts: AccountService,
    private readonly base: ProviderBase
  ) {}

  async list(provider: ProviderId, profile: string): Promise<ChannelSummary[]> {
    return (await this.client(provider, profile)).listChannels()
  }

  async get(provider: ProviderId, profile: string, channelId: string): Promise<ChannelSummary> {
    return (await this.client(provider, profile)).getChannel(channelId)
  }

  async create(provider: ProviderId, profile: string, name: string, options: ChannelOptions): Promise<ChannelSummary> {
    return (await this.client(provider, profile)).createChannel(name, options)
  }

  /** Keeps a hand-entered ingest for a channel (Kollus); the reply shows the key masked. */
  async setIngest(
    provider: ProviderId,
    profile: string,
    channelId: string,
    serverUrl: string,
    streamKey: string
  ): Promise<{ channelId: string; server: string; streamKey: string }> {
    const client = await this.client(provider, profile)
    if (!client.saveIngest) {
      throw onairError('unsupported', `${PROVIDERS[provider].name} gives out each channel's ingest itself; there is nothing to enter by hand.`, {
        provider,
        field: 'provider'
      })
    }
    await client.saveIngest(channelId, serverUrl, streamKey)
    const destination = parseRtmpDestination(serverUrl, streamKey, 'server')
    return { channelId, server: destination.server, streamKey: maskSecret(destination.key) }
  }

  async client(provider: ProviderId, profile: string): Promise<Provider> {
    const account = await this.accounts.get(provider, profile)
    return createProvider(provider, { ...this.base, fields: account.fields, profile })
  }
}

/**
 * The live session's hook into the providers (IngestResolver): prepare the channel, hand back where to push,
 * how to ask again after a refused key, and how to end the broadcast at the provider when the session ends.
 */
export function providerIngestResolver(base: ProviderBase): ProviderIngestResolver {
  return async (target, fields): Promise<ResolvedIngest> => {
    if (!target.channelId)
      throw onairError('invalid_request', `Choose a ${PROVIDERS[target.provider].name} channel to go live on.`, {
        field: 'channelId',
        provider: target.provider
      })
    const provider = createProvider(target.provider, { ...base, fields, profile: target.profile })
    let channelId = target.channelId
    let channelName: string | undefined
    let backup: RtmpDestination | undefined
    let latency: LatencyMode | undefined
    const fresh = async (): Promise<RtmpDestination> => {
      const info = await provider.prepareIngest(channelId)
      // v1.0-poc opens a new stream in place of an ended one: follow it from now on.
      if (info.channelId) channelId = info.channelId
      channelName = info.channelName || channelName
      backup = info.backup ? toDestination(info.backup) : undefined
      latency = info.latency
      return toDestination(info)
    }
    const rtmp = await fresh()
    const freshBackup = async (): Promise<RtmpDestination> => {
      await fresh()
      if (!backup)
        throw onairError('ingest_failed', `The channel no longer has a backup ingest at ${PROVIDERS[target.provider].name}.`, { provider: target.provider })
      return backup
    }
    return {
      label: `${PROVIDERS[target.provider].name} · ${channelName ?? channelId}`,
      rtmp,
      refresh: fresh,
      // Sigma stop, NAVER off, v1.0-poc stop; Kollus has no call and resolves at once.
      release: () => provider.stop(channelId),
      status: () => provider.status(channelId),
      events: (since) => provider.events(channelId, since),
      ...(latency ? { latency } : {}),
      ...(backup ? { backup: { rtmp: backup, refresh: freshBackup } } : {})
    }
  }
}

/** Provider ingest → a destination ffmpeg can push to. A provider URL that already ends in the key is not doubled. */
export function toDestination(info: Pick<IngestInfo, 'rtmpUrl' | 'streamKey'>): RtmpDestination {
  const url = info.rtmpUrl.replace(/\/+$/, '')
  const withKey = url.endsWith(`/${info.streamKey}`) ? url.slice(0, -(info.streamKey.length + 1)) : url
  return parseRtmpDestination(withKey, info.streamKey, 'rtmpUrl')
}
