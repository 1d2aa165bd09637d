import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import type { LiveStartOptions } from '../../../src/main/core/live/live-service'
import type { PipelineListener, PipelinePlan } from '../../../src/main/core/media/media-pipeline'
import { StreamHandoffService } from '../../../src/main/core/recordings/stream-handoff'
import type { HandoffProgress } from '../../../src/shared/contract'
import { onairError } from '../../../src/shared/errors'
import type { LiveSnapshot } from '../../../src/shared/live'

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e'

/** A live session stand-in on a real bus: start emits preparing → live; the test plays the rest of the show. */
function setup(options: { startError?: boolean; video?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'onair-sh-'))
  const path = join(dir, 'show.mkv')
  writeFileSync(path, Buffer.alloc(1000))
  const bus = new EventBus(new SecretRegistry())
  const progress: HandoffProgress[] = []
  bus.onDidEmit((e, p) => e === 'handoff:progress' && progress.push(p as HandoffProgress))
  const states: string[] = []
  const leases: string[] = []
  let starts: LiveStartOptions[] = []
  const snap = (state: LiveSnapshot['state'], extra: Partial<LiveSnapshot> = {}): LiveSnapshot => ({
    sessionId: 's1',
    state,
    sources: null,
    destinations: [{ id: 'd1', provider: 'custom', profile: 'default', label: 'rtmp://127.0.0.1/live', state }],
    log: [],
    handoff: { path, durationSeconds: 9, positionSeconds: 0 },
    ...extra
  })
  const live = {
    start: async (o: LiveStartOptions) => {
      starts = [...starts, o]
      bus.emit('live:state', snap('preparing'))
      if (options.startError) {
        bus.emit('live:state', snap('failed', { error: { code: 'ingest_unreachable', message: 'No answer', retryable: true } }))
        throw onairError('ingest_unreachable', 'No answer')
      }
      bus.emit('live:state', snap('live'))
      return snap('live')
    },
    stop: async () => {
      bus.emit('live:state', snap('ended'))
      return snap('ended')
    }
  }
  const service = new StreamHandoffService({
    bus,
    live,
    allowedRoot: null,
    probe: async () => ({ durationSeconds: 9, video: options.video ?? 'h264', audio: 'aac' }),
    recordings: {
      get: async (id) => ({ id, path, state: 'complete', durationSeconds: 9 }),
      findByPath: async () => ({ id: ID, state: 'complete' }),
      setState: async (_id, state) => void states.push(state),
      use: (id) => (leases.push(id), () => void leases.splice(leases.indexOf(id), 1))
    }
  })
  const stats = (ms: number) =>
    bus.emit('live:stats', {
      time: Date.now(),
      fps: 30,
      bitrateKbps: 800,
      speed: 1,
      droppedFrames: 0,
      duplicatedFrames: 0,
      mediaTimeMs: ms,
      destinations: [{ id: 'd1', bytesSent: ms * 100, kbps: 800, congestion: 0, droppedFrames: 0, reconnects: 0 }]
    })
  const sourceEnded = () => bus.emit('log:event', { time: Date.now(), level: 'info', code: 'encoder.sourceEnded', message: 'The video file ended.' })
  return { service, bus, live, progress, states, leases, stats, sourceEnded, path, starts: () => starts }
}

const destinations = [{ provider: 'custom' as const, profile: 'default' }]
const tick = () => new Promise((r) => setTimeout(r, 0))

describe('StreamHandoffService', () => {
  it('streams the file as a show in copy mode, tells position / duration, and marks the recording handed_off at its end', async () => {
    const t = setup()
    const first = await t.service.stream({ recording: ID, destinations })
    expect(t.starts()[0]).toMatchObject({ video: `file:${t.path}`, audio: `file:${t.path}`, record: false, handoff: { path: t.path, recordingId: ID } })
    expect(first).toMatchObject({ kind: 'stream', state: 'running', positionSeconds: 0, durationSeconds: 9, recordingId: ID, sessionId: 's1' })
    expect(t.leases).toEqual([ID])
    t.stats(2500)
    t.stats(4000)
    expect(t.progress.map((p) => [p.positionSeconds, p.etaSeconds])).toEqual([
      [2.5, 7],
      [4, 5]
    ])
    expect(t.progress[1]).toMatchObject({ target: 'rtmp://127.0.0.1/live', bytesPerSecond: 100_000 })
    t.sourceEnded()
    await t.live.stop()
    await tick()
    expect(t.progress.at(-1)).toMatchObject({ state: 'done', positionSeconds: 9, etaSeconds: 0 })
    expect(t.states).toEqual(['handed_off'])
    expect(t.leases).toEqual([])
    expect(t.service.current()).toBeNull()
  })

  it('a stream stopped before the end of the file is cancelled: the recording keeps its state', async () => {
    const t = setup()
    const { id } = await t.service.stream({ recording: ID, destinations })
    t.stats(3000)
    expect(t.service.owns(id)).toBe(true)
    expect(await t.service.stop()).toEqual({ cancelled: true, partsLeftOnServer: false })
    await tick()
    expect(t.progress.at(-1)).toMatchObject({ state: 'cancelled', positionSeconds: 3 })
    expect(t.states).toEqual([])
    expect(t.leases).toEqual([])
  })

  it('a start that fails tells it once, lets the recording go and throws the reason', async () => {
    const t = setup({ startError: true })
    await expect(t.service.stream({ recording: ID, destinations })).rejects.toMatchObject({ value: { code: 'ingest_unreachable' } })
    await tick()
    expect(t.progress.map((p) => p.state)).toEqual(['failed'])
    expect(t.progress[0].error?.code).toBe('ingest_unreachable')
    expect(t.leases).toEqual([])
  })

  it('refuses a file it cannot stream as it is before anything connects, and a second stream while one runs', async () => {
    const hevc = setup({ video: 'hevc' })
    await expect(hevc.service.stream({ recording: ID, destinations })).rejects.toMatchObject({ value: { code: 'unsupported', field: 'recording' } })
    expect(hevc.starts()).toEqual([])
    const t = setup()
    await t.service.stream({ recording: ID, destinations })
    await expect(t.service.stream({ recording: ID, destinations })).rejects.toMatchObject({ value: { code: 'already_live' } })
  })

  it('outside the recordings folder, a client that may name only recordings is refused', async () => {
    const t = setup()
    const service = new StreamHandoffService({ bus: t.bus, live: t.live, allowedRoot: mkdtempSync(join(tmpdir(), 'onair-root-')), probe: async () => null })
    await expect(service.stream({ recording: t.path, destinations })).rejects.toMatchObject({ value: { code: 'invalid_request', field: 'recording' } })
    await expect(service.stream({ recording: 'show.mkv', destinations })).rejects.toMatchObject({ message: 'Name a recording by its id.' })
  })
})

describe('the live session in handoff mode', () => {
  it('plans a stream copy of the file: no recording, no preview, no offline mode; the snapshot says how far the file got', async () => {
    let plan: PipelinePlan | undefined
    let listener: PipelineListener | undefined
    const core = createCore({
      shell: 'cli',
      version: 't',
      credentialStore: new MemoryCredentialStore(),
      dataDir: mkdtempSync(join(tmpdir(), 'onair-unit-handoff-')),
      repairRecordings: false,
      pipelineFactory: (p, l) => {
        plan = p
        listener = l
        return {
          start: async () => queueMicrotask(() => p.destinations.forEach((d) => l.onDestinationLive(d.id))),
          stop: async () => l.onEnded(null),
          retryNow: () => {},
          pids: () => []
        }
      }
    })
    const profile = core.services.accounts.addSessionAccount('custom', { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: 'unit-key-abcdef' })
    await core.services.live.start({
      destinations: [{ provider: 'custom', profile }],
      video: 'file:/rec/show.mkv',
      audio: 'file:/rec/show.mkv',
      record: false,
      offline: true,
      handoff: { path: '/rec/show.mkv', durationSeconds: 9 }
    })
    expect(plan).toMatchObject({ copy: true, preview: false, recordingPath: null })
    expect(plan?.offline).toBeUndefined()
    listener?.onStats({ fps: 30, bitrateKbps: 800, speed: 1, droppedFrames: 0, duplicatedFrames: 0, mediaTimeMs: 4260, destinations: [] })
    expect(core.services.live.snapshot().handoff).toEqual({ path: '/rec/show.mkv', durationSeconds: 9, positionSeconds: 4.3 })
    await core.services.live.stop()
  })
})

describe('a file that ends before any destination went live', () => {
  it('fails the start with not_live and nothing throws afterwards (the stop the file end asked for finds the session failed)', async () => {
    let listener: PipelineListener | undefined
    const core = createCore({
      shell: 'cli',
      version: 't',
      credentialStore: new MemoryCredentialStore(),
      dataDir: mkdtempSync(join(tmpdir(), 'onair-unit-handoff-end-')),
      repairRecordings: false,
      pipelineFactory: (_p, l) => {
        listener = l
        // The ingest never answers; the copy reaches the end of the file on its own.
        return { start: async () => void setTimeout(() => l.onEnded(null), 5), stop: async () => {}, retryNow: () => {}, pids: () => [] }
      }
    })
    const rejections: unknown[] = []
    const onRejection = (e: unknown) => rejections.push(e)
    process.on('unhandledRejection', onRejection)
    try {
      const profile = core.services.accounts.addSessionAccount('custom', { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: 'unit-key-abcdef' })
      const start = core.services.live.start({
        destinations: [{ provider: 'custom', profile }],
        video: 'file:/rec/show.mkv',
        audio: 'file:/rec/show.mkv',
        record: false,
        handoff: { path: '/rec/show.mkv', durationSeconds: 1 }
      })
      await expect(start).rejects.toMatchObject({ value: { code: 'not_live' } })
      await new Promise((r) => setTimeout(r, 20))
      expect(core.services.live.snapshot().state).toBe('failed')
      expect(rejections).toEqual([])
      expect(listener).toBeDefined()
    } finally {
      process.off('unhandledRejection', onRejection)
    }
  })
})
