import type { ChannelOptionField, ChannelOptions } from '../../../shared/channel-options'
import type { ChannelSummary } from '../../../shared/contract'
import type { LiveState } from '../../../shared/live'
import type { CredentialFields, ProviderId } from '../../../shared/providers'
import type { CredentialStore } from '../credentials/credential-store'
import type { HttpDeps } from './http-client'
import type { LatencyMode } from '../media/encoder-args'

/** Where to push, fetched fresh before each push (DESIGN §3). `streamKey` is a secret. */
export interface IngestInfo {
  rtmpUrl: string
  streamKey: string
  playbackUrl?: string
  /**
   * Set when the provider had to open a new stream for this push (v1.0-poc: `ended` is terminal, so a new
   * stream is created): poll this id from now on instead of the one passed in.
   */
  channelId?: string
  /** The channel's name, when the provider's answer carried it: what the session shows instead of the id. */
  channelName?: string
  /** A second ingest of the same channel for redundancy (NAVER main + backup); its key is a secret too. */
  backup?: { rtmpUrl: string; streamKey: string }
  /** The channel's latency mode where the provider has one (Sigma, v1.0-poc): the encoder's keyframe interval follows it. */
  latency?: LatencyMode
}

export interface ProviderStatus {
  state: LiveState
  /** The provider's own state string, shown beside the normalised one. */
  raw: string
  health?: 'excellent' | 'acceptable' | 'unstable'
}

export interface ProviderEvent {
  time: number
  /** The provider's event code, upper- or lower-case as the provider uses it (`PUBLISH_START`, `stable`). */
  code: string
  /** Human text as the provider wrote it (Korean, Vietnamese... untouched). */
  message: string
  level?: 'info' | 'warn' | 'error'
  raw?: unknown
}

export type { ChannelOptionField, ChannelOptions } from '../../../shared/channel-options'

/**
 * One interface for every streaming provider (STYLE 3). Implementations live in `providers/<id>/`, are built
 * from the account's credential fields, and throw OnairError values (`auth`, `not_found`, `validation`, ...).
 */
export interface Provider {
  readonly id: ProviderId
  /** One cheap authenticated call; throws `auth`/`forbidden`/`network`... when the account is unusable. */
  verify(): Promise<void>
  /** Every channel of the account (all pages). */
  listChannels(): Promise<ChannelSummary[]>
  /** Options are checked against `channelOptions()` before anything is sent; a bad one is `validation` with its field. */
  createChannel(name: string, options: ChannelOptions): Promise<ChannelSummary>
  getChannel(channelId: string): Promise<ChannelSummary>
  /** Does whatever the provider needs before a push and returns fresh ingest details. */
  prepareIngest(channelId: string): Promise<IngestInfo>
  /** Ends the broadcast where the provider has a call for it; resolves quietly where it has none (Kollus). */
  stop(channelId: string): Promise<void>
  status(channelId: string): Promise<ProviderStatus>
  /** Provider events strictly after `since` (ms since epoch), oldest first. */
  events(channelId: string, since: number): Promise<ProviderEvent[]>
  channelOptions(): ChannelOptionField[]
  /**
   * Keeps a hand-entered ingest (server URL + key) for a channel, for providers whose API gives none
   * (Kollus, DESIGN §3). Absent on providers that hand out their ingest.
   */
  saveIngest?(channelId: string, serverUrl: string, streamKey: string): Promise<void>
}

/** Everything a provider client is built from; the composition root supplies the real pieces. */
export interface ProviderContext {
  fields: CredentialFields
  profile: string
  http?: HttpDeps
  /** ONAIR_DATA_DIR: shared state such as Kollus's rate-limit log lives here, so every process respects it. */
  dataDir?: string
  /** The keychain, for hand-entered per-channel ingest (Kollus). */
  store?: CredentialStore
  /** Test-only tuning: scaled rate limits and poll intervals, so suites do not sleep for minutes. */
  tuning?: ProviderTuning
}

export interface ProviderTuning {
  kollusMinGapMs?: number
  kollusPerMinute?: number
  /** How long prepareIngest waits for a NAVER channel still `CREATING`. */
  naverReadyTimeoutMs?: number
  pollIntervalMs?: number
  /** Page size for listing, so tests can cover several pages with a few channels. */
  pageSize?: number
}

export type ProviderFactory = (context: ProviderContext) => Provider
