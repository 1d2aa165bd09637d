import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProvider } from '../../../src/main/core/providers/provider-registry'
import type { Provider } from '../../../src/main/core/providers/provider'
import { startRtmpIngest, type RtmpIngest } from '../../fixtures/nginx-rtmp'
import { LivestreamApiEmulator } from '../../emulators/livestream-api/livestream-api-emulator'
import { FAST_HTTP, FAULT_HTTP, expectError, startPush, waitForState } from './provider-test-kit'

describe('Livestream API v1.0-poc client against its emulator', () => {
  let ingest: RtmpIngest
  let emu: LivestreamApiEmulator
  let poc: Provider
  const make = (target: LivestreamApiEmulator, fields: Record<string, string> = {}, http: object = FAST_HTTP) =>
    createProvider('livestream-api', {
      fields: { tokenId: target.tokenId, tokenSecret: target.tokenSecret, apiBase: target.url, ...fields },
      profile: 'default',
      http,
      tuning: { pageSize: 2 }
    })

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    // 1 s of stopTimeout/expire = 20 ms here.
    emu = new LivestreamApiEmulator({ timeScaleMs: 20 })
    await emu.start()
    emu.attachIngest(ingest)
    poc = make(emu)
  })
  afterAll(async () => {
    await emu?.close()
    await ingest?.close()
  })

  it('needs an API address, verifies, and refuses wrong tokens', async () => {
    expect(() => createProvider('livestream-api', { fields: { tokenId: 'a', tokenSecret: 'b' }, profile: 'default' })).toThrow(/address/)
    await poc.verify()
    await expectError(make(emu, { tokenSecret: 'wrong-token-secret' }).verify(), 'auth', ['wrong-token-secret'])
    const res = await fetch(`${emu.url}/livestream/live`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${emu.tokenId}:${emu.tokenSecret}`).toString('base64')}`, 'Content-Type': 'text/plain' },
      body: 'name=x'
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ ec: 400 })
  })

  it('checks every documented range before sending and the server enforces them too', async () => {
    for (const [field, value] of [
      ['thumbWidth', 49],
      ['thumbHeight', 1081],
      ['thumbInterval', 101],
      ['expire', 59],
      ['stopTimeout', 1801]
    ] as const) {
      const e = await expectError(poc.createChannel('x', { [field]: value }), 'validation')
      expect(e.value.field).toBe(field)
    }
    await expectError(poc.createChannel('x', { transcodeProfile: '4k' }), 'validation')
    const basic = `Basic ${Buffer.from(`${emu.tokenId}:${emu.tokenSecret}`).toString('base64')}`
    const raw = await fetch(`${emu.url}/livestream/live`, {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'x', thumbWidth: 4000 })
    })
    expect(raw.status).toBe(422)
    expect(await raw.json()).toEqual({ ec: 422, data: null, msg: 'Wrong param: thumbWidth' })
  })

  it('creates, lists across pages (0- and 1-based servers, bare or enveloped), gets', async () => {
    const created = await poc.createChannel('Match day', {
      mode: 'low-latency',
      dvr: true,
      thumbnail: true,
      thumbWidth: 640,
      tags: 'bong-da,du-lich',
      stopTimeout: 30
    })
    expect(created).toMatchObject({ name: 'Match day', state: 'idle', rawState: 'init', details: { mode: 'low-latency', tags: 'bong-da,du-lich' } })
    await poc.createChannel('Second', {})
    await poc.createChannel('Third', {})
    expect((await poc.listChannels()).map((c) => c.name).sort()).toEqual(['Match day', 'Second', 'Third'])
    for (const options of [
      { pageBase: 1 as const, envelope: 'always' as const },
      { pageBase: 0 as const, envelope: 'always' as const }
    ]) {
      const other = new LivestreamApiEmulator(options)
      await other.start()
      const client = make(other)
      for (const n of ['a', 'b', 'c', 'd', 'e']) await client.createChannel(n, {})
      expect((await client.listChannels()).map((c) => c.name).sort()).toEqual(['a', 'b', 'c', 'd', 'e'])
      await other.close()
    }
    expect(await poc.getChannel(created.id)).toMatchObject({ id: created.id })
    await expectError(poc.getChannel('999'), 'not_found')
  })

  it('a push turns the stream live with health; stop ends it; the next prepare opens a new stream with the same key', async () => {
    const created = await poc.createChannel('Push', { stopTimeout: 600, mode: 'low-latency' })
    const first = await poc.prepareIngest(created.id)
    // A low-latency stream: the encoder puts a keyframe every second.
    expect(first.latency).toBe('low')
    expect(first.channelId).toBeUndefined()
    const push = startPush(first.rtmpUrl, first.streamKey, 20)
    expect(await waitForState(poc, created.id, 'live')).toMatchObject({ raw: 'live', health: 'excellent' })
    emu.setHealth(created.id, 'unstable')
    expect((await poc.status(created.id)).health).toBe('unstable')
    const codes = (await poc.events(created.id, 0)).map((e) => e.code)
    expect(codes).toEqual(expect.arrayContaining(['init', 'live', 'health.unstable']))
    await poc.stop(created.id)
    expect(await poc.status(created.id)).toEqual({ state: 'ended', raw: 'ended' })
    expect((await push).code).not.toBe(0)
    // `ended` is terminal: a push to it is refused, so prepare opens a new stream reusing the token.
    const next = await poc.prepareIngest(created.id)
    expect(next.channelId).toBeDefined()
    expect(next.channelId).not.toBe(created.id)
    expect(next.streamKey).toBe(first.streamKey)
    const again = startPush(next.rtmpUrl, next.streamKey, 1)
    await waitForState(poc, next.channelId as string, 'live')
    expect((await again).code).toBe(0)
    // After the push stops, stopTimeout (here 1 s = 20 ms) ends it.
  })

  it('an encoder that stops ends the stream after stopTimeout', async () => {
    const created = await poc.createChannel('Short', { stopTimeout: 10 })
    const { rtmpUrl, streamKey } = await poc.prepareIngest(created.id)
    const push = startPush(rtmpUrl, streamKey, 2)
    await waitForState(poc, created.id, 'live')
    await push
    await waitForState(poc, created.id, 'ended', 10_000)
  })

  it('reads errors inside a 200 envelope and ends each injected fault in the right typed error', async () => {
    const fast = make(emu, {}, FAULT_HTTP)
    emu.server.inject({ kind: 'status', status: 503 }, { times: 2 })
    await fast.verify()
    emu.server.inject({ kind: 'status', status: 500 }, { times: 3 })
    await expectError(fast.verify(), 'server')
    emu.server.inject({ kind: 'status', status: 429, retryAfterS: 5 }, { times: 1 })
    await expectError(fast.verify(), 'rate_limited') // longer than this client waits
    emu.server.inject({ kind: 'slow', delayMs: 800 }, { times: 1 })
    await expectError(fast.verify(), 'timeout')
    emu.server.inject({ kind: 'malformed' }, { times: 1 })
    await expectError(fast.verify(), 'bad_response')
    emu.revokeToken()
    await expectError(fast.verify(), 'auth', [emu.tokenSecret])
  })
})
