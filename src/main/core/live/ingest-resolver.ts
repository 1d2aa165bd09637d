import { onairError } from '../../../shared/errors'
import type { LiveState, LiveTarget } from '../../../shared/live'
import { PROVIDERS } from '../../../shared/providers'
import { parseRtmpDestination, type RtmpDestination } from '../../../shared/rtmp-url'
import type { AccountService } from '../credentials/account-service'
import type { LatencyMode } from '../media/encoder-args'
import type { ProviderEvent } from '../providers/provider'

/** A destination ready to push to, plus what to do at the end (providers that need an explicit stop). */
export interface ResolvedIngest {
  label: string
  rtmp: RtmpDestination
  /** Called when the session ends, where the provider needs it (Sigma stop, NAVER off...). */
  release?: () => Promise<void>
  /** Ask the provider for a fresh ingest (after the ingest refused the key). */
  refresh?: () => Promise<RtmpDestination>
  /** The channel's state as the provider reports it, polled while live (API providers only). */
  status?: () => Promise<ProviderReportedStatus>
  /** The provider's own events strictly after `since` (ms since epoch), polled while live (API providers only). */
  events?: (since: number) => Promise<ProviderEvent[]>
  /** The channel's latency mode where the provider has one (Sigma, v1.0-poc): 1 s keyframes for low/ultra-low. */
  latency?: LatencyMode
  /** The channel's backup ingest, where it has one (NAVER failover channels): pushed after the main one. */
  backup?: { rtmp: RtmpDestination; refresh?: () => Promise<RtmpDestination> }
}

export interface ProviderReportedStatus {
  /** The provider's own state word (PUBLISHING, live, ...), shown beside ours. */
  raw: string
  /** That word mapped to ours (DESIGN §3): `live` is the provider confirming the show. */
  state?: LiveState
  health?: 'excellent' | 'acceptable' | 'unstable'
}

/** Asks a provider for a channel's ingest (the providers registry plugs in here). */
export type ProviderIngestResolver = (target: LiveTarget, fields: Record<string, string>) => Promise<ResolvedIngest>

/** Turns a saved account (+ channel) into an ingest. Custom RTMP reads its own fields; API providers ask their API. */
export class IngestResolver {
  constructor(
    private readonly accounts: AccountService,
    private readonly providerIngest?: ProviderIngestResolver
  ) {}

  async resolve(target: LiveTarget): Promise<ResolvedIngest> {
    const account = await this.accounts.get(target.provider, target.profile)
    if (target.provider === 'custom') {
      const rtmp = parseRtmpDestination(account.fields.serverUrl, account.fields.streamKey)
      return { label: account.label === PROVIDERS.custom.name ? rtmp.server : `${account.label} (${rtmp.server})`, rtmp }
    }
    if (!target.channelId) {
      throw onairError('invalid_request', `Choose a ${PROVIDERS[target.provider].name} channel to go live on.`, {
        field: 'channelId',
        provider: target.provider
      })
    }
    if (!this.providerIngest) {
      throw onairError('unsupported', `${PROVIDERS[target.provider].name} is not available in this build yet.`, { provider: target.provider })
    }
    return this.providerIngest(target, account.fields)
  }
}
