import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import type { FfmpegLocator } from '../../../src/main/core/media/ffmpeg-locator'
import type { PipelineListener } from '../../../src/main/core/media/media-pipeline'
import { RecordService, type RecordPipelineFactory } from '../../../src/main/core/recordings/record-service'
import { RecordingLibrary } from '../../../src/main/core/recordings/recording-library'
import { RecordingStore } from '../../../src/main/core/recordings/recording-store'
import type { RecordSnapshot } from '../../../src/shared/contract'
import type { RecordingStatus } from '../../../src/shared/live'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A pipeline that writes its file at start and reports what the test says it encoded. */
function fakePipeline(frames: number, told?: (path: string) => RecordingStatus) {
  let listener: PipelineListener | null = null
  let path = ''
  const factory: RecordPipelineFactory = (plan, l) => {
    listener = l
    path = plan.recordingPath as string
    return {
      start: async () => writeFileSync(path, Buffer.alloc(5000)),
      stop: async () => {},
      retryNow: () => {},
      pids: () => [],
      framesEncoded: () => frames,
      recording: () => (told ? told(path) : { path, complete: true, seconds: 3 })
    }
  }
  return { factory, listener: () => listener as PipelineListener }
}

function setup(factory: RecordPipelineFactory, options: { live?: boolean; slowLocate?: Promise<void>; libraryDir?: (dir: string) => string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'onair-recsvc-'))
  dirs.push(dir)
  const bus = new EventBus(new SecretRegistry())
  const libraryDir = options.libraryDir?.(dir) ?? join(dir, 'library')
  const library = new RecordingLibrary({ store: new RecordingStore(libraryDir), bus, ffmpeg: async () => 'ffmpeg' })
  const locator = {
    locate: async () => {
      await options.slowLocate
      return { path: 'ffmpeg', version: '6.0', devices: new Set(), encoders: new Set(['libx264']), muxers: new Set() }
    }
  } as unknown as FfmpegLocator
  const service = new RecordService({
    bus,
    locator,
    library,
    pipelineFactory: factory,
    recordingsDir: join(dir, 'recordings'),
    liveActive: () => options.live ?? false
  })
  const states: string[] = []
  const logs: string[] = []
  bus.onDidEmit((event, payload) => {
    if (event === 'record:state') states.push((payload as RecordSnapshot).state)
    if (event === 'record:log') logs.push((payload as { code: string }).code)
  })
  return { service, library, states, logs, dir }
}

describe('RecordService: onair record behind the contract', () => {
  it('starting → recording (in the library, in use) → ending → ended (complete, with its length)', async () => {
    const { service, library, states } = setup(fakePipeline(90).factory)
    const started = await service.start({ video: 'testsrc', audio: 'none' })
    expect(started.state).toBe('recording')
    const [entry] = await library.list()
    expect(entry).toMatchObject({ kind: 'record', state: 'recording', inUse: true, path: started.recordingPath, sessionId: started.sessionId })
    const end = await service.stop()
    expect(end).toMatchObject({ state: 'ended', recording: { complete: true, seconds: 3 }, recordingPath: started.recordingPath })
    expect(states).toEqual(['starting', 'recording', 'ending', 'ended'])
    expect(await library.get(entry.id)).toMatchObject({ state: 'complete', durationSeconds: 3, inUse: false })
    await expect(service.start({ video: 'testsrc', audio: 'none' })).resolves.toMatchObject({ state: 'recording' })
    await service.stop()
  })

  it('a source that gave no picture: failed with source_unavailable, the header-only file removed and not in the library', async () => {
    const { service, library } = setup(fakePipeline(0).factory)
    const started = await service.start({ video: 'testsrc', audio: 'none' })
    const end = await service.stop()
    expect(end).toMatchObject({ state: 'failed', error: { code: 'source_unavailable' } })
    expect(end.recording).toBeUndefined()
    expect(existsSync(started.recordingPath as string)).toBe(false)
    expect(await library.list()).toEqual([])
  })

  it('a recording that can no longer grow ends the show by itself, says why once, and is interrupted in the library', async () => {
    const pipeline = fakePipeline(60, (path) => ({ path, complete: false, seconds: 2.1, error: 'disk_full' }))
    const { service, library, logs, states } = setup(pipeline.factory)
    const started = await service.start({ video: 'testsrc', audio: 'none' })
    pipeline
      .listener()
      .onRecordingFailed?.({ path: started.recordingPath as string, complete: false, seconds: 2.1, error: 'disk_full' }, 'No space left on device')
    await expect.poll(() => states.at(-1)).toBe('ended')
    expect(logs).toEqual(['recording.failed'])
    expect(service.snapshot()).toMatchObject({ state: 'ended', recording: { complete: false, error: 'disk_full' } })
    expect((await library.list())[0]).toMatchObject({ state: 'interrupted', failure: 'disk_full' })
  })

  it('a data dir the library cannot write to never stops the recording itself', async () => {
    const { service } = setup(fakePipeline(30).factory, {
      libraryDir: (dir) => {
        writeFileSync(join(dir, 'a-file'), '')
        return join(dir, 'a-file', 'library') // mkdir fails: ENOTDIR
      }
    })
    const started = await service.start({ video: 'testsrc', audio: 'none' })
    expect(started.state).toBe('recording')
    expect(await service.stop()).toMatchObject({ state: 'ended', recording: { complete: true } })
    expect(existsSync(started.recordingPath as string)).toBe(true)
  })

  it('refused while a live show captures; a stop during the start ends it right after', async () => {
    const live = setup(fakePipeline(30).factory, { live: true })
    await expect(live.service.start({ video: 'testsrc', audio: 'none' })).rejects.toMatchObject({ value: { code: 'already_live' } })

    let release: () => void = () => {}
    const slow = setup(fakePipeline(30).factory, { slowLocate: new Promise<void>((r) => (release = r)) })
    const starting = slow.service.start({ video: 'testsrc', audio: 'none' })
    const stopping = slow.service.stop()
    release()
    await starting
    expect(await stopping).toMatchObject({ state: 'ended' })
    expect(slow.states).toEqual(['starting', 'recording', 'ending', 'ended'])
  })
})
