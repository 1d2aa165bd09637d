import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import type { IngestResolver, ResolvedIngest } from '../../../src/main/core/live/ingest-resolver'
import { LiveService } from '../../../src/main/core/live/live-service'
import type { LatencyMode } from '../../../src/main/core/media/encoder-args'
import { FfmpegLocator } from '../../../src/main/core/media/ffmpeg-locator'
import type { MediaPipelineFactory, PipelinePlan } from '../../../src/main/core/media/media-pipeline'
import type { LiveDestination } from '../../../src/shared/live'
import { OUTPUT_PRESETS } from '../../../src/shared/output-presets'
import { parseRtmpDestination } from '../../../src/shared/rtmp-url'

const dir = mkdtempSync(join(tmpdir(), 'onair-live-output-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A pipeline that goes live at once and keeps the plan it was given. */
function capturing() {
  const plans: PipelinePlan[] = []
  const factory: MediaPipelineFactory = (plan, listener) => {
    plans.push(plan)
    return {
      start: async () => queueMicrotask(() => plan.destinations.forEach((d) => listener.onDestinationLive(d.id))),
      stop: async () => listener.onEnded(null),
      retryNow: () => {},
      pids: () => []
    }
  }
  return { plans, factory }
}

describe('live:start encodes at the saved output', () => {
  it('uses the saved output, or the one in the request', async () => {
    const { plans, factory } = capturing()
    const core = createCore({
      shell: 'cli',
      version: '0',
      credentialStore: new MemoryCredentialStore(),
      dataDir: dir,
      pipelineFactory: factory,
      env: { ...process.env }
    })
    await core.dispatch('accounts:save', { provider: 'custom', fields: { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: 'key-123456' } })
    const go = async (extra: object = {}) => {
      const started = await core.dispatch('live:start', { destinations: [{ provider: 'custom' }], record: false, ...extra })
      expect(started.ok).toBe(true)
      await core.dispatch('live:stop', {})
      return plans.at(-1)
    }

    // Nothing saved: the default preset (720p30 at 3500 kbps), the encoder picked automatically.
    expect(await go()).toMatchObject({ output: { width: 1280, height: 720, fps: 30, videoKbps: 3500 }, encoder: 'auto', latency: 'normal' })

    await core.dispatch('settings:set', { output: { preset: '1080p30', encoder: 'libx264' } })
    expect(await go()).toMatchObject({ output: { ...OUTPUT_PRESETS['1080p30'] }, encoder: 'libx264' })

    const custom = { preset: 'custom', width: 960, height: 540, fps: 25, videoKbps: 2000, encoder: 'auto' }
    expect(await go({ output: custom })).toMatchObject({ output: { width: 960, height: 540, fps: 25, videoKbps: 2000 }, encoder: 'auto' })
    expect(await core.dispatch('live:start', { destinations: [{ provider: 'custom' }], output: { ...custom, fps: 240 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'output.fps' }
    })
  })
})

describe('encoders:list', () => {
  it('offers the encoders that work on this computer, libx264 last', async () => {
    const core = createCore({ shell: 'serve', version: '0', credentialStore: new MemoryCredentialStore(), dataDir: dir, env: { ...process.env } })
    const listed = await core.dispatch('encoders:list', {})
    expect(listed.ok).toBe(true)
    if (listed.ok) expect(listed.value.encoders.at(-1)).toBe('libx264')
  })
})

describe('the recording goes to the folder chosen in the settings', () => {
  it('records there, and in the data dir’s folder when none is chosen', async () => {
    const { factory } = capturing()
    const core = createCore({
      shell: 'serve',
      version: '0',
      credentialStore: new MemoryCredentialStore(),
      dataDir: dir,
      pipelineFactory: factory,
      env: { ...process.env }
    })
    await core.dispatch('accounts:save', { provider: 'custom', fields: { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: 'key-123456' } })
    const recordingOf = async () => {
      const started = await core.dispatch('live:start', { destinations: [{ provider: 'custom' }], record: true })
      await core.dispatch('live:stop', {})
      return started.ok ? started.value.recordingPath : started.error.message
    }
    expect(await recordingOf()).toMatch(new RegExp(`^${join(dir, 'recordings')}/`))
    const chosen = join(dir, 'my shows')
    await core.dispatch('settings:set', { recording: { folder: chosen } })
    expect(await recordingOf()).toMatch(new RegExp(`^${chosen}/`))
  })
})

describe('the keyframe interval follows the channels’ latency mode', () => {
  // One probe of ffmpeg for all of them.
  const locator = new FfmpegLocator()
  async function latencyFor(modes: Array<LatencyMode | undefined>) {
    const { plans, factory } = capturing()
    const ingest = {
      resolve: async (t: LiveDestination): Promise<ResolvedIngest> => {
        const latency = modes[Number(t.channelId)]
        return {
          label: `ch ${t.channelId}`,
          rtmp: parseRtmpDestination('rtmp://127.0.0.1:1935/live', `key-${t.channelId}-123456`),
          ...(latency ? { latency } : {})
        }
      }
    } as unknown as IngestResolver
    const secrets = new SecretRegistry()
    const live = new LiveService({ bus: new EventBus(secrets), secrets, ingest, locator, pipelineFactory: factory, recordingsDir: dir })
    await live.start({
      destinations: modes.map((_, i) => ({ provider: 'sigma', profile: 'default', channelId: String(i) })),
      video: 'testsrc',
      audio: 'sine',
      record: false
    })
    await live.stop()
    return plans[0].latency
  }

  it.each([
    [[undefined], 'normal'],
    [['normal'], 'normal'],
    [['low'], 'low'],
    [['normal', 'ultra-low'], 'ultra-low']
  ] as const)('channels in modes %j → %s', async (modes, latency) => {
    expect(await latencyFor([...modes])).toBe(latency)
  })
})
