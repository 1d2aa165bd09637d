import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseProbedDuration, probeDuration, remuxArgs, repairRecording, repairTempPath } from '../../../src/main/core/recordings/recording-repair'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('recording repair: the pure parts', () => {
  it('remuxes every stream by stream copy into Matroska, names as files (never as protocols), overwriting only the temp file', () => {
    expect(remuxArgs('/r/a:b.mkv', '/r/a:b.repairing.mkv')).toEqual([
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-i',
      'file:/r/a:b.mkv',
      '-map',
      '0',
      '-c',
      'copy',
      '-f',
      'matroska',
      'file:/r/a:b.repairing.mkv'
    ])
  })

  it.each([
    ['/r/2026-11-30_방송.mkv', '/r/2026-11-30_방송.repairing.mkv'],
    ['/r/show.MKV', '/r/show.repairing.MKV'],
    ['/r/no-extension', '/r/no-extension.repairing.mkv']
  ])('the temp file of %s is %s (beside it: the final rename stays on one disk)', (path, temp) => {
    expect(repairTempPath(path)).toBe(temp)
  })

  it.each([
    ['61.433000\n', 61.433],
    ['N/A\n', null],
    ['', null],
    ['0.000000', null],
    ['-3', null]
  ])('ffprobe saying %j reads as %s', (out, seconds) => {
    expect(parseProbedDuration(out)).toBe(seconds)
  })
})

describe('recording repair with the real ffmpeg', () => {
  /** Three seconds muxed into a pipe (no duration in the header), the tail cut off mid-cluster: as a SIGKILL leaves it. */
  function crashedFile(): { dir: string; path: string } {
    const dir = mkdtempSync(join(tmpdir(), 'onair-repair-'))
    dirs.push(dir)
    const path = join(dir, '2026-11-30_아침 라이브.mkv')
    const made = spawnSync(
      'sh',
      [
        '-c',
        'ffmpeg -nostdin -v error -t 3 -f lavfi -i testsrc=size=320x240:rate=30 -t 3 -f lavfi -i sine -c:v libx264 -preset ultrafast -c:a aac -cluster_time_limit 1000 -f matroska pipe:1 > "$0"',
        path
      ],
      { encoding: 'utf8' }
    )
    expect(made.status, made.stderr).toBe(0)
    truncateSync(path, Math.floor(statSync(path).size * 0.8))
    return { dir, path }
  }

  it('a cut file: repaired in place, its duration readable, no temp file left', async () => {
    const { dir, path } = crashedFile()
    // As a crash leaves it: ffprobe reads no duration (a player shows none and cannot seek).
    expect(await probeDuration('ffmpeg', path)).toBeNull()
    const outcome = await repairRecording('ffmpeg', path)
    expect(outcome).toMatchObject({ state: 'repaired' })
    const seconds = outcome.state === 'repaired' ? outcome.seconds : 0
    expect(seconds).toBeGreaterThan(1.5)
    expect(seconds).toBeLessThanOrEqual(3)
    expect(readdirSync(dir)).toEqual(['2026-11-30_아침 라이브.mkv'])
    // Once repaired, asked again, it is whole: a second start leaves it alone.
    expect(await repairRecording('ffmpeg', path)).toEqual({ state: 'complete', seconds })
  })

  it('a file with nothing playable in it is left exactly as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onair-repair-'))
    dirs.push(dir)
    const path = join(dir, 'junk.mkv')
    writeFileSync(path, 'not a matroska file')
    const outcome = await repairRecording('ffmpeg', path)
    expect(outcome.state).toBe('interrupted')
    expect(readdirSync(dir)).toEqual(['junk.mkv'])
    expect(statSync(path).size).toBe(19)
  })

  it('stopped half-way (app quit): the original stays, the temp file goes', async () => {
    const { dir, path } = crashedFile()
    const before = statSync(path).size
    const abort = new AbortController()
    abort.abort()
    expect(await repairRecording('ffmpeg', path, { signal: abort.signal })).toMatchObject({ state: 'interrupted', reason: 'stopped' })
    expect(statSync(path).size).toBe(before)
    expect(existsSync(repairTempPath(path))).toBe(false)
    expect(readdirSync(dir)).toHaveLength(1)
  })
})
