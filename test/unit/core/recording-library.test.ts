import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import { liveRecordingStep } from '../../../src/main/core/recordings/live-recordings'
import { RecordingLibrary, type RecordingLibraryDeps } from '../../../src/main/core/recordings/recording-library'
import type { RepairOutcome } from '../../../src/main/core/recordings/recording-repair'
import { RecordingStore, type RecordingEntry } from '../../../src/main/core/recordings/recording-store'
import type { LiveSnapshot } from '../../../src/shared/live'
import type { RecordingsChanged } from '../../../src/shared/recordings'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const DEAD = 999_999_001
const ALIVE_OTHER = 999_999_002

function setup(over: Partial<RecordingLibraryDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'onair-reclib-'))
  dirs.push(dir)
  const store = new RecordingStore(join(dir, 'library'))
  const bus = new EventBus(new SecretRegistry())
  const changes: RecordingsChanged[] = []
  bus.onDidEmit((event, payload) => event === 'recordings:changed' && changes.push(payload as RecordingsChanged))
  const repairs: string[] = []
  const library = new RecordingLibrary({
    store,
    bus,
    ffmpeg: async () => 'ffmpeg',
    pid: 1000,
    isAlive: (pid) => pid === 1000 || pid === ALIVE_OTHER,
    quietMs: 0,
    repair: async (_ffmpeg, path) => {
      repairs.push(path)
      return { state: 'repaired', seconds: 61.5 }
    },
    ...over
  })
  const file = (name: string, bytes = 1000) => {
    const path = join(dir, name)
    writeFileSync(path, Buffer.alloc(bytes))
    return path
  }
  const leftover = (over: Partial<RecordingEntry>): RecordingEntry => {
    const entry: RecordingEntry = {
      version: 1,
      id: `${String(store.list().length).padStart(8, '0')}-0000-0000-0000-000000000000`,
      path: file(`left-${store.list().length}.mkv`),
      sessionId: 's',
      kind: 'live',
      destinations: ['NAVER · 방송'],
      startedAt: 1_000,
      state: 'recording',
      ownerPid: DEAD,
      ...over
    }
    store.put(entry)
    return entry
  }
  return { dir, store, library, changes, repairs, file, leftover }
}

describe('RecordingLibrary', () => {
  it('a show: recording (in use, not deletable) → complete with its duration and size → deleted with its file', async () => {
    const { library, changes, file } = setup()
    const path = file('show.mkv', 4321)
    const begun = library.begin({ path, sessionId: 's1', kind: 'live', destinations: ['Sigma · Kênh 1'], startedAt: 5_000 })
    expect(begun).toMatchObject({ state: 'recording', inUse: true, sizeBytes: 4321, fileName: 'show.mkv', destinations: ['Sigma · Kênh 1'], missing: false })
    await expect(library.delete(begun.id)).rejects.toMatchObject({ code: 'recording_in_use' })
    expect(existsSync(path)).toBe(true)

    library.finish(begun.id, { path, complete: true, seconds: 42.5 }, 47_600)
    const [listed] = await library.list()
    expect(listed).toMatchObject({ id: begun.id, state: 'complete', durationSeconds: 42.5, endedAt: 47_600, inUse: false })
    expect(await library.reveal(begun.id)).toEqual({ path })

    expect(await library.delete(begun.id)).toEqual({ deleted: true })
    expect(existsSync(path)).toBe(false)
    expect(await library.list()).toEqual([])
    expect(changes.map((c) => c.recording?.state ?? null)).toEqual(['recording', 'complete', null])
    await expect(library.reveal(begun.id)).rejects.toMatchObject({ value: { code: 'not_found', field: 'id' } })
  })

  it('a recording cut short is interrupted with its cause; one whose file is gone leaves the library', async () => {
    const { library, file } = setup()
    const cut = file('cut.mkv')
    const a = library.begin({ path: cut, sessionId: 'a', kind: 'record', destinations: [], startedAt: 1 })
    library.finish(a.id, { path: cut, complete: false, seconds: 6.1, error: 'disk_full' }, 2)
    expect(await library.get(a.id)).toMatchObject({ state: 'interrupted', failure: 'disk_full', durationSeconds: 6.1 })
    const gone = join(file('x'), '..', 'never-written.mkv')
    const b = library.begin({ path: gone, sessionId: 'b', kind: 'live', destinations: [], startedAt: 1 })
    expect(library.finish(b.id, { path: gone, complete: false, seconds: 0, error: 'folder_gone' }, 2)).toBeNull()
    expect((await library.list()).map((r) => r.id)).toEqual([a.id])
  })

  it('newest first, sizes read now, a file removed outside Onair shown as missing', async () => {
    const { library, file } = setup()
    const older = library.begin({ path: file('a.mkv', 10), sessionId: null, kind: 'record', destinations: [], startedAt: 1 })
    const newer = library.begin({ path: file('b.mkv', 20), sessionId: null, kind: 'record', destinations: [], startedAt: 2 })
    writeFileSync(older.path, Buffer.alloc(30))
    rmSync(newer.path)
    expect((await library.list()).map((r) => [r.id, r.sizeBytes, r.missing])).toEqual([
      [newer.id, 0, true],
      [older.id, 30, false]
    ])
  })

  it('use(): a handoff or upload holds a recording; delete refuses it until released', async () => {
    const { library, file, changes } = setup()
    const r = library.begin({ path: file('u.mkv'), sessionId: null, kind: 'record', destinations: [], startedAt: 1 })
    library.finish(r.id, { path: r.path, complete: true, seconds: 3 }, 4)
    const release = library.use(r.id)
    expect(await library.get(r.id)).toMatchObject({ inUse: true })
    await expect(library.delete(r.id)).rejects.toMatchObject({ value: { code: 'recording_in_use', data: { file: 'u.mkv' } } })
    release()
    // Windows are told it is free again (the state itself did not change).
    expect(changes.at(-1)?.recording).toMatchObject({ id: r.id, inUse: false })
    release() // twice is once
    expect(await library.delete(r.id)).toEqual({ deleted: true })
    expect(() => library.use('no-such-recording')).toThrow()
  })

  it('setState: uploaded after an upload; pending_handoff while still recording takes effect when the show ends', async () => {
    const { library, file } = setup()
    const done = library.begin({ path: file('d.mkv'), sessionId: null, kind: 'live', destinations: [], startedAt: 1 })
    library.finish(done.id, { path: done.path, complete: true, seconds: 3 }, 4)
    expect(await library.setState(done.id, 'uploaded')).toMatchObject({ state: 'uploaded', durationSeconds: 3 })

    const live = library.begin({ path: file('l.mkv'), sessionId: 'l', kind: 'live', destinations: [], startedAt: 1 })
    expect(await library.setState(live.id, 'pending_handoff')).toMatchObject({ state: 'recording' })
    await expect(library.setState(live.id, 'uploaded')).rejects.toMatchObject({ code: 'recording_in_use' })
    library.finish(live.id, { path: live.path, complete: true, seconds: 9 }, 10)
    expect(await library.get(live.id)).toMatchObject({ state: 'pending_handoff' })
  })
})

describe('RecordingLibrary: crash repair at start', () => {
  it('repairs what a gone process left recording; leaves a live owner and finished recordings alone', async () => {
    const { library, leftover, repairs, changes } = setup()
    const crashed = leftover({})
    const running = leftover({ ownerPid: ALIVE_OTHER })
    const ours = leftover({ ownerPid: 1000 })
    const finished = leftover({ state: 'complete', ownerPid: undefined })
    await library.repairLeftovers()
    expect(repairs).toEqual([crashed.path])
    expect(await library.get(crashed.id)).toMatchObject({ state: 'repaired', recoveredSeconds: 61.5, durationSeconds: 61.5, inUse: false })
    expect(await library.get(running.id)).toMatchObject({ state: 'recording', inUse: true })
    expect(await library.get(ours.id)).toMatchObject({ state: 'recording' })
    expect(await library.get(finished.id)).toMatchObject({ state: 'complete' })
    // Told as being repaired, then as repaired.
    expect(changes.map((c) => [c.recording?.state, c.recording?.repairing])).toEqual([
      ['recording', true],
      ['repaired', false]
    ])
    // Once per start.
    await library.repairLeftovers()
    expect(repairs).toHaveLength(1)
  })

  it('an unrepairable recording is interrupted and its file kept; one whose file is gone leaves the library', async () => {
    const { library, leftover } = setup({ repair: async (): Promise<RepairOutcome> => ({ state: 'interrupted', reason: 'Invalid data found' }) })
    const broken = leftover({})
    const gone = leftover({})
    rmSync(gone.path)
    await library.repairLeftovers()
    expect(await library.get(broken.id)).toMatchObject({ state: 'interrupted', missing: false })
    expect(existsSync(broken.path)).toBe(true)
    await expect(library.get(gone.id)).rejects.toMatchObject({ value: { code: 'not_found' } })
  })

  it('a leftover on a drive that is not there now (its folder missing) is left for a later start', async () => {
    const { library, leftover, repairs } = setup()
    const unmounted = leftover({ path: '/media/usb-not-mounted/2026-11-30_show.mkv' })
    await library.repairLeftovers()
    expect(repairs).toEqual([])
    expect(await library.get(unmounted.id)).toMatchObject({ state: 'recording', missing: true, repairing: false })
  })

  it('a file its encoder closed after all (only the app died) is complete, not repaired', async () => {
    const { library, leftover } = setup({ repair: async (): Promise<RepairOutcome> => ({ state: 'complete', seconds: 12.4 }) })
    const whole = leftover({})
    await library.repairLeftovers()
    const got = await library.get(whole.id)
    expect(got).toMatchObject({ state: 'complete', durationSeconds: 12.4 })
    expect(got.recoveredSeconds).toBeUndefined()
  })

  it('never throws: a repair that throws leaves the recording as it was, no ffmpeg leaves it for a later start', async () => {
    const throwing = setup({
      repair: async () => {
        throw new Error('boom')
      }
    })
    const a = throwing.leftover({})
    await expect(throwing.library.repairLeftovers()).resolves.toBeUndefined()
    expect(await throwing.library.get(a.id)).toMatchObject({ state: 'recording' })

    const noFfmpeg = setup({
      ffmpeg: async () => {
        throw new Error('no ffmpeg')
      }
    })
    const b = noFfmpeg.leftover({})
    await noFfmpeg.library.repairLeftovers()
    expect(await noFfmpeg.library.get(b.id)).toMatchObject({ state: 'recording' })
  })

  it('one repairer per recording: a lock held by a live process is respected, a dead one taken over', async () => {
    const { library, leftover, store, repairs } = setup()
    const held = leftover({})
    const stale = leftover({})
    writeFileSync(join(store.dir, `${held.id}.repair.lock`), String(ALIVE_OTHER))
    writeFileSync(join(store.dir, `${stale.id}.repair.lock`), String(DEAD))
    await library.repairLeftovers()
    expect(repairs).toEqual([stale.path])
    expect(existsSync(join(store.dir, `${stale.id}.repair.lock`))).toBe(false)
    expect(existsSync(join(store.dir, `${held.id}.repair.lock`))).toBe(true)
  })

  it('waits until the file is quiet (an orphaned encoder may still be closing it); in use while repairing', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const s = setup({
      quietMs: 300,
      repair: async () => {
        await gate
        return { state: 'repaired', seconds: 1 }
      }
    })
    const entry = s.leftover({})
    const t0 = Date.now()
    utimesSync(entry.path, new Date(), new Date())
    const pass = s.library.repairLeftovers()
    await new Promise((r) => setTimeout(r, 500))
    expect(await s.library.get(entry.id)).toMatchObject({ inUse: true, repairing: true, state: 'recording' })
    // Windows that listed it before are told it is being repaired.
    expect(s.changes.at(-1)?.recording).toMatchObject({ repairing: true })
    await expect(s.library.delete(entry.id)).rejects.toMatchObject({ code: 'recording_in_use' })
    release()
    await pass
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280)
    expect(await s.library.get(entry.id)).toMatchObject({ state: 'repaired', inUse: false, repairing: false })
  })
})

describe('liveRecordingStep: a live session in the library', () => {
  const snap = (over: Partial<LiveSnapshot>): LiveSnapshot => ({
    sessionId: 's',
    state: 'connecting',
    sources: null,
    destinations: [
      { id: 'd1', provider: 'naver', profile: 'default', label: 'NAVER · 방송', state: 'connecting' },
      { id: 'd2', provider: 'sigma', profile: 'default', label: 'Sigma · x', state: 'failed' }
    ],
    log: [],
    recordingPath: '/r/a.mkv',
    startedAt: 7,
    ...over
  })
  it.each<[string, LiveSnapshot, boolean, ReturnType<typeof liveRecordingStep>]>([
    [
      'connecting with a recording: begins, naming where it goes',
      snap({}),
      false,
      { kind: 'begin', path: '/r/a.mkv', destinations: ['NAVER · 방송'], startedAt: 7 }
    ],
    ['preparing: not yet (no file)', snap({ state: 'preparing', recordingPath: undefined }), false, null],
    ['no recording (record off)', snap({ recordingPath: undefined }), false, null],
    ['live, already known: nothing', snap({ state: 'live' }), true, null],
    [
      'ended: finished as the session says',
      snap({ state: 'ended', endedAt: 99, recording: { path: '/r/a.mkv', complete: true, seconds: 80 } }),
      true,
      { kind: 'finish', status: { path: '/r/a.mkv', complete: true, seconds: 80 }, endedAt: 99 }
    ],
    ['failed before live (file removed, no path): forgotten', snap({ state: 'failed', recordingPath: undefined }), true, { kind: 'forget' }],
    ['ended but never known (record off): nothing', snap({ state: 'ended' }), false, null]
  ])('%s', (_name, s, known, expected) => {
    expect(liveRecordingStep(s, known, 1)).toEqual(expected)
  })
})
