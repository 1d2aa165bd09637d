import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProvider } from '../../../src/main/core/providers/provider-registry'
import type { Provider } from '../../../src/main/core/providers/provider'
import { startRtmpIngest, type RtmpIngest } from '../../fixtures/nginx-rtmp'
import { waitFor } from '../../fixtures/ports'
import { SigmaEmulator } from '../../emulators/sigma/sigma-emulator'
import { FAST_HTTP, FAULT_HTTP, expectError, startPush, waitForState } from './provider-test-kit'

describe('Sigma Livestream client against its emulator', () => {
  let ingest: RtmpIngest
  let emu: SigmaEmulator
  let sigma: Provider
  const make = (fields: Record<string, string> = {}, http: object = FAST_HTTP) =>
    createProvider('sigma', {
      fields: { appId: emu.appId, username: emu.username, secret: emu.secret, apiBase: emu.url, ...fields },
      profile: 'default',
      http,
      tuning: { pageSize: 2 }
    })

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    // stopTimeout seconds scaled to 20 ms each, so a 30 s grace takes 0.6 s.
    emu = new SigmaEmulator({ stopTimeoutScaleMs: 20, processingMs: 50 })
    await emu.start()
    emu.attachIngest(ingest)
    sigma = make()
  })
  afterAll(async () => {
    await emu?.close()
    await ingest?.close()
  })

  it('verifies, and refuses a wrong secret, a wrong app and no app header', async () => {
    await sigma.verify()
    await expectError(make({ secret: 'not-the-secret-123' }).verify(), 'auth', ['not-the-secret-123'])
    await expectError(make({ appId: 'someone-else' }).verify(), 'forbidden')
    const basic = `Basic ${Buffer.from(`${emu.username}:${emu.secret}`).toString('base64')}`
    const noApp = await fetch(`${emu.url}/api/livestream/sessions`, { headers: { Authorization: basic } })
    expect(noApp.status).toBe(400)
    const text = await fetch(`${emu.url}/api/livestream/channels`, {
      method: 'POST',
      headers: { Authorization: basic, 'X-App-Id': emu.appId, 'Content-Type': 'text/plain' },
      body: '{}'
    })
    expect(text.status).toBe(415)
  })

  it('creates with documented options, refuses out-of-range ones, lists all pages and gets', async () => {
    await expectError(sigma.createChannel('bad', { mode: 'super-low' }), 'validation')
    await expectError(sigma.createChannel('bad', { stopTimeout: -1 }), 'validation')
    const e = await expectError(sigma.createChannel('   ', {}), 'validation')
    expect(e.value.field).toBe('name')
    const created = await sigma.createChannel('Onair show', { mode: 'ultra-low-latency', transcodeProfile: 'p-720,p-480', catchup: 'true', stopTimeout: 30 })
    expect(created).toMatchObject({ name: 'Onair show', state: 'idle', details: { mode: 'ultra-low-latency', transcodeProfile: 'p-720,p-480', catchup: true } })
    await sigma.createChannel('Two', {})
    await sigma.createChannel('Three', { type: 'forward' })
    const all = await sigma.listChannels()
    expect(all).toHaveLength(emu.channels.size)
    expect(await sigma.getChannel(created.id)).toMatchObject({ id: created.id, rawState: 'idle' })
    await expectError(sigma.getChannel('00000000-0000-0000-0000-000000000000'), 'not_found')
  })

  it('prepare calls start (tolerating "already started"); a push goes init → live; stop ends the session', async () => {
    const channel = await sigma.createChannel('Live flow', { stopTimeout: 30 })
    const first = await sigma.prepareIngest(channel.id)
    expect(first.rtmpUrl).toBe(`${ingest.base}/live`)
    // The channel's latency mode sets the encoder's keyframe interval (2 s for normal).
    expect(first.latency).toBe('normal')
    const again = await sigma.prepareIngest(channel.id) // start a second time: tolerated
    expect(again.streamKey).toBe(first.streamKey)
    expect(emu.channels.get(channel.id)?.startCalled).toBe(true)
    expect(await sigma.status(channel.id)).toEqual({ state: 'idle', raw: 'idle' })

    const push = startPush(first.rtmpUrl, first.streamKey, 20)
    const live = await waitForState(sigma, channel.id, 'live')
    expect(live).toMatchObject({ raw: 'live', health: 'excellent' })
    const codes = (await sigma.events(channel.id, 0)).map((e) => e.code)
    expect(codes).toEqual(['init', 'published', 'process', 'stable'])
    await sigma.stop(channel.id)
    expect(await sigma.status(channel.id)).toEqual({ state: 'ended', raw: 'ended' })
    expect((await push).code).not.toBe(0)
    const ended = (await sigma.events(channel.id, 0)).find((e) => e.code === 'ended')
    expect(ended).toMatchObject({ message: 'Kênh đã kết thúc', raw: { actor: 'user' } })
  })

  it('an encoder that stops gives unpublished, then ended after stopTimeout', async () => {
    const channel = await sigma.createChannel('Short push', { stopTimeout: 10 })
    const { rtmpUrl, streamKey } = await sigma.prepareIngest(channel.id)
    const push = startPush(rtmpUrl, streamKey, 2)
    await waitForState(sigma, channel.id, 'live')
    expect((await push).code).toBe(0)
    await waitForState(sigma, channel.id, 'ended', 10_000)
    const codes = (await sigma.events(channel.id, 0)).map((e) => e.code)
    expect(codes).toEqual(expect.arrayContaining(['stable', 'unpublished', 'ended']))
    // Sessions are never reused: a new push opens a new one.
    await sigma.prepareIngest(channel.id)
    const again = startPush(rtmpUrl, streamKey, 1)
    await waitFor(() => [...emu.sessions.values()].filter((s) => s.channelId === channel.id).length === 2, 10_000, 'a second session')
    await again
  })

  it('ends each injected fault in the right typed error', async () => {
    const fast = make({}, FAULT_HTTP)
    emu.server.inject({ kind: 'status', status: 502 }, { times: 2 })
    await fast.verify()
    emu.server.inject({ kind: 'status', status: 500 }, { times: 3 })
    await expectError(fast.verify(), 'server')
    emu.server.inject({ kind: 'status', status: 429, retryAfterS: 0 }, { times: 1 })
    await fast.verify()
    emu.server.inject({ kind: 'status', status: 503 }, { times: 1, method: 'PATCH' })
    await expectError(fast.prepareIngest([...emu.channels.keys()][0]), 'server')
    emu.server.inject({ kind: 'slow', delayMs: 800 }, { times: 1 })
    await expectError(fast.verify(), 'timeout')
    emu.server.inject({ kind: 'malformed' }, { times: 1 })
    await expectError(fast.listChannels(), 'bad_response')
    emu.revokeCredential()
    await expectError(fast.verify(), 'auth', [emu.secret])
  })
})
