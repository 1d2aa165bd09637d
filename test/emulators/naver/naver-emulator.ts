import { createHmac, timingSafeEqual } from 'node:crypto'
import type { RtmpCallback } from '../../fixtures/nginx-rtmp'
import { ALNUM, parseBody, randomId, type EmulatorRequest, type EmulatorResponse } from '../emulator-server'
import { ProviderEmulator } from '../provider-emulator'

/**
 * NAVER Cloud Live Station, emulated from ../shared/providers/naver-live-station.md: gateway signature v2 with a
 * ±5 min timestamp window, `{content}` success bodies, `{error:{errorCode,message,errorName}}` failures, and a
 * channel lifecycle CREATING → READY ⇄ PUBLISHING, off → BLOCK, on → READY, DELETE → DELETED, driven by a
 * real nginx-rtmp's on_publish / on_publish_done.
 */
export interface NaverEmulatorOptions {
  accessKey?: string
  secretKey?: string
  /** ms a new channel stays CREATING (§3.2); 0 = READY at once. */
  creatingMs?: number
  now?: () => number
}

interface Channel {
  channelId: string
  channelName: string
  channelStatus: string
  createdAt: number
  body: Record<string, unknown>
  streamKey: string
  /** Failover channels (`isStreamFailOver`) only: the backup ingest's key (§3.3 `backupStreamKey`, an assumption). */
  backupStreamKey?: string
  publishing: boolean
  backupPublishing: boolean
  totalPublishSeconds: number
  recentPublishStartTime?: number
}

interface LogEntry {
  logLevel: 'INFO' | 'ERROR'
  eventCode: string
  description: string
  timestamp: number
  channelId: string
}

const ERRORS: Record<number, string> = {
  250000: 'EXCEPTION',
  250002: 'INVALID_FORMAT',
  250003: 'REQUIRED_HEADER',
  250004: 'NOT_FOUND',
  250005: 'NOT_AVAILABLE',
  250011: 'NEED_VALUE',
  250012: 'JSON_PARSE_GENERAL_ERROR',
  250019: 'OPEN_API_UNSUPPORTED_REGION',
  250020: 'OPEN_API_INVALID_REGION_CODE'
}
const QUALITY_SETS = [
  { qualitySetId: 1, qualitySetName: 'Basic (1080p/720p/480p)', type: 'default' },
  { qualitySetId: 2, qualitySetName: 'Low latency 720p', type: 'default' }
]
const NCP_REGIONS = ['KR', 'SGN', 'JPN', 'USWN', 'DEN', 'FKR']

export class NaverEmulator extends ProviderEmulator {
  readonly channels = new Map<string, Channel>()
  readonly log: LogEntry[] = []
  readonly accessKey: string
  readonly secretKey: string
  private revoked = false

  constructor(private readonly options: NaverEmulatorOptions = {}) {
    super((status, message) => ({ error: { errorCode: status >= 500 ? '500' : status === 429 ? '420' : '100', message } }), options.now)
    this.accessKey = options.accessKey ?? 'NCPACCESSKEY0000001'
    this.secretKey = options.secretKey ?? 'naver-emulator-secret-key-0123456789'
  }

  /** The key pair stops working (rotated or deleted in the console). */
  revokeKey(): void {
    this.revoked = true
  }

  protected handle(req: EmulatorRequest): EmulatorResponse {
    const auth = this.authenticate(req)
    if (auth) return auth
    const m = /^\/api\/v2(\/.*)$/.exec(req.path)
    if (!m) return gateway(404, '300', 'Not Found Exception')
    const path = m[1]
    const method = req.method
    let match: RegExpExecArray | null
    if (path === '/channels' && method === 'GET') return this.list(req)
    if (path === '/channels' && method === 'POST') return this.create(req)
    if (path === '/qualitySets' && method === 'GET') return ok({ content: QUALITY_SETS, total: QUALITY_SETS.length })
    if (path === '/events' && method === 'GET') {
      const id = req.query.get('channelId')
      const list = this.log.filter((e) => !id || e.channelId === id)
      return ok({ content: list, total: list.length })
    }
    if ((match = /^\/channels\/([^/]+)(\/[A-Za-z-]+)?$/.exec(path))) {
      const channel = this.channels.get(decodeURIComponent(match[1]))
      if (!channel || channel.channelStatus === 'DELETED') return lsError(404, 250004, 'channel not found.')
      this.advance(channel)
      const action = `${method} ${match[2] ?? ''}`
      switch (action) {
        case 'GET ':
          return ok({ content: this.view(channel) })
        case 'DELETE ':
          void this.ingest.drop(channel.streamKey)
          if (channel.backupStreamKey) void this.ingest.drop(channel.backupStreamKey)
          channel.channelStatus = 'DELETED'
          return ok({ content: this.view(channel) })
        case 'PUT /off':
          if (channel.channelStatus !== 'READY' && channel.channelStatus !== 'PUBLISHING') return lsError(400, 250005, 'channel not available.')
          if (channel.publishing) {
            // `off` on a PUBLISHING channel cuts the live push (§3.5).
            channel.publishing = false
            this.event(channel, 'PUBLISH_END', `${channel.channelName} channel publishing has ended.`)
            void this.ingest.drop(channel.streamKey)
          }
          if (channel.backupPublishing && channel.backupStreamKey) {
            channel.backupPublishing = false
            void this.ingest.drop(channel.backupStreamKey)
          }
          channel.channelStatus = 'BLOCK'
          return ok({ content: this.view(channel) })
        case 'PUT /on':
          if (channel.channelStatus !== 'BLOCK') return lsError(400, 250005, 'channel not available.')
          channel.channelStatus = 'READY'
          return ok({ content: this.view(channel) })
        case 'GET /serviceUrls':
          return this.serviceUrls(req, channel)
        case 'GET /events': {
          const list = this.log.filter((e) => e.channelId === channel.channelId)
          return ok({ content: list, total: list.length })
        }
        case 'GET /publish-log': {
          const list = this.log.filter((e) => e.channelId === channel.channelId && e.eventCode.startsWith('PUBLISH_'))
          return ok({ content: list, total: list.length })
        }
        default:
          return gateway(404, '300', 'Not Found Exception')
      }
    }
    return gateway(404, '300', 'Not Found Exception')
  }

  /** API Gateway checks (§2): the four headers, the key, the signature over METHOD URI\nts\nkey, ±5 minutes. */
  private authenticate(req: EmulatorRequest): EmulatorResponse | null {
    const h = (name: string) => {
      const v = req.headers[name]
      return Array.isArray(v) ? v[0] : v
    }
    const ts = h('x-ncp-apigw-timestamp')
    const key = h('x-ncp-iam-access-key')
    const sig = h('x-ncp-apigw-signature-v2')
    if (!ts || !key || !sig) return gateway(401, '200', 'Authentication Failed', 'Missing required authentication header')
    if (!/^\d{13}$/.test(ts) || Math.abs(Number(ts) - this.now()) > 5 * 60_000) {
      return gateway(401, '200', 'Authentication Failed', 'Invalid timestamp: the request time differs from the server time by more than 5 minutes')
    }
    if (key !== this.accessKey || this.revoked) return gateway(401, '200', 'Authentication Failed', 'Invalid access key')
    const uri = req.rawUrl
    const expected = createHmac('sha256', this.secretKey).update(`${req.method} ${uri}\n${ts}\n${key}`).digest()
    const given = Buffer.from(sig, 'base64')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return gateway(401, '200', 'Authentication Failed', 'Signature mismatch')
    const region = h('x-ncp-region_code')
    if (!region) return lsError(400, 250003, 'Missing required header.')
    if (!NCP_REGIONS.includes(region)) return lsError(400, 250020, `Invalid region code ${region}.`)
    if (region !== 'KR') return lsError(400, 250019, `The Region ${region} not support now.`)
    // Content-Type: application/json is listed as required on every call, GET included (§2).
    if (
      String(h('content-type') ?? '')
        .split(';')[0]
        .trim() !== 'application/json'
    )
      return lsError(400, 250003, 'Missing required header.')
    return null
  }

  private list(req: EmulatorRequest): EmulatorResponse {
    const pageNo = int(req.query.get('pageNo') ?? '1')
    const pageSizeNo = int(req.query.get('pageSizeNo') ?? '20')
    if (pageNo === null || pageNo < 1) return lsError(400, 250002, 'pageNo: invalid value.')
    if (pageSizeNo === null || pageSizeNo < 1 || pageSizeNo > 100) return lsError(400, 250002, 'pageSizeNo: invalid value.')
    const status = req.query.get('channelStatus')
    const name = req.query.get('channelName')
    const all = [...this.channels.values()]
      .map((c) => (this.advance(c), c))
      .filter((c) => c.channelStatus !== 'DELETED' && (!status || c.channelStatus === status) && (!name || c.channelName.includes(name)))
    const page = all.slice((pageNo - 1) * pageSizeNo, pageNo * pageSizeNo)
    return ok({ content: page.map((c) => this.view(c)), total: all.length })
  }

  private create(req: EmulatorRequest): EmulatorResponse {
    const parsed = parseBody(req, ['json'])
    if (!parsed.ok) return lsError(400, 250012, 'Invalid request data,please check')
    const b = parsed.value
    const need = (cond: boolean, field: string) => (cond ? null : lsError(400, 250011, `${field} must has a valid value`))
    const invalid = (cond: boolean, field: string) => (cond ? null : lsError(400, 250002, `${field}: invalid value.`))
    const cdn = (b.cdn ?? {}) as Record<string, unknown>
    const record = (b.record ?? {}) as Record<string, unknown>
    const checks = [
      need(typeof b.channelName === 'string', 'channelName'),
      invalid(typeof b.channelName === 'string' && /^[\uAC00-\uD7A3\u3131-\u318EA-Za-z0-9_]{3,20}$/.test(b.channelName), 'channelName'),
      invalid(b.envType === undefined || ['REAL', 'DEV', 'STAGE'].includes(String(b.envType)), 'envType'),
      invalid(b.outputProtocol === undefined || ['HLS', 'LL_HLS', 'HLS,DASH'].includes(String(b.outputProtocol)), 'outputProtocol'),
      invalid(b.ingestProtocol === undefined || ['RTMP', 'SRT'].includes(String(b.ingestProtocol)), 'ingestProtocol'),
      invalid(!(b.ingestProtocol === 'SRT' && (b.outputProtocol ?? 'HLS') !== 'HLS'), 'ingestProtocol'),
      need(b.cdn !== undefined && typeof b.cdn === 'object', 'cdn'),
      need(typeof cdn.createCdn === 'boolean', 'cdn.createCdn'),
      invalid(['GLOBAL_EDGE', 'CDN_PLUS'].includes(String(cdn.cdnType)), 'cdn.cdnType'),
      need(Number.isInteger(cdn.profileId), 'cdn.profileId'),
      cdn.createCdn === true ? invalid(['KOREA', 'JAPAN', 'GLOBAL'].includes(String(cdn.regionType)), 'cdn.regionType') : null,
      cdn.createCdn === false ? need(typeof cdn.cdnDomain === 'string' && Number.isInteger(cdn.cdnInstanceNo), 'cdn.cdnDomain') : null,
      need(Number.isInteger(b.qualitySetId), 'qualitySetId'),
      typeof b.qualitySetId === 'number' && !QUALITY_SETS.some((q) => q.qualitySetId === b.qualitySetId) ? lsError(404, 250004, 'qualitySet not found.') : null,
      need(typeof b.useDvr === 'boolean', 'useDvr'),
      b.useDvr === true ? need(Number.isInteger(b.timemachineMin) && Number(b.timemachineMin) > 0, 'timemachineMin') : null,
      need(typeof b.drmEnabledYn === 'boolean', 'drmEnabledYn'),
      need(b.record !== undefined && typeof b.record === 'object', 'record'),
      invalid(['NO_RECORD', 'AUTO_UPLOAD', 'MANUAL_UPLOAD'].includes(String(record.type)), 'record.type'),
      record.type === 'AUTO_UPLOAD' ? need(['MP4', 'HLS', 'ALL'].includes(String(record.format)), 'record.format') : null
    ]
    const failed = checks.find((c) => c !== null)
    if (failed) return failed
    const now = this.now()
    const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14)
    const channel: Channel = {
      channelId: `ls-${stamp}-${randomId(ALNUM, 5)}`,
      channelName: String(b.channelName),
      channelStatus: 'CREATING',
      createdAt: now,
      body: b,
      streamKey: randomId(ALNUM.toLowerCase(), 20),
      ...(b.isStreamFailOver === true ? { backupStreamKey: randomId(ALNUM.toLowerCase(), 20) } : {}),
      publishing: false,
      backupPublishing: false,
      totalPublishSeconds: 0
    }
    this.channels.set(channel.channelId, channel)
    this.event(channel, 'STREAM_RESERVE', `${channel.channelName} channel created.`)
    this.advance(channel)
    return ok({ content: this.view(channel) })
  }

  private serviceUrls(req: EmulatorRequest, c: Channel): EmulatorResponse {
    const type = req.query.get('serviceUrlType')
    if (!type) return lsError(400, 250011, 'serviceUrlType must has a valid value')
    if (!['GENERAL', 'TIMEMACHINE', 'THUMBNAIL'].includes(type)) return lsError(400, 250002, 'serviceUrlType: invalid value.')
    if (type === 'TIMEMACHINE' && (!c.body.useDvr || c.channelStatus !== 'PUBLISHING')) return lsError(400, 250005, 'time machine not available.')
    const base = `https://emulator-cdn.example/live/${c.channelId}`
    const url = type === 'THUMBNAIL' ? `${base}/thumbnail.jpg` : `${base}/${type === 'TIMEMACHINE' ? 'timemachine' : 'playlist'}.m3u8`
    return ok({ content: [{ name: '1080p', url, resolution: '1920x1080', videoBitrate: '4000000', audioBitrate: '128000' }] })
  }

  /** CREATING becomes READY once provisioning time has passed (§3.2). */
  private advance(c: Channel): void {
    if (c.channelStatus === 'CREATING' && this.now() - c.createdAt >= (this.options.creatingMs ?? 0)) c.channelStatus = 'READY'
  }

  private view(c: Channel): Record<string, unknown> {
    const b = c.body
    return {
      channelId: c.channelId,
      channelName: c.channelName,
      channelStatus: c.channelStatus,
      instanceNo: 1000,
      qualitySetId: b.qualitySetId,
      qualitySetName: QUALITY_SETS.find((q) => q.qualitySetId === b.qualitySetId)?.qualitySetName,
      outputProtocol: b.outputProtocol ?? 'HLS',
      ingestProtocol: b.ingestProtocol ?? 'RTMP',
      envType: b.envType ?? 'REAL',
      isRecording: false,
      // The response spells it useDVR while the request says useDvr (§3.3).
      useDVR: b.useDvr,
      timemachineMin: b.timemachineMin,
      immediateOnAir: b.immediateOnAir ?? false,
      publishUrl: this.ingest.server,
      globalPublishUrl: this.ingest.server,
      streamKey: c.streamKey,
      ...(c.backupStreamKey ? { backupStreamKey: c.backupStreamKey } : {}),
      isStreamFailOver: b.isStreamFailOver ?? false,
      cdn: { ...(b.cdn as object), statusName: 'RUNNING', cdnDomain: 'emulator-cdn.example' },
      record: b.record,
      totalPublishSeconds: c.totalPublishSeconds,
      createdTime: c.createdAt,
      recentPublishStartTime: c.recentPublishStartTime
    }
  }

  private event(c: Channel, eventCode: string, description: string, logLevel: 'INFO' | 'ERROR' = 'INFO'): void {
    this.log.push({ logLevel, eventCode, description, timestamp: this.now(), channelId: c.channelId })
  }

  /** nginx-rtmp callbacks: a READY channel's key may publish; anything else is refused (403 stops the push). */
  protected onRtmp(cb: RtmpCallback): number {
    const backup = [...this.channels.values()].find((c) => c.backupStreamKey === cb.name)
    if (backup) return this.onBackupRtmp(backup, cb)
    const channel = [...this.channels.values()].find((c) => c.streamKey === cb.name)
    if (!channel) return 403
    this.advance(channel)
    if (cb.call === 'publish') {
      if (channel.channelStatus !== 'READY') return 403
      channel.channelStatus = 'PUBLISHING'
      channel.publishing = true
      channel.recentPublishStartTime = this.now()
      this.event(channel, 'PUBLISH_START', `${channel.channelName} channel publishing has started.`)
      return 200
    }
    if (cb.call === 'publish_done' && channel.publishing) {
      channel.publishing = false
      channel.totalPublishSeconds += Math.round((this.now() - (channel.recentPublishStartTime ?? this.now())) / 1000)
      // Encoder disconnect → READY (§4, ASSUMPTION).
      if (channel.channelStatus === 'PUBLISHING') channel.channelStatus = 'READY'
      this.event(channel, 'PUBLISH_END', `${channel.channelName} channel publishing has ended.`)
    }
    return 200
  }

  /** The backup ingest of a failover channel takes a push only while the main one is publishing (§7: main first). */
  private onBackupRtmp(channel: Channel, cb: RtmpCallback): number {
    if (cb.call === 'publish') {
      if (!channel.publishing) return 403
      channel.backupPublishing = true
      return 200
    }
    if (cb.call === 'publish_done') channel.backupPublishing = false
    return 200
  }
}

function ok(body: unknown): EmulatorResponse {
  return { status: 200, body }
}

function lsError(status: number, code: number, message: string): EmulatorResponse {
  return { status, body: { error: { errorCode: code, message, errorName: ERRORS[code] ?? 'EXCEPTION' } } }
}

function gateway(status: number, code: string, message: string, details?: string): EmulatorResponse {
  return { status, body: { error: { errorCode: code, message, ...(details ? { details } : {}) } } }
}

function int(s: string): number | null {
  return /^-?\d+$/.test(s) ? Number(s) : null
}
