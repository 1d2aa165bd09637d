import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLI, jsonLines, watchOnair } from '../fixtures/cli'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { waitFor } from '../fixtures/ports'
import { run } from '../fixtures/run'
import { alive } from '../fixtures/media-probe'
import type { RecordingSummary } from '../../src/shared/recordings'

/** The container's duration as any player reads it (absent in a file whose muxer was killed). */
async function probedDuration(file: string): Promise<number> {
  const r = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])
  return Number.parseFloat(r.stdout)
}

/** A show in its own process group, so SIGKILL takes its ffmpeg with it, as a power cut would. */
function show(args: string[], env: NodeJS.ProcessEnv, input = '') {
  const { child, lines, stderr, exited } = watchOnair(args, env, input, true)
  /** Seconds of media the encoder had reported when asked. */
  const mediaSeconds = () => Math.max(0, ...lines.filter((l) => l.type === 'stats').map((l) => Number(l.mediaTimeMs ?? 0) / 1000))
  return { child, lines, stderr, exited, mediaSeconds, powerCut: () => process.kill(-(child.pid as number), 'SIGKILL') }
}

describe('recordings library: crash repair, list, delete, reveal through the contract (real ffmpeg, nginx-rtmp)', () => {
  let ingest: RtmpIngest
  let dataDir: string
  let recordDir: string
  const env = () => ({ ...process.env, ONAIR_DATA_DIR: dataDir, ONAIR_ENCODER: 'libx264' })
  const onair = (args: string[]) => run(process.execPath, [CLI, ...args], { env: env(), timeoutMs: 60_000 })
  const library = async () => {
    const r = await onair(['recordings', '--json'])
    expect(r.code, r.stderr).toBe(0)
    return jsonLines(r.stdout) as unknown as Array<RecordingSummary & { type: string }>
  }

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-library-'))
    recordDir = mkdtempSync(join(tmpdir(), 'onair-library-rec-'))
  })
  afterAll(async () => {
    await ingest?.close()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(recordDir, { recursive: true, force: true })
  })

  it('a live show and a record-only show cut by SIGKILL (with their ffmpeg) are repaired at the next start: full duration, playable, originals replaced', async () => {
    const key = `crash-${Date.now()}`
    const liveShow = show(['live', '--to', `${ingest.base}/live`, '--key-stdin', '--record', join(recordDir, 'live')], env(), `${key}\n`)
    const recordShow = show(['record', '--video', 'testsrc', '--audio', 'sine', '--out', join(recordDir, 'record')], env())
    try {
      await waitFor(() => liveShow.lines.some((l) => l.state === 'live') && recordShow.lines.some((l) => l.state === 'recording'), 20_000, 'both running')
      // While they run, the library lists both as recording, in use: a delete is refused and the file stays.
      const during = await library()
      expect(during.map((r) => [r.kind, r.state, r.inUse]).sort()).toEqual([
        ['live', 'recording', true],
        ['record', 'recording', true]
      ])
      const deleting = await onair(['recordings', 'delete', during[0].id, '--json'])
      expect(deleting.code).toBe(1)
      expect(jsonLines(deleting.stdout).at(-1)).toMatchObject({ type: 'error', code: 'recording_in_use', field: 'id' })
      expect(existsSync(during[0].path)).toBe(true)
      await waitFor(() => liveShow.mediaSeconds() > 6 && recordShow.mediaSeconds() > 6, 20_000, 'six seconds recorded')
    } finally {
      liveShow.powerCut()
      recordShow.powerCut()
    }
    await Promise.all([liveShow.exited, recordShow.exited])
    const recorded = { live: liveShow.mediaSeconds(), record: recordShow.mediaSeconds() }
    // As a crash leaves them: still 'recording' on disk, no duration in the file.
    const leftovers = readdirSync(join(recordDir, 'live')).map((f) => join(recordDir, 'live', f))
    expect(leftovers).toHaveLength(1)
    expect(Number.isNaN(await probedDuration(leftovers[0]))).toBe(true)

    const t0 = Date.now()
    const after = await library()
    const repairMs = Date.now() - t0
    expect(after).toHaveLength(2)
    for (const r of after) {
      expect(r).toMatchObject({ state: 'repaired', inUse: false, missing: false })
      const seconds = await probedDuration(r.path)
      expect(Math.abs(seconds - recorded[r.kind])).toBeLessThan(2)
      expect(Math.abs((r.recoveredSeconds ?? 0) - seconds)).toBeLessThan(0.2)
      expect(r.sizeBytes).toBeGreaterThan(100_000)
      // The repaired copy took the original's place: one file in its folder, no temporary left.
      expect(readdirSync(join(recordDir, r.kind))).toEqual([r.fileName])
    }
    expect(after.find((r) => r.kind === 'live')?.destinations[0]).toContain('127.0.0.1')
    expect(JSON.stringify(after)).not.toContain(key)
    console.log(`repair of two ~${Math.round(recorded.live)} s recordings at start: ${repairMs} ms (onair recordings, process included)`)
  })

  it('an unrepairable leftover becomes interrupted and its file is kept; reveal gives the path, delete removes file and entry', async () => {
    const junk = join(recordDir, 'junk.mkv')
    writeFileSync(junk, 'not a matroska file at all')
    utimesSync(junk, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
    const id = 'deadbeef-0000-4000-8000-000000000001'
    const libraryDir = join(dataDir, 'recordings-library')
    mkdirSync(libraryDir, { recursive: true })
    // A show that died at once, written by a process long gone.
    writeFileSync(
      join(libraryDir, `${id}.json`),
      JSON.stringify({
        version: 1,
        id,
        path: junk,
        sessionId: null,
        kind: 'record',
        destinations: [],
        startedAt: Date.now() - 60_000,
        state: 'recording',
        ownerPid: 2 ** 22 + 7
      })
    )
    expect(alive(2 ** 22 + 7)).toBe(false)
    const listed = await library()
    expect(listed.find((r) => r.id === id)).toMatchObject({ state: 'interrupted', missing: false })
    expect(existsSync(junk)).toBe(true)

    const revealed = await onair(['recordings', 'reveal', id, '--json'])
    expect(jsonLines(revealed.stdout)).toEqual([{ type: 'path', id, path: junk }])
    const deleted = await onair(['recordings', 'delete', id, '--json'])
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(existsSync(junk)).toBe(false)
    expect((await library()).some((r) => r.id === id)).toBe(false)
    const again = await onair(['recordings', 'delete', id, '--json'])
    expect(jsonLines(again.stdout).at(-1)).toMatchObject({ type: 'error', code: 'not_found', field: 'id' })
  })

  it('only the onair process killed: its encoder closes the file, which the next start finds complete (not repaired)', async () => {
    const r = show(['record', '--video', 'testsrc', '--audio', 'none', '--out', join(recordDir, 'app-only')], env())
    await waitFor(() => r.mediaSeconds() > 2, 20_000, 'recording')
    r.child.kill('SIGKILL')
    await r.exited
    const path = join(recordDir, 'app-only', readdirSync(join(recordDir, 'app-only'))[0])
    const entry = (await library()).find((e) => e.path === path)
    expect(entry).toMatchObject({ state: 'complete', inUse: false })
    expect(entry?.recoveredSeconds).toBeUndefined()
    expect(Math.abs((entry?.durationSeconds ?? 0) - (await probedDuration(path)))).toBeLessThan(0.2)
  })

  it('a clean onair record is in the library as complete with its duration', async () => {
    const out = join(recordDir, 'clean')
    const r = await onair(['record', '--video', 'testsrc', '--audio', 'none', '--out', out, '--duration', '2', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const path = jsonLines(r.stdout).find((l) => l.type === 'recording')?.path
    const entry = (await library()).find((e) => e.path === path)
    expect(entry).toMatchObject({ state: 'complete', kind: 'record', inUse: false })
    expect(Math.abs((entry?.durationSeconds ?? 0) - (await probedDuration(path as string)))).toBeLessThan(0.6)
  })
})
