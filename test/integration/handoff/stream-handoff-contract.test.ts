import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { HandoffProgress } from '../../../src/shared/contract'
import { NaverEmulator } from '../../emulators/naver/naver-emulator'
import { startRtmpIngest, type RtmpIngest } from '../../fixtures/nginx-rtmp'

const tick = () => new Promise((r) => setTimeout(r, 0))

/** The contract's side of a stream handoff, in process: the real file check (ffprobe), a pipeline stand-in. */
describe('handoff:stream through the contract', () => {
  it('resolves once live with the stream in handoff:list; handoff:cancel with its id ends the show, the stream cancelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onair-unit-handoff-contract-'))
    const file = join(dir, 'show.mkv')
    const made = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x90:rate=10',
      '-f',
      'lavfi',
      '-i',
      'sine',
      '-t',
      '1',
      '-c:v',
      'libx264',
      '-c:a',
      'aac',
      file
    ])
    expect(made.status).toBe(0)
    const core = createCore({
      shell: 'cli',
      version: 't',
      credentialStore: new MemoryCredentialStore(),
      dataDir: dir,
      repairRecordings: false,
      pipelineFactory: (p, l) => ({
        start: async () => queueMicrotask(() => p.destinations.forEach((d) => l.onDestinationLive(d.id))),
        stop: async () => l.onEnded(null),
        retryNow: () => {},
        pids: () => []
      })
    })
    const progress: HandoffProgress[] = []
    core.onDidEmit((e, p) => e === 'handoff:progress' && progress.push(p as HandoffProgress))
    const profile = core.services.accounts.addSessionAccount('custom', { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: 'unit-key-abcdef' })
    const started = await core.dispatch('handoff:stream', { recording: file, destinations: [{ provider: 'custom', profile }] })
    if (!started.ok) throw new Error(started.error.message)
    expect(started.value).toMatchObject({ kind: 'stream', state: 'running', path: file, durationSeconds: 1 })
    const listed = await core.dispatch('handoff:list', {})
    expect(listed.ok && listed.value.map((p) => p.id)).toEqual([started.value.id])
    expect(await core.dispatch('handoff:cancel', { id: started.value.id })).toEqual({ ok: true, value: { cancelled: true, partsLeftOnServer: false } })
    expect(core.services.live.snapshot().state).toBe('ended')
    await tick()
    expect(progress.at(-1)).toMatchObject({ id: started.value.id, state: 'cancelled' })
  })
})

describe('handoff:stream to a provider channel', () => {
  const naver = new NaverEmulator()
  let ingest: RtmpIngest
  beforeAll(async () => {
    ;[ingest] = await Promise.all([startRtmpIngest(), naver.start()])
    // The ingest asks the emulator about every publish: only the channel's own key is taken.
    naver.attachIngest(ingest)
  })
  afterAll(async () => {
    await Promise.all([ingest?.close(), naver.close()])
  })

  it('streams a 3 s file to a NAVER channel (its API, its ingest key) with the real pipeline: on air, then the file sent whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onair-handoff-naver-'))
    const file = join(dir, 'show.mkv')
    const made = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=30',
      '-f',
      'lavfi',
      '-i',
      'sine',
      '-t',
      '3',
      '-g',
      '30',
      '-c:v',
      'libx264',
      '-c:a',
      'aac',
      file
    ])
    expect(made.status).toBe(0)
    const core = createCore({
      shell: 'cli',
      version: 't',
      credentialStore: new MemoryCredentialStore(),
      dataDir: dir,
      repairRecordings: false,
      providerTuning: { http: { timeoutMs: 3000, retries: 1, backoffBaseMs: 20 }, tuning: { pollIntervalMs: 50, naverReadyTimeoutMs: 3000 } }
    })
    const progress: HandoffProgress[] = []
    core.onDidEmit((e, p) => e === 'handoff:progress' && progress.push(p as HandoffProgress))
    await core.dispatch('accounts:save', { provider: 'naver', fields: { accessKey: naver.accessKey, secretKey: naver.secretKey, apiBase: naver.url } })
    const created = await core.dispatch('channels:create', { provider: 'naver', name: 'handoff_1', options: { qualitySetId: 1, profileId: 7 } })
    if (!created.ok) throw new Error(created.error.message)
    const started = await core.dispatch('handoff:stream', { recording: file, destinations: [{ provider: 'naver', channelId: created.value.id }] })
    if (!started.ok) throw new Error(started.error.message)
    const channel = naver.channels.get(created.value.id)
    await ingest.waitForPublish(channel?.streamKey as string)
    await expect.poll(() => progress.at(-1)?.state, { timeout: 10_000 }).toBe('done')
    expect(progress.at(-1)).toMatchObject({ kind: 'stream', positionSeconds: 3, durationSeconds: 3 })
    expect(progress.at(-1)?.target).toContain('handoff_1')
    expect(core.services.live.snapshot().state).toBe('ended')
    await ingest.waitForPublishDone(channel?.streamKey as string)
  }, 30_000)
})
