import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { causeOf, recordingFailureFromStderr, recordingGrowthVerdict, STUCK_AFTER_BYTES } from '../../../src/main/core/media/recording-failure'
import { RecordingMonitor } from '../../../src/main/core/media/recording-monitor'
import { FakeClock } from './fake-clock'

describe('the recording leg failing, read from ffmpeg 5.1 stderr', () => {
  it.each([
    ['[tee @ 0x556e0d6ee9c0] Slave muxer #1 failed: No space left on device, continuing with 1/2 slaves.', 'disk_full', 'No space left on device'],
    ['[tee @ 0x5] Slave muxer #1 failed: Disk quota exceeded, continuing with 1/2 slaves.', 'disk_full', 'Disk quota exceeded'],
    ['[tee @ 0x5] Slave muxer #1 failed: Input/output error, continuing with 1/2 slaves.', 'io_error', 'Input/output error'],
    ['[tee @ 0x5] Slave muxer #1 failed: Read-only file system, continuing with 1/2 slaves.', 'read_only', 'Read-only file system'],
    [
      "[tee @ 0x5] Slave '[f=matroska:onfail=ignore:cluster_time_limit=1000]/tmp/ro/a.mkv': error opening: Read-only file system",
      'read_only',
      'Read-only file system'
    ],
    ["[tee @ 0x5] Slave '[f=matroska:onfail=ignore]/gone/a.mkv': error opening: No such file or directory", 'folder_gone', 'No such file or directory'],
    ['Error writing trailer of [f=flv:onfail=abort]pipe:1|[f=matroska:onfail=ignore]/r/a.mkv: No space left on device', 'disk_full', 'No space left on device']
  ])('%s → %s', (line, cause, detail) => {
    expect(recordingFailureFromStderr(line)).toEqual({ cause, detail })
  })

  it.each([
    '[tee @ 0x5] Slave muxer #0 failed: Broken pipe, continuing with 1/2 slaves.', // the FLV pipe: not the recording
    'Error writing trailer of [f=flv:onfail=abort]pipe:1|[f=matroska:onfail=ignore]/r/a.mkv: Broken pipe',
    '[matroska @ 0x5] Starting new cluster due to timestamp',
    'Past duration 0.999 too large',
    'av_interleaved_write_frame(): Broken pipe'
  ])('ignores %s', (line) => expect(recordingFailureFromStderr(line)).toBeNull())

  it.each([
    ['No space left on device', 'disk_full'],
    ['File too large', 'disk_full'],
    ['Stale file handle', 'folder_gone'],
    ['Permission denied', 'io_error'],
    ['Something new', 'io_error']
  ])('cause of "%s" is %s', (reason, cause) => expect(causeOf(reason)).toBe(cause))
})

describe('watching the recording file grow', () => {
  const mark = { size: 1000, encodedBytes: 5000 }
  it.each([
    ['grew', 2000, 6000, 'ok', { size: 2000, encodedBytes: 6000 }],
    ['same size, encoder barely moved (a still screen)', 1000, 5000 + STUCK_AFTER_BYTES - 1, 'ok', mark],
    ['same size while the encoder produced 2 MB', 1000, 5000 + STUCK_AFTER_BYTES, 'stuck', mark],
    ['file gone', null, 6000, 'gone', mark]
  ] as const)('%s → %s', (_what, size, encoded, verdict, next) => {
    expect(recordingGrowthVerdict(mark, size, encoded)).toEqual({ verdict, mark: next })
  })

  it('no file yet while the capture has delivered nothing (a slow screen grab) is not a removed folder', () => {
    const start = { size: -1, encodedBytes: 0 }
    expect(recordingGrowthVerdict(start, null, 0)).toEqual({ verdict: 'ok', mark: start })
    expect(recordingGrowthVerdict(start, null, 4096)).toEqual({ verdict: 'gone', mark: start })
  })
})

describe('RecordingMonitor', () => {
  const setup = (sizes: Array<number | null>) => {
    const clock = new FakeClock()
    const failures: unknown[] = []
    let encoded = { bytes: 0, seconds: 0 }
    let i = 0
    const monitor = new RecordingMonitor(
      '/rec/show.mkv',
      { clock, size: async () => sizes[Math.min(i++, sizes.length - 1)] },
      () => encoded,
      (r) => failures.push(r)
    )
    return { clock, failures, monitor, setEncoded: (e: typeof encoded) => (encoded = e) }
  }

  it('tells a disk-full failure once, with the seconds encoded so far', () => {
    const s = setup([100])
    s.setEncoded({ bytes: 3e6, seconds: 6.04 })
    s.monitor.stderrLine('[tee @ 0x1] Slave muxer #1 failed: No space left on device, continuing with 1/2 slaves.')
    s.monitor.stderrLine('[tee @ 0x1] Slave muxer #1 failed: No space left on device, continuing with 1/2 slaves.')
    expect(s.failures).toEqual([{ status: { path: '/rec/show.mkv', complete: false, seconds: 6, error: 'disk_full' }, detail: 'No space left on device' }])
  })

  it('a removed file (no ffmpeg error at all on Linux) is found by looking at it', async () => {
    const s = setup([100, 500, null])
    s.monitor.start()
    s.setEncoded({ bytes: 1e5, seconds: 1 })
    await s.clock.advance(2000)
    await s.clock.advance(2000)
    expect(s.failures).toEqual([])
    await s.clock.advance(2000)
    expect(s.failures).toMatchObject([{ status: { complete: false, error: 'folder_gone' } }])
    expect(await s.monitor.finish('ffmpeg')).toEqual({ path: '/rec/show.mkv', complete: false, seconds: 0, error: 'folder_gone' })
  })

  it('a file that stops growing while the encoder goes on is an I/O failure', async () => {
    const s = setup([100, 100, 100])
    s.monitor.start()
    await s.clock.advance(2000)
    s.setEncoded({ bytes: STUCK_AFTER_BYTES + 10, seconds: 7 })
    await s.clock.advance(2000)
    expect(s.failures).toMatchObject([{ status: { error: 'io_error', seconds: 7 } }])
  })

  it('a whole recording is complete, with the encoder’s seconds; a missing one never is', async () => {
    const ok = setup([100])
    ok.setEncoded({ bytes: 1e6, seconds: 12.34 })
    expect(await ok.monitor.finish('ffmpeg')).toEqual({ path: '/rec/show.mkv', complete: true, seconds: 12.3 })
    const missing = setup([null])
    expect(await missing.monitor.finish('ffmpeg')).toMatchObject({ complete: false, seconds: 0, error: 'folder_gone' })
  })

  it('measures a cut-short file with ffmpeg; keeps the estimate when ffmpeg cannot read it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onair-monitor-'))
    const path = join(dir, 'junk.mkv')
    writeFileSync(path, 'not a matroska file')
    const clock = new FakeClock()
    const monitor = new RecordingMonitor(
      path,
      { clock },
      () => ({ bytes: 0, seconds: 4.2 }),
      () => {}
    )
    monitor.stderrLine('[tee @ 0x1] Slave muxer #1 failed: No space left on device, continuing with 1/2 slaves.')
    expect(await monitor.finish('ffmpeg')).toEqual({ path, complete: false, seconds: 4.2, error: 'disk_full' })
    rmSync(dir, { recursive: true, force: true })
  })
})
