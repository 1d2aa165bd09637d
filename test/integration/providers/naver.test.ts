import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHmac } from 'node:crypto'
import { createProvider } from '../../../src/main/core/providers/provider-registry'
import type { Provider } from '../../../src/main/core/providers/provider'
import { startRtmpIngest, type RtmpIngest } from '../../fixtures/nginx-rtmp'
import { NaverEmulator } from '../../emulators/naver/naver-emulator'
import { FAST_HTTP, FAULT_HTTP, expectError, startPush, waitForState } from './provider-test-kit'

const CREATE = { qualitySetId: 1, profileId: 1234 }

describe('NAVER Cloud Live Station client against its emulator', () => {
  let ingest: RtmpIngest
  let emu: NaverEmulator
  let naver: Provider
  const make = (fields: Record<string, string> = {}, http: object = FAST_HTTP) =>
    createProvider('naver', {
      fields: { accessKey: emu.accessKey, secretKey: emu.secretKey, region: 'KR', apiBase: emu.url, ...fields },
      profile: 'default',
      http,
      tuning: { naverReadyTimeoutMs: 5000, pollIntervalMs: 50, pageSize: 2 }
    })

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    emu = new NaverEmulator({ creatingMs: 200 })
    await emu.start()
    emu.attachIngest(ingest)
    naver = make()
  })
  afterAll(async () => {
    await emu?.close()
    await ingest?.close()
  })

  it('verifies good keys and refuses bad ones, wrong regions and a skewed clock', async () => {
    await naver.verify()
    await expectError(make({ secretKey: 'wrong-secret-value' }).verify(), 'auth', ['wrong-secret-value'])
    await expectError(make({ accessKey: 'NOPE' }).verify(), 'auth')
    await expectError(make({ region: 'SGN' }).verify(), 'validation')
    const skewed = make({}, { ...FAST_HTTP, now: () => Date.now() + 10 * 60_000 })
    const e = await expectError(skewed.verify(), 'clock_skew')
    expect(e.message).toMatch(/clock/)
  })

  it('the emulator is strict: bad signature, stale timestamp, missing content type', async () => {
    const uri = '/api/v2/channels'
    const sign = (ts: string, secret = emu.secretKey) => createHmac('sha256', secret).update(`GET ${uri}\n${ts}\n${emu.accessKey}`).digest('base64')
    const headers = (ts: string, extra: Record<string, string> = {}) => ({
      'x-ncp-apigw-timestamp': ts,
      'x-ncp-iam-access-key': emu.accessKey,
      'x-ncp-apigw-signature-v2': sign(ts),
      'x-ncp-region_code': 'KR',
      'Content-Type': 'application/json',
      ...extra
    })
    const now = String(Date.now())
    expect((await fetch(emu.url + uri, { headers: headers(now) })).status).toBe(200)
    const badSig = await fetch(emu.url + uri, { headers: headers(now, { 'x-ncp-apigw-signature-v2': sign(now, 'other') }) })
    expect(badSig.status).toBe(401)
    expect(await badSig.json()).toMatchObject({ error: { errorCode: '200', message: 'Authentication Failed' } })
    const old = String(Date.now() - 6 * 60_000)
    expect((await fetch(emu.url + uri, { headers: headers(old) })).status).toBe(401)
    const noType = await fetch(emu.url + uri, { headers: { ...headers(now), 'Content-Type': 'text/plain' } })
    expect(noType.status).toBe(400)
    expect(await noType.json()).toMatchObject({ error: { errorCode: 250003, errorName: 'REQUIRED_HEADER' } })
  })

  it('checks create options before sending, and surfaces the emulator’s own refusals', async () => {
    const before = emu.server.requests.length
    await expectError(naver.createChannel('x', CREATE), 'validation')
    const beforeQualitySets = emu.server.requests.length
    // Without a quality set, the error names the ones the account has (fetched, not guessed).
    await expect(naver.createChannel('good_name', { profileId: 1 })).rejects.toMatchObject({
      code: 'validation',
      value: { field: 'qualitySetId' },
      message: expect.stringContaining('qualitySetId=ID (this account has 1 "Basic (1080p/720p/480p)", 2 "Low latency 720p")')
    })
    expect(emu.server.requests.slice(beforeQualitySets).map((r) => r.path)).toEqual(['/api/v2/qualitySets'])
    await expectError(naver.createChannel('good_name', { ...CREATE, useDvr: true }), 'validation')
    await expectError(naver.createChannel('good_name', { ...CREATE, ingestProtocol: 'SRT', outputProtocol: 'LL_HLS' }), 'validation')
    expect(emu.server.requests.length).toBe(before + 1)
    // A quality set that does not exist is only known to the server.
    await expectError(naver.createChannel('good_name', { ...CREATE, qualitySetId: 99 }), 'not_found')
  })

  it('creates, lists (all pages), gets, and prepares ingest once the channel is READY', async () => {
    const created = await naver.createChannel('onair_show', { ...CREATE, useDvr: true, timemachineMin: 360 })
    expect(created).toMatchObject({ name: 'onair_show', state: 'preparing', rawState: 'CREATING' })
    expect(created.id).toMatch(/^ls-\d{14}-[A-Za-z0-9]{5}$/)
    await naver.createChannel('second', CREATE)
    await naver.createChannel('third', CREATE)
    const all = await naver.listChannels()
    expect(all.map((c) => c.name)).toEqual(expect.arrayContaining(['onair_show', 'second', 'third']))
    expect(all.length).toBe(emu.channels.size) // 3+ channels over pages of 2
    const ingestInfo = await naver.prepareIngest(created.id)
    expect(ingestInfo.rtmpUrl).toBe(`${ingest.base}/live`)
    expect(ingestInfo.streamKey).toBe(emu.channels.get(created.id)?.streamKey)
    expect(ingestInfo.playbackUrl).toMatch(/\.m3u8$/)
    expect(await naver.getChannel(created.id)).toMatchObject({ state: 'idle', rawState: 'READY', details: { useDvr: true } })
    expect((await naver.events(created.id, 0)).map((e) => e.code)).toContain('STREAM_RESERVE')
    await expectError(naver.getChannel('ls-00000000000000-nope1'), 'not_found')
    expect(naver.channelOptions().find((o) => o.name === 'qualitySetId')?.required).toBe(true)
  })

  it('a push turns the channel live; stop blocks it (ended) and cuts the push; prepare lifts the block', async () => {
    const channel = await naver.createChannel('push_test', CREATE)
    const { rtmpUrl, streamKey } = await naver.prepareIngest(channel.id)
    const started = Date.now()
    const push = startPush(rtmpUrl, streamKey, 20)
    expect(await waitForState(naver, channel.id, 'live')).toMatchObject({ raw: 'PUBLISHING' })
    await naver.stop(channel.id)
    expect(await naver.status(channel.id)).toEqual({ state: 'ended', raw: 'BLOCK' })
    const result = await push
    expect(Date.now() - started).toBeLessThan(15_000) // cut by the provider, not run to its end
    expect(result.code).not.toBe(0)
    const codes = (await naver.events(channel.id, started - 1)).map((e) => e.code)
    expect(codes).toEqual(expect.arrayContaining(['PUBLISH_START', 'PUBLISH_END']))
    await naver.stop(channel.id) // already stopped: fine
    await naver.prepareIngest(channel.id)
    expect((await naver.status(channel.id)).raw).toBe('READY')
  })

  it('ends each injected fault in the right typed error', async () => {
    const fast = make({}, FAULT_HTTP)
    emu.server.inject({ kind: 'status', status: 503 }, { times: 1 })
    await fast.verify() // retried
    emu.server.inject({ kind: 'status', status: 503 }, { times: 3 })
    await expectError(fast.verify(), 'server')
    emu.server.inject({ kind: 'status', status: 429, retryAfterS: 0 }, { times: 1 })
    await fast.verify()
    emu.server.inject({ kind: 'status', status: 429, retryAfterS: 1 }, { times: 1, method: 'POST' })
    await expectError(fast.createChannel('limited', CREATE), 'rate_limited')
    emu.server.inject({ kind: 'slow', delayMs: 800 }, { times: 1 })
    await expectError(fast.verify(), 'timeout')
    emu.server.inject({ kind: 'malformed' }, { times: 1 })
    await expectError(fast.verify(), 'bad_response')
    emu.server.inject({ kind: 'reset' }, { times: 3 })
    await expectError(fast.verify(), 'network')
    emu.revokeKey()
    await expectError(fast.listChannels(), 'auth', [emu.secretKey])
  })
})
