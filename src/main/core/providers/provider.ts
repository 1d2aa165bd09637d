import type { ChannelSummary } from '../../../shared/contract'
import type { LiveState } from '../../../shared/live'
import type { CredentialFields, ProviderId } from '../../../shared/providers'

/** Where to push, fetched fresh before each push (DESIGN §3). `streamKey` is a secret. */
export interface IngestInfo {
  rtmpUrl: string
  streamKey: string
  playbackUrl?: string
}

export interface ProviderStatus {
  state: LiveState
  /** The provider's own state string, shown beside the normalised one. */
  raw: string
  health?: 'excellent' | 'acceptable' | 'unstable'
}

export interface ProviderEvent {
  time: number
  code: string
  message: string
  raw?: unknown
}

/** A provider-specific option the UI renders as a form field (mode, DVR, catchup...). */
export interface ChannelOptionField {
  name: string
  label: string
  type: 'string' | 'number' | 'boolean' | 'enum'
  values?: string[]
  min?: number
  max?: number
  default?: string | number | boolean
  required?: boolean
}

/**
 * One interface for every streaming provider (STYLE 3). Implementations live in `providers/<id>/`, are built
 * from the account's credential fields, and throw OnairError values (`auth`, `not_found`, `validation`, ...).
 */
export interface Provider {
  readonly id: ProviderId
  verify(): Promise<void>
  listChannels(): Promise<ChannelSummary[]>
  createChannel(name: string, options: Record<string, string | number | boolean>): Promise<ChannelSummary>
  getChannel(channelId: string): Promise<ChannelSummary>
  /** Does whatever the provider needs before a push and returns fresh ingest details. */
  prepareIngest(channelId: string): Promise<IngestInfo>
  stop(channelId: string): Promise<void>
  status(channelId: string): Promise<ProviderStatus>
  events(channelId: string, since: number): Promise<ProviderEvent[]>
  channelOptions(): ChannelOptionField[]
}

export type ProviderFactory = (fields: CredentialFields, profile: string) => Provider
