import { describe, expect, it } from 'vitest'
import type { ErrorContext } from '../../../src/main/core/providers/http-client'
import {
  kollusApiIngest,
  kollusErrorDetails,
  kollusEvents,
  kollusList,
  kollusStatus,
  mapKollusChannel
} from '../../../src/main/core/providers/kollus/kollus-mapping'
import {
  envelopeError,
  livestreamEvents,
  livestreamStatus,
  mapLivestream,
  unwrapEnvelope
} from '../../../src/main/core/providers/livestream-api/livestream-api-mapping'
import { mapNaverChannel, mapNaverEvents, naverErrorDetails, naverIngest, naverLiveState } from '../../../src/main/core/providers/naver/naver-mapping'
import {
  isAlreadyStarted,
  mapSigmaChannel,
  mapSigmaEvents,
  sigmaErrorDetails,
  sigmaHealthFromEvents,
  sigmaIngest,
  sigmaSessionState
} from '../../../src/main/core/providers/sigma/sigma-mapping'

function ctx(status: number, body: unknown, date?: string, sentAt = Date.parse('2026-01-01T00:00:00Z')): ErrorContext {
  return { status, body, text: JSON.stringify(body), headers: new Headers(date ? { date } : {}), sentAt }
}

describe('NAVER mapping', () => {
  it.each([
    ['CREATING', 'preparing'],
    ['READY', 'idle'],
    ['PUBLISHING', 'live'],
    ['PUBLISH', 'live'],
    ['publishing', 'live'],
    ['BLOCK', 'ended'],
    ['DELETED', 'ended'],
    ['FORCE_BLOCK', 'failed'],
    ['FORCE_DELETED', 'failed'],
    ['SOMETHING_NEW', 'idle']
  ])('%s → %s', (raw, state) => expect(naverLiveState(raw)).toBe(state))

  it('maps a channel, reading useDVR or useDvr, and keeps the key out of details', () => {
    const c = mapNaverChannel({
      channelId: 'ls-20250814000000-zTwK2',
      channelName: 'show_1',
      channelStatus: 'READY',
      useDVR: true,
      streamKey: 'sk-secret',
      publishUrl: 'rtmp://x/relay',
      cdn: { cdnType: 'GLOBAL_EDGE' }
    })
    expect(c).toEqual({ id: 'ls-20250814000000-zTwK2', name: 'show_1', state: 'idle', rawState: 'READY', details: { useDvr: true, cdnType: 'GLOBAL_EDGE' } })
    expect(JSON.stringify(c)).not.toContain('sk-secret')
    expect(mapNaverChannel({ channelId: 'a', useDvr: false }).details?.useDvr).toBe(false)
  })

  it('reads the ingest as opaque strings', () => {
    expect(naverIngest({ publishUrl: 'rtmp://a/relay', streamKey: 'k' })).toEqual({ rtmpUrl: 'rtmp://a/relay', streamKey: 'k' })
    expect(naverIngest({ publishUrl: 'rtmp://a/relay' })).toBeNull()
  })

  it("reads a failover channel's backup ingest (same server unless it names its own) and says so in details, never its key", () => {
    const channel = { channelId: 'c', publishUrl: 'rtmp://a/relay', streamKey: 'k', isStreamFailOver: true, backupStreamKey: 'bk-secret' }
    expect(naverIngest(channel)).toEqual({ rtmpUrl: 'rtmp://a/relay', streamKey: 'k', backup: { rtmpUrl: 'rtmp://a/relay', streamKey: 'bk-secret' } })
    expect(naverIngest({ ...channel, backupPublishUrl: 'rtmp://b/relay' })?.backup).toEqual({ rtmpUrl: 'rtmp://b/relay', streamKey: 'bk-secret' })
    expect(naverIngest({ ...channel, backupStreamKey: '' })?.backup).toBeUndefined()
    expect(mapNaverChannel(channel).details).toEqual({ backupIngest: true })
    expect(JSON.stringify(mapNaverChannel(channel))).not.toContain('bk-secret')
    expect(mapNaverChannel({ ...channel, backupStreamKey: undefined }).details).toEqual({})
  })

  it('merges events and publish log, de-duplicates, upper-cases PUBLISH_Start, filters by time', () => {
    const events = {
      content: [
        { logLevel: 'INFO', eventCode: 'STREAM_RESERVE', description: '채널 생성', timestamp: 100, channelId: 'c' },
        { logLevel: 'INFO', eventCode: 'PUBLISH_Start', description: 'start', timestamp: 200 }
      ],
      total: 2
    }
    const log = {
      content: [
        { logLevel: 'INFO', eventCode: 'PUBLISH_START', description: 'start', timestamp: 200 },
        { logLevel: 'ERROR', eventCode: 'PUBLISH_OVER_THRESHOLD', description: 'too high', timestamp: '300' }
      ]
    }
    const out = mapNaverEvents([events, log], 150)
    expect(out.map((e) => [e.time, e.code, e.level])).toEqual([
      [200, 'PUBLISH_START', 'info'],
      [300, 'PUBLISH_OVER_THRESHOLD', 'error']
    ])
    expect(mapNaverEvents([events], 0)[0].message).toBe('채널 생성')
  })

  it.each([
    [404, { error: { errorCode: 250004, message: 'channel not found.', errorName: 'NOT_FOUND' } }, 'not_found', undefined],
    [400, { error: { errorCode: '250002', message: 'channelName: invalid value.' } }, 'validation', 'channelName'],
    [400, { error: { errorCode: 250011, message: 'qualitySetId must has a valid value' } }, 'validation', 'qualitySetId'],
    [401, { error: { errorCode: '200', message: 'Authentication Failed' } }, 'auth', undefined],
    [401, { error: { errorCode: '200', message: 'Authentication Failed', details: 'Invalid timestamp' } }, 'clock_skew', undefined],
    [429, { error: { errorCode: '420', message: 'Rate Limited' } }, 'rate_limited', undefined],
    [503, { error: { errorCode: '500', message: 'Endpoint Error' } }, 'server', undefined],
    [400, { error: { errorCode: 250010, message: 'no permission' } }, 'forbidden', undefined]
  ])('error %s %j → %s', (status, body, code, field) => {
    const d = naverErrorDetails(ctx(status, body))
    expect(d.code).toBe(code)
    expect(d.field).toBe(field)
  })

  it('calls a 401 clock_skew when the server Date is more than 5 minutes from ours', () => {
    const d = naverErrorDetails(ctx(401, { error: { errorCode: '200', message: 'Authentication Failed' } }, 'Thu, 01 Jan 2026 00:10:00 GMT'))
    expect(d.code).toBe('clock_skew')
  })
})

describe('Sigma mapping', () => {
  it.each([
    ['init', 'connecting'],
    ['processing', 'connecting'],
    ['live', 'live'],
    ['LIVE', 'live'],
    ['preparing', 'reconnecting'],
    ['error', 'failed'],
    ['ended', 'ended'],
    ['weird', 'idle']
  ])('session %s → %s', (raw, state) => expect(sigmaSessionState(raw).state).toBe(state))

  it('reads the ingest nested under input', () => {
    const ch = { id: 'u', input: { rtmpServer: 'rtmp://1.2.3.4:1935/livestream', streamToken: 'tok' }, liveStreamUrl: 'http://x/master.m3u8' }
    expect(sigmaIngest(ch)).toEqual({ rtmpUrl: 'rtmp://1.2.3.4:1935/livestream', streamKey: 'tok', playbackUrl: 'http://x/master.m3u8' })
    expect(sigmaIngest({ id: 'u' })).toBeNull()
    expect(mapSigmaChannel({ ...ch, name: 'n', status: 'active', transcodeProfile: ['a', 'b'] })).toMatchObject({
      id: 'u',
      state: 'live',
      rawState: 'active',
      details: { transcodeProfile: 'a,b' }
    })
  })

  it('keeps Vietnamese messages and unknown actions, after `since`', () => {
    const body = {
      data: [
        { action: 'ended', actor: 'user', message: 'Kênh đã kết thúc', createdAt: '2026-01-01T00:00:02.000Z' },
        { action: 'brand-new', createdAt: '2026-01-01T00:00:01.000Z' },
        { action: 'init', createdAt: '2025-01-01T00:00:00.000Z' }
      ]
    }
    const out = mapSigmaEvents(body, Date.parse('2026-01-01T00:00:00Z'))
    expect(out.map((e) => e.code)).toEqual(['brand-new', 'ended'])
    expect(out[1].message).toBe('Kênh đã kết thúc')
    expect(
      sigmaHealthFromEvents(
        mapSigmaEvents(
          {
            data: [
              { action: 'stable', createdAt: '2026-01-01T00:00:01Z' },
              { action: 'unpublished', createdAt: '2026-01-01T00:00:02Z' }
            ]
          },
          0
        )
      )
    ).toBe('unstable')
  })

  it('reads NestJS-style, message-array and text errors, and tolerates "already started"', () => {
    expect(sigmaErrorDetails(ctx(400, { statusCode: 400, message: ['name should not be empty'], error: 'Bad Request' }))).toEqual({
      message: 'name should not be empty',
      field: 'name'
    })
    expect(sigmaErrorDetails(ctx(404, { ec: 404, msg: 'not found' })).message).toBe('not found')
    expect(isAlreadyStarted(409, { message: 'Channel is already started' })).toBe(true)
    expect(isAlreadyStarted(500, { message: 'already' })).toBe(false)
  })
})

describe('Livestream API v1.0-poc mapping', () => {
  it('unwraps the envelope only when ec is there', () => {
    expect(unwrapEnvelope({ ec: 0, data: { id: '1' }, msg: '' })).toEqual({ id: '1' })
    expect(unwrapEnvelope({ id: '1' })).toEqual({ id: '1' })
    expect(envelopeError({ ec: 0, data: {} })).toBeNull()
    expect(envelopeError({ id: 1 })).toBeNull()
    expect(envelopeError({ ec: 422, msg: 'Wrong param: thumbWidth' })).toMatchObject({ code: 'validation', field: 'thumbWidth' })
  })

  it.each([
    [{ status: 'init' }, 'idle', undefined],
    [{ status: 'coming' }, 'idle', undefined],
    [{ status: 'live', health: 'unstable' }, 'live', 'unstable'],
    [{ Status: 'LIVE', Health: 'Excellent' }, 'live', 'excellent'],
    [{ status: 'ended', health: 'excellent' }, 'ended', undefined],
    [{ status: 'error' }, 'failed', undefined]
  ])('%j → %s / %s', (stream, state, health) => {
    const s = livestreamStatus(stream)
    expect(s.state).toBe(state)
    expect(s.health).toBe(health)
  })

  it('maps ID or id, tags array or string, playback by state', () => {
    expect(mapLivestream({ ID: '5201198', name: 'n', status: 'live', tags: ['a', 'b'], livestreamUrl: 'http://cdn/5201198/master.m3u8' })).toMatchObject({
      id: '5201198',
      state: 'live',
      playbackUrl: 'http://cdn/5201198/master.m3u8',
      details: { tags: 'a,b' }
    })
  })

  it('makes events from timestamps and reports a health change once', () => {
    const s = { status: 'live', health: 'unstable', createdAt: '2026-01-01T00:00:00Z', startTime: '2026-01-01T00:00:05Z' }
    const out = livestreamEvents(s, Date.parse('2026-01-01T00:00:01Z'), 9e12, 'excellent')
    expect(out.map((e) => e.code)).toEqual(['live', 'health.unstable'])
    expect(livestreamEvents(s, Date.parse('2026-01-01T00:00:06Z'), 9e12, 'unstable')).toEqual([])
  })
})

describe('Kollus mapping', () => {
  const T0 = '2026-01-01T00:00:00+00:00'
  const T1 = '2026-01-01T00:00:10+00:00'
  const T2 = '2026-01-01T00:00:20+00:00'
  it.each([
    [{}, 'idle'],
    [{ latest_broadcast: {} }, 'idle'],
    [{ latest_broadcast: { is_onair: true, started_at: T0 } }, 'live'],
    [{ latest_broadcast: { is_onair: 1, started_at: T0, paused_at: T1 } }, 'reconnecting'],
    [{ latest_broadcast: { is_onair: false, started_at: T0, paused_at: T1, ended_at: T2 } }, 'ended'],
    [{ latest_broadcast: { is_onair: '0', started_at: T0 } }, 'idle']
  ])('%j → %s', (channel, state) => expect(kollusStatus(channel).state).toBe(state))

  it('maps a channel with a public playback link only when shared', () => {
    expect(mapKollusChannel({ key: 'abc', title: '라이브', is_shared: true, latest_broadcast: {} })).toMatchObject({
      id: 'abc',
      name: '라이브',
      state: 'idle',
      playbackUrl: 'https://v-live-kr.kollus.com/abc'
    })
    expect(mapKollusChannel({ key: 'abc', is_shared: 0 }).playbackUrl).toBeUndefined()
  })

  it('finds ingest fields only under the assumed names', () => {
    expect(kollusApiIngest({ key: 'a' })).toBeNull()
    expect(kollusApiIngest({ rtmp_url: 'rtmp://h/app', stream_key: 'k' })).toEqual({ rtmpUrl: 'rtmp://h/app', streamKey: 'k' })
    expect(kollusApiIngest({ application_link: 'rtmp://h/app', creators: [{ stream_key: 'c1' }] })).toEqual({ rtmpUrl: 'rtmp://h/app', streamKey: 'c1' })
  })

  it('reads list meta and broadcast events', () => {
    expect(kollusList({ data: [1, 2], meta: { current_page: 1, last_page: 3, total: 5 } })).toEqual({ items: [1, 2], currentPage: 1, lastPage: 3, total: 5 })
    const ev = kollusEvents({ latest_broadcast: { is_onair: false, started_at: T0, paused_at: T1, ended_at: T2 } }, Date.parse(T0))
    expect(ev.map((e) => e.code)).toEqual(['pause', 'stop'])
  })

  it('reads Laravel-style and OAuth errors', () => {
    expect(kollusErrorDetails(ctx(422, { message: 'The title field is required.', errors: { title: ['The title field is required.'] } }))).toEqual({
      message: 'The title field is required.',
      field: 'title'
    })
    expect(kollusErrorDetails(ctx(401, { error: 'invalid_client', error_description: 'Client authentication failed' })).message).toBe(
      'Client authentication failed'
    )
  })
})
