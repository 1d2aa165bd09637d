import type { ChannelSummary } from '../../../../shared/contract'
import { onairError } from '../../../../shared/errors'
import { pick, str, HttpClient, type HttpRequest } from '../http-client'
import { checkChannelOptions, intOption } from '../channel-options'
import type { ChannelOptionField, ChannelOptions, IngestInfo, Provider, ProviderContext, ProviderEvent, ProviderStatus } from '../provider'
import { mapNaverChannel, mapNaverEvents, naverChannelStatus, naverContent, naverErrorDetails, naverIngest, naverLiveState } from './naver-mapping'
import { naverAuthHeaders } from './naver-signature'

export const NAVER_DEFAULT_BASE = 'https://livestation.apigw.ntruss.com'
const NAME = 'NAVER Cloud Live Station'
const PAGE_SIZE = 100 // pageSizeNo is 1..100 (§3.1)

export const NAVER_CHANNEL_OPTIONS: ChannelOptionField[] = [
  { name: 'qualitySetId', label: 'Quality set ID', type: 'number', min: 1, required: true },
  { name: 'profileId', label: 'CDN (Global Edge) profile ID', type: 'number', min: 1, required: true },
  { name: 'createCdn', label: 'Create a new CDN', type: 'boolean', default: true },
  { name: 'cdnType', label: 'CDN type', type: 'enum', values: ['GLOBAL_EDGE', 'CDN_PLUS'], default: 'GLOBAL_EDGE' },
  { name: 'regionType', label: 'CDN region', type: 'enum', values: ['KOREA', 'JAPAN', 'GLOBAL'], default: 'KOREA' },
  { name: 'cdnDomain', label: 'Existing CDN domain', type: 'string' },
  { name: 'cdnInstanceNo', label: 'Existing CDN instance number', type: 'number', min: 1 },
  { name: 'outputProtocol', label: 'Output protocol', type: 'enum', values: ['HLS', 'LL_HLS', 'HLS,DASH'], default: 'HLS' },
  { name: 'ingestProtocol', label: 'Ingest protocol (creation only)', type: 'enum', values: ['RTMP', 'SRT'], default: 'RTMP' },
  { name: 'envType', label: 'Environment', type: 'enum', values: ['REAL', 'DEV', 'STAGE'], default: 'REAL' },
  { name: 'useDvr', label: 'Time machine (DVR)', type: 'boolean', default: false },
  { name: 'timemachineMin', label: 'Time machine length (minutes)', type: 'number', min: 1 },
  { name: 'immediateOnAir', label: 'Record as soon as streaming starts', type: 'boolean', default: false },
  { name: 'recordType', label: 'Recording', type: 'enum', values: ['NO_RECORD', 'AUTO_UPLOAD', 'MANUAL_UPLOAD'], default: 'NO_RECORD' },
  { name: 'recordFormat', label: 'Recording format', type: 'enum', values: ['MP4', 'HLS', 'ALL'] },
  { name: 'bucketName', label: 'Object Storage bucket', type: 'string' },
  { name: 'filePath', label: 'Object Storage path', type: 'string' },
  { name: 'accessControl', label: 'Recording access', type: 'enum', values: ['PUBLIC_READ', 'PRIVATE'] },
  {
    name: 'isStreamFailOver',
    label: 'Main + backup ingest',
    type: 'boolean',
    default: false,
    help: 'The channel gets a second ingest; Onair can push to both (the main one first, as NAVER advises).'
  },
  { name: 'drmEnabledYn', label: 'Multi-DRM', type: 'boolean', default: false }
]

/**
 * NAVER Cloud Live Station (naver-live-station.md). Every request is signed (§2); channels need no start call:
 * a READY channel accepts a push, and `on` only lifts a BLOCK (§4).
 */
export class NaverProvider implements Provider {
  readonly id = 'naver' as const
  private readonly http: HttpClient
  private readonly prefix: string

  constructor(private readonly ctx: ProviderContext) {
    const { accessKey, secretKey } = ctx.fields
    if (!accessKey || !secretKey) throw onairError('credentials_missing', `${NAME} needs an access key ID and a secret key.`, { provider: 'naver' })
    const region = (ctx.fields.region || 'KR').toUpperCase()
    // The financial zone has the same host but its own prefix and region code FKR (§1).
    this.prefix = region === 'FKR' ? '/api/fin-v2' : '/api/v2'
    this.http = new HttpClient(
      {
        provider: 'naver',
        name: NAME,
        baseUrl: ctx.fields.apiBase || NAVER_DEFAULT_BASE,
        secrets: () => [secretKey],
        parseError: naverErrorDetails,
        authHeaders: (method, uri, now) => naverAuthHeaders({ method, uri, now, accessKey, secretKey, region }),
        authHint:
          'Check the access key ID and secret key (NAVER Cloud console → My Page → Authentication key) and that the key may use Live Station, then save them again with `onair credentials set naver`.'
      },
      ctx.http
    )
  }

  async verify(): Promise<void> {
    await this.call({ method: 'GET', path: '/channels', query: { pageNo: 1, pageSizeNo: 1 }, what: 'check your account' })
  }

  async listChannels(): Promise<ChannelSummary[]> {
    const out: ChannelSummary[] = []
    const size = this.ctx.tuning?.pageSize ?? PAGE_SIZE
    for (let pageNo = 1; ; pageNo++) {
      const body = await this.call({ method: 'GET', path: '/channels', query: { pageNo, pageSizeNo: size }, what: 'list your channels' })
      const items = naverContent(body)
      const list = Array.isArray(items) ? items : []
      out.push(...list.map(mapNaverChannel))
      const total = Number(pick(body, 'total'))
      if (list.length < size || (Number.isFinite(total) && out.length >= total)) return out
    }
  }

  async createChannel(name: string, options: ChannelOptions): Promise<ChannelSummary> {
    // 3–20 characters: Korean, English letters, digits and `_` (§3.2).
    if (!/^[\uAC00-\uD7A3\u3131-\u318EA-Za-z0-9_]{3,20}$/.test(name)) {
      throw onairError('validation', `${NAME} channel names are 3–20 characters of Korean or English letters, digits and "_" (got "${name}").`, {
        field: 'name',
        provider: 'naver'
      })
    }
    if (options.qualitySetId === undefined) await this.missingQualitySet()
    const o = checkChannelOptions(NAME, NAVER_CHANNEL_OPTIONS, options)
    const createCdn = o.createCdn !== false
    const need = (cond: boolean, field: string, why: string) => {
      if (cond) throw onairError('validation', `${NAME}: ${why}`, { field, provider: 'naver' })
    }
    need(o.ingestProtocol === 'SRT' && (o.outputProtocol ?? 'HLS') !== 'HLS', 'outputProtocol', 'SRT ingest works only with outputProtocol=HLS.')
    need(o.useDvr === true && o.timemachineMin === undefined, 'timemachineMin', 'a time-machine channel needs timemachineMin (minutes, e.g. 360).')
    need(!createCdn && (!o.cdnDomain || o.cdnInstanceNo === undefined), 'cdnDomain', 'using an existing CDN needs cdnDomain and cdnInstanceNo.')
    need(o.recordType === 'AUTO_UPLOAD' && (!o.recordFormat || !o.bucketName), 'bucketName', 'automatic upload needs recordFormat and bucketName.')
    const body = {
      channelName: name,
      envType: o.envType ?? 'REAL',
      outputProtocol: o.outputProtocol ?? 'HLS',
      ingestProtocol: o.ingestProtocol ?? 'RTMP',
      cdn: createCdn
        ? { createCdn: true, cdnType: o.cdnType ?? 'GLOBAL_EDGE', profileId: intOption(o, 'profileId'), regionType: o.regionType ?? 'KOREA' }
        : {
            createCdn: false,
            cdnType: o.cdnType ?? 'GLOBAL_EDGE',
            profileId: intOption(o, 'profileId'),
            cdnDomain: o.cdnDomain,
            cdnInstanceNo: intOption(o, 'cdnInstanceNo')
          },
      qualitySetId: intOption(o, 'qualitySetId'),
      useDvr: o.useDvr === true,
      ...(o.useDvr === true ? { timemachineMin: intOption(o, 'timemachineMin') } : {}),
      immediateOnAir: o.immediateOnAir === true,
      record: {
        type: o.recordType ?? 'NO_RECORD',
        ...(o.recordFormat ? { format: o.recordFormat } : {}),
        ...(o.bucketName ? { bucketName: o.bucketName } : {}),
        ...(o.filePath ? { filePath: o.filePath } : {}),
        ...(o.accessControl ? { accessControl: o.accessControl } : {})
      },
      isStreamFailOver: o.isStreamFailOver === true,
      drmEnabledYn: o.drmEnabledYn === true
    }
    const res = await this.call({ method: 'POST', path: '/channels', json: body, what: `create the channel "${name}"` })
    return this.summary(naverContent(res))
  }

  /** A quality set is required and its ids are account-specific: name the ones this account has (§3, qualitySets). */
  private async missingQualitySet(): Promise<never> {
    const body = await this.call({ method: 'GET', path: '/qualitySets', what: 'list your quality sets' })
    const sets = naverContent(body)
    const listed = (Array.isArray(sets) ? sets : []).flatMap((q) => {
      const id = str(pick(q, 'qualitySetId'))
      return id ? [`${id} "${str(pick(q, 'qualitySetName')) ?? ''}"`] : []
    })
    throw onairError(
      'validation',
      `${NAME} needs a quality set: add --option qualitySetId=ID${listed.length ? ` (this account has ${listed.join(', ')})` : ' (create one in the NAVER Cloud console first)'}.`,
      { field: 'qualitySetId', provider: 'naver' }
    )
  }

  async getChannel(channelId: string): Promise<ChannelSummary> {
    return this.summary(await this.channel(channelId))
  }

  async prepareIngest(channelId: string): Promise<IngestInfo> {
    let channel = await this.channel(channelId)
    const deadline = Date.now() + (this.ctx.tuning?.naverReadyTimeoutMs ?? 60_000)
    // A new channel is CREATING until its CDN is provisioned; poll until READY (§3.2).
    while (naverChannelStatus(channel) === 'CREATING') {
      if (Date.now() > deadline) {
        throw onairError('server', `${NAME} is still creating channel ${channelId}; wait a minute and press Go Live again.`, {
          provider: 'naver',
          retryable: true
        })
      }
      await sleep(this.ctx.tuning?.pollIntervalMs ?? 3000)
      channel = await this.channel(channelId)
    }
    const status = naverChannelStatus(channel)
    if (status === 'BLOCK') {
      // Stopped earlier with `off`: `on` lifts the block, back to READY (§3.5).
      await this.call({ method: 'PUT', path: `/channels/${enc(channelId)}/on`, what: `resume channel ${channelId}` })
      channel = await this.channel(channelId)
    } else if (status === 'FORCE_BLOCK') {
      throw onairError('forbidden', `${NAME} has force-stopped channel ${channelId} (FORCE_BLOCK). Contact NAVER Cloud support or use another channel.`, {
        provider: 'naver'
      })
    } else if (status === 'DELETED' || status === 'FORCE_DELETED') {
      throw onairError('not_found', `Channel ${channelId} has been deleted on ${NAME} (${status}). Pick or create another channel.`, { provider: 'naver' })
    }
    const ingest = naverIngest(channel)
    if (!ingest)
      throw onairError('bad_response', `${NAME} returned channel ${channelId} without a publish URL or stream key; try again in a moment.`, {
        provider: 'naver',
        retryable: true
      })
    return { ...ingest, playbackUrl: await this.playbackUrl(channelId), channelName: mapNaverChannel(channel).name }
  }

  async stop(channelId: string): Promise<void> {
    // `off` → BLOCK and cuts a live push (§3.5). A channel already blocked answers "not available": that is stopped too.
    await this.call({
      method: 'PUT',
      path: `/channels/${enc(channelId)}/off`,
      what: `stop channel ${channelId}`,
      accept: (status, d) => status < 500 && d.providerCode === '250005'
    })
  }

  async status(channelId: string): Promise<ProviderStatus> {
    const raw = naverChannelStatus(await this.channel(channelId))
    return { state: naverLiveState(raw), raw }
  }

  async events(channelId: string, since: number): Promise<ProviderEvent[]> {
    const [general, publish] = await Promise.all([
      this.call({ method: 'GET', path: `/channels/${enc(channelId)}/events`, what: `read the events of channel ${channelId}` }),
      this.call({ method: 'GET', path: `/channels/${enc(channelId)}/publish-log`, what: `read the publish log of channel ${channelId}` })
    ])
    return mapNaverEvents([general, publish], since)
  }

  channelOptions(): ChannelOptionField[] {
    return NAVER_CHANNEL_OPTIONS
  }

  private async channel(channelId: string): Promise<unknown> {
    return naverContent(await this.call({ method: 'GET', path: `/channels/${enc(channelId)}`, what: `read channel ${channelId}` }))
  }

  private summary(channel: unknown): ChannelSummary {
    return mapNaverChannel(channel)
  }

  private async playbackUrl(channelId: string): Promise<string | undefined> {
    try {
      const body = await this.call({
        method: 'GET',
        path: `/channels/${enc(channelId)}/serviceUrls`,
        query: { serviceUrlType: 'GENERAL' },
        what: 'read the playback address'
      })
      const list = naverContent(body)
      return Array.isArray(list) ? str(pick(list[0], 'url')) : undefined
    } catch {
      return undefined // playback is a nicety: never block a push on it
    }
  }

  private async call(req: HttpRequest): Promise<unknown> {
    // The docs list Content-Type: application/json as required on every call, GET included (§2).
    const res = await this.http.request({ ...req, path: this.prefix + req.path, headers: { 'Content-Type': 'application/json', ...req.headers } })
    return res.body
  }
}

function enc(id: string): string {
  return encodeURIComponent(id)
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
