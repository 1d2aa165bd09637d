import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FfmpegLocator } from '../../../src/main/core/media/ffmpeg-locator'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { MediaPipelineFactory } from '../../../src/main/core/media/media-pipeline'
import { OnairCore } from '../../../src/main/core/onair-core'
import type { EventName } from '../../../src/shared/contract'
import { onairError } from '../../../src/shared/errors'

/** A pipeline that goes live at once and ends on stop, so the core can be tested without ffmpeg. */
const instantPipeline: MediaPipelineFactory = (plan, listener) => ({
  start: async () => {
    queueMicrotask(() => plan.destinations.forEach((d) => listener.onDestinationLive(d.id)))
  },
  stop: async () => listener.onEnded(null),
  retryNow: () => {},
  pids: () => []
})

function core(pipelineFactory = instantPipeline) {
  return createCore({
    shell: 'cli',
    version: '0.0.0-test',
    credentialStore: new MemoryCredentialStore(),
    dataDir: '/tmp/onair-unit',
    pipelineFactory,
    env: { ...process.env }
  })
}

describe('OnairCore.dispatch', () => {
  it('validates every request against the contract and names the field', async () => {
    const c = core()
    expect(await c.dispatch('accounts:save', { provider: 'twitch', fields: {} })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'provider' }
    })
    expect(await c.dispatch('accounts:save', { provider: 'custom', profile: '../etc', fields: {} })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'profile' }
    })
    expect(await c.dispatch('live:start', { destinations: [{ provider: 'custom' }], video: 'rm -rf /' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'video' }
    })
    expect(await c.dispatch('app:info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await c.dispatch('nope:nope' as never, {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })

  it('goes live and ends, emitting state events, and never shows the key', async () => {
    const c = core()
    const seen: Array<[EventName, unknown]> = []
    c.onDidEmit((event, payload) => seen.push([event, payload]))
    const saved = await c.dispatch('accounts:save', { provider: 'custom', fields: { serverUrl: 'rtmp://127.0.0.1:1/app', streamKey: 'unit-secret-key-1' } })
    expect(saved.ok).toBe(true)
    const started = await c.dispatch('live:start', { destinations: [{ provider: 'custom' }], record: false })
    // 'testsrc' needs lavfi: this machine's ffmpeg has it, and the pipeline is instant.
    expect(started).toMatchObject({ ok: true, value: { state: 'live' } })
    const stopped = await c.dispatch('live:stop', {})
    expect(stopped).toMatchObject({ ok: true, value: { state: 'ended' } })
    const states = seen.filter(([e]) => e === 'live:state').map(([, p]) => (p as { state: string }).state)
    expect(states).toEqual(['preparing', 'connecting', 'live', 'ending', 'ended'])
    expect(JSON.stringify(seen)).not.toContain('unit-secret-key-1')
    expect(JSON.stringify(saved)).not.toContain('unit-secret-key-1')
  })

  it('reports a pipeline failure as a typed, redacted error and a failed state', async () => {
    const failing: MediaPipelineFactory = (plan, listener) => ({
      start: async () => {
        queueMicrotask(() => listener.onEnded(onairError('ingest_rejected_key', `refused ${plan.destinations[0].rtmp.publishUrl}`)))
      },
      stop: async () => {},
      retryNow: () => {},
      pids: () => []
    })
    const c = core(failing)
    await c.dispatch('accounts:save', { provider: 'custom', fields: { serverUrl: 'rtmp://127.0.0.1:1/app', streamKey: 'unit-secret-key-2' } })
    const started = await c.dispatch('live:start', { destinations: [{ provider: 'custom' }], record: false })
    expect(started).toMatchObject({ ok: false, error: { code: 'ingest_rejected_key' } })
    expect(JSON.stringify(started)).not.toContain('unit-secret-key-2')
    expect((await c.dispatch('live:snapshot', {})) as unknown).toMatchObject({ ok: true, value: { state: 'failed', error: { code: 'ingest_rejected_key' } } })
  })

  it('refuses a second session while one runs', async () => {
    const c = core()
    await c.dispatch('accounts:save', { provider: 'custom', fields: { serverUrl: 'rtmp://127.0.0.1:1/app', streamKey: 'k-12345' } })
    await c.dispatch('live:start', { destinations: [{ provider: 'custom' }], record: false })
    expect(await c.dispatch('live:start', { destinations: [{ provider: 'custom' }], record: false })).toMatchObject({
      ok: false,
      error: { code: 'already_live' }
    })
    await c.shutdown()
  })
})

describe('recording file names', () => {
  it('keep the channel name in any script and drop what a file system may refuse', async () => {
    const { parseRtmpDestination } = await import('../../../src/shared/rtmp-url')
    const { LiveService } = await import('../../../src/main/core/live/live-service')
    const c = core()
    const label = 'NAVER Cloud Live Station · 방송_채널1 / Kênh: 1?'
    const live = new LiveService({
      bus: c.services.bus,
      secrets: c.services.secrets,
      ingest: { resolve: async () => ({ label, rtmp: parseRtmpDestination('rtmp://127.0.0.1:1/app', 'k-123456') }) } as never,
      locator: new FfmpegLocator(),
      pipelineFactory: instantPipeline,
      recordingsDir: '/tmp/onair-unit'
    })
    const recordDir = mkdtempSync(join(tmpdir(), 'onair-names-'))
    const snap = await live.start({
      destinations: [{ provider: 'naver', profile: 'default', channelId: 'ls-1' }],
      video: 'testsrc',
      audio: 'sine',
      record: true,
      recordDir
    })
    expect(snap.recordingPath).toMatch(/\/\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-NAVER-Cloud-Live-Station-방송_채널1-Kênh-1\.mkv$/)
    await live.stop()
    rmSync(recordDir, { recursive: true, force: true })
  })
})

describe('channels:setIngest', () => {
  it('keeps the key out of its errors without growing the secret registry, however often a client calls it', async () => {
    const c = core()
    await c.dispatch('accounts:save', {
      provider: 'kollus',
      fields: { serviceAccountKey: 'sak-unit', accessToken: 'token-unit-1234', apiBase: 'http://127.0.0.1:9' }
    })
    const channels = {
      list: async () => [],
      get: async () => ({ id: 'x', name: 'x', state: 'idle' }),
      create: async () => ({ id: 'x', name: 'x', state: 'idle' }),
      setIngest: async (_p: string, _pr: string, _id: string, server: string, key: string) => {
        throw onairError('bad_response', `The ingest ${server} refused ${key}`)
      }
    }
    const guarded = new OnairCore({ ...c.services, channels })
    const before = c.services.secrets.size
    for (let i = 0; i < 100; i++) {
      const key = `hostile-key-${i}-${'z'.repeat(20)}`
      const result = await guarded.dispatch('channels:setIngest', { provider: 'kollus', channelId: 'ch', serverUrl: 'rtmp://127.0.0.1/app', streamKey: key })
      expect(result).toMatchObject({ ok: false, error: { code: 'bad_response' } })
      expect(JSON.stringify(result)).not.toContain(key)
    }
    expect(c.services.secrets.size).toBe(before)
  })
})
