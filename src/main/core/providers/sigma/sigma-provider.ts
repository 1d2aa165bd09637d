import type { ChannelSummary } from '../../../../shared/contract'
import { onairError } from '../../../../shared/errors'
import { checkChannelOptions } from '../channel-options'
import { pick, str, HttpClient, type HttpRequest } from '../http-client'
import type { ChannelOptionField, ChannelOptions, IngestInfo, Provider, ProviderContext, ProviderEvent, ProviderStatus } from '../provider'
import { latencyOfMode } from '../latency-mode'
import {
  isAlreadyStarted,
  latestSessionId,
  mapSigmaChannel,
  mapSigmaEvents,
  sigmaErrorDetails,
  sigmaHealthFromEvents,
  sigmaIngest,
  sigmaList,
  sigmaSessionState
} from './sigma-mapping'

export const SIGMA_DEFAULT_BASE = 'https://api.sigma.video'
const PREFIX = '/api/livestream'
const NAME = 'Sigma Livestream'
const PER_PAGE = 100

export const SIGMA_CHANNEL_OPTIONS: ChannelOptionField[] = [
  { name: 'type', label: 'Channel type', type: 'enum', values: ['transcode', 'forward', 'hybrid'], default: 'transcode' },
  { name: 'mode', label: 'Latency mode', type: 'enum', values: ['normal', 'low-latency', 'ultra-low-latency'], default: 'normal' },
  { name: 'transcodeProfile', label: 'Transcode profile IDs (comma-separated)', type: 'string' },
  { name: 'outputFormat', label: 'Output format', type: 'enum', values: ['hls', 'dash'], default: 'hls' },
  // Units are probably seconds (sigma.md §3, ASSUMPTION); the UI default is 30.
  { name: 'stopTimeout', label: 'Stop timeout (s)', type: 'number', min: 0, default: 30 },
  { name: 'catchup', label: 'Catch-up', type: 'boolean', default: false },
  { name: 'record', label: 'Record', type: 'boolean', default: false },
  { name: 'description', label: 'Description', type: 'string' },
  { name: 'tags', label: 'Tags (comma-separated)', type: 'string' }
]

/**
 * Sigma Livestream at api.sigma.video (sigma.md). Basic auth plus `X-App-Id` on every call. Whether
 * `PATCH /start` is needed before a push is unknown (§6), so prepareIngest calls it and tolerates "already started".
 */
export class SigmaProvider implements Provider {
  readonly id = 'sigma' as const
  private readonly http: HttpClient

  private readonly pageSize: number

  constructor(ctx: ProviderContext) {
    this.pageSize = ctx.tuning?.pageSize ?? PER_PAGE
    const { appId, username, secret } = ctx.fields
    if (!appId || !username || !secret) throw onairError('credentials_missing', `${NAME} needs an App ID, a username and a secret key.`, { provider: 'sigma' })
    const basic = `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`
    this.http = new HttpClient(
      {
        provider: 'sigma',
        name: NAME,
        baseUrl: ctx.fields.apiBase || SIGMA_DEFAULT_BASE,
        secrets: () => [secret, basic.slice(6)],
        parseError: sigmaErrorDetails,
        authHeaders: () => ({ Authorization: basic, 'X-App-Id': appId }),
        authHint:
          'Check the App ID, username and secret key (Sigma portal → App management → Credential / General), then save them again with `onair credentials set sigma`.'
      },
      ctx.http
    )
  }

  async verify(): Promise<void> {
    // The sessions list is documented (§2.1); the channel list is only assumed, so it is not the probe.
    await this.call({ method: 'GET', path: '/sessions', query: { page: 1, perPage: 1 }, what: 'check your account' })
  }

  async listChannels(): Promise<ChannelSummary[]> {
    // GET /channels with the /sessions conventions is an ASSUMPTION (§2.2).
    const out: ChannelSummary[] = []
    for (let page = 1; ; page++) {
      const { items, total } = sigmaList(
        await this.call({ method: 'GET', path: '/channels', query: { sort: 'createdAt|desc', page, perPage: this.pageSize }, what: 'list your channels' })
      )
      out.push(...items.map(mapSigmaChannel))
      if (items.length < this.pageSize || (total !== undefined && out.length >= total)) return out
    }
  }

  async createChannel(name: string, options: ChannelOptions): Promise<ChannelSummary> {
    if (!name.trim()) throw onairError('validation', `${NAME} channels need a name.`, { field: 'name', provider: 'sigma' })
    const o = checkChannelOptions(NAME, SIGMA_CHANNEL_OPTIONS, options)
    const list = (v: unknown) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : []
    const type = (o.type as string | undefined) ?? 'transcode'
    const body = {
      name: name.trim(),
      description: (o.description as string | undefined) ?? null,
      tags: list(o.tags),
      // An array of profile UUIDs (§3); hidden in the UI for forward channels.
      transcodeProfile: type === 'forward' ? [] : list(o.transcodeProfile),
      type,
      mode: o.mode ?? 'normal',
      stopTimeout: o.stopTimeout ?? 30,
      catchup: o.catchup === true,
      record: o.record === true,
      outputFormat: o.outputFormat ?? 'hls'
    }
    return mapSigmaChannel(await this.call({ method: 'POST', path: '/channels', json: body, what: `create the channel "${body.name}"` }))
  }

  async getChannel(channelId: string): Promise<ChannelSummary> {
    return mapSigmaChannel(await this.channel(channelId))
  }

  async prepareIngest(channelId: string): Promise<IngestInfo> {
    await this.call({ method: 'PATCH', path: `/channels/${enc(channelId)}/start`, what: `start channel ${channelId}`, accept: isAlreadyStarted })
    const channel = await this.channel(channelId)
    const ingest = sigmaIngest(channel)
    if (!ingest)
      throw onairError('bad_response', `${NAME} returned channel ${channelId} without input.rtmpServer or input.streamToken; try again in a moment.`, {
        provider: 'sigma',
        retryable: true
      })
    const latency = latencyOfMode(pick(channel, 'mode'))
    return { ...ingest, channelName: mapSigmaChannel(channel).name, ...(latency ? { latency } : {}) }
  }

  async stop(channelId: string): Promise<void> {
    // A channel with nothing running may refuse; it is stopped either way.
    await this.call({
      method: 'DELETE',
      path: `/channels/${enc(channelId)}/stop`,
      what: `stop channel ${channelId}`,
      accept: (status, d) => (status === 400 || status === 409) && /not (live|started|running)|no (active )?session|already/i.test(d.message ?? '')
    })
  }

  async status(channelId: string): Promise<ProviderStatus> {
    const channel = await this.channel(channelId)
    const sessionId = await this.sessionOf(channel, channelId)
    if (!sessionId) return { state: 'idle', raw: (str(pick(channel, 'status')) ?? 'idle').toLowerCase() }
    const body = await this.call({ method: 'GET', path: `/sessions/${enc(sessionId)}/status`, what: 'read the session status' })
    const status = sigmaSessionState(str(pick(body, 'status')))
    if (status.state !== 'live') return status
    // No health field in this API (§7): the latest stable/unstable event says it.
    const health = sigmaHealthFromEvents(await this.sessionEvents(sessionId, 0))
    return health ? { ...status, health } : status
  }

  async events(channelId: string, since: number): Promise<ProviderEvent[]> {
    const sessionId = await this.sessionOf(await this.channel(channelId), channelId)
    return sessionId ? this.sessionEvents(sessionId, since) : []
  }

  private async sessionEvents(sessionId: string, since: number): Promise<ProviderEvent[]> {
    const body = await this.call({
      method: 'GET',
      path: '/events',
      query: { q: JSON.stringify({ $and: [{ sessionId }] }), sort: 'updatedAt|desc', page: 1, perPage: PER_PAGE },
      what: 'read the session events'
    })
    return mapSigmaEvents(body, since)
  }

  channelOptions(): ChannelOptionField[] {
    return SIGMA_CHANNEL_OPTIONS
  }

  private async channel(channelId: string): Promise<unknown> {
    return this.call({ method: 'GET', path: `/channels/${enc(channelId)}`, what: `read channel ${channelId}` })
  }

  private async sessionOf(channel: unknown, channelId: string): Promise<string | undefined> {
    const current = str(pick(channel, 'currentSessionId'))
    if (current) return current
    const { items } = sigmaList(
      await this.call({
        method: 'GET',
        path: '/sessions',
        query: { q: JSON.stringify({ channelId }), sort: 'updatedAt|desc', page: 1, perPage: 1 },
        what: `list the sessions of channel ${channelId}`
      })
    )
    return latestSessionId(channel, items)
  }

  private async call(req: HttpRequest): Promise<unknown> {
    return (await this.http.request({ ...req, path: PREFIX + req.path })).body
  }
}

function enc(id: string): string {
  return encodeURIComponent(id)
}
