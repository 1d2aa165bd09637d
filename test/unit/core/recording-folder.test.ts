import { describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkRecordingFolder, nodeFolderFs, type FolderFs } from '../../../src/main/core/recordings/recording-folder'
import { formatBytes, formatSpan, recordingSpaceNeed } from '../../../src/main/core/recordings/recording-space'
import { recordingKbps } from '../../../src/main/core/media/encoder-args'

describe('the space rule: 10 minutes at the chosen bitrate, or the planned show if shorter', () => {
  it.each([
    // kbps, planned, seconds, bytes
    [3628, undefined, 600, 272_100_000],
    [3628, 20, 20, 9_070_000],
    [3628, 3600, 600, 272_100_000],
    [3628, 0, 600, 272_100_000],
    [14160, undefined, 600, 1_062_000_000],
    [896, 0.5, 0.5, 56_000]
  ])('%i kbps, planned %s s → %i s, %i bytes', (kbps, planned, seconds, bytes) => {
    expect(recordingSpaceNeed(kbps, planned)).toEqual({ kbps, seconds, bytes })
  })

  it('uses the encoder preset of the default output (720p30: 3500 + 128 kbps)', () => {
    expect(recordingKbps()).toBe(3628)
    expect(recordingKbps({ width: 1920, height: 1080, fps: 60 })).toBe(6160)
  })

  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [800_000, '800 KB'],
    [3_145_728, '3.1 MB'],
    [197_100_000, '197 MB'],
    [2_600_000_000, '2.6 GB'],
    [-5, '0 bytes']
  ])('%i bytes read as %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text))

  it.each([
    [600, '10 minutes'],
    [60, '1 minute'],
    [20, '20 s'],
    [90, '90 s'],
    [0.25, '0.3 s']
  ])('%f s reads as %s', (s, text) => expect(formatSpan(s)).toBe(text))
})

const errnoError = (code: string) => Object.assign(new Error(code), { code })

function fakeFs(over: Partial<FolderFs>): FolderFs & { written: string[]; removed: string[] } {
  const written: string[] = []
  const removed: string[] = []
  return {
    written,
    removed,
    mkdir: async () => undefined,
    writeFile: async (p) => void written.push(p),
    rm: async (p) => void removed.push(p),
    freeBytes: async () => 10e9,
    ...over
  }
}

describe('checkRecordingFolder', () => {
  const need = recordingSpaceNeed(3628)

  it('really writes a probe file and removes it', async () => {
    const fs = fakeFs({})
    await checkRecordingFolder('/rec', need, fs)
    expect(fs.written).toHaveLength(1)
    expect(fs.written[0]).toMatch(/^\/rec\/\.onair-write-test-[0-9a-f]{8}$/)
    expect(fs.removed).toEqual(fs.written)
  })

  it.each([
    ['mkdir', 'EROFS', 'Cannot create the recording folder /rec: the disk is read-only'],
    ['mkdir', 'ENOTDIR', 'Cannot create the recording folder /rec: a file of that name is in the way'],
    ['writeFile', 'EROFS', 'Cannot write to the recording folder /rec: the disk is read-only'],
    ['writeFile', 'EACCES', 'Cannot write to the recording folder /rec: permission denied'],
    ['writeFile', 'EIO', 'Cannot write to the recording folder /rec: the disk reported an input/output error']
  ] as const)('%s failing with %s → recording_unavailable on field record', async (call, code, message) => {
    const fs = fakeFs({ [call]: async () => Promise.reject(errnoError(code)) })
    const error = await checkRecordingFolder('/rec', need, fs).catch((e) => e)
    expect(error.value).toMatchObject({ code: 'recording_unavailable', field: 'record', data: { reason: code } })
    expect(error.message).toContain(message)
  })

  it('too little free space → disk_full with the numbers a streamer compares', async () => {
    const error = await checkRecordingFolder('/rec', need, fakeFs({ freeBytes: async () => 800_000_000 / 1000 })).catch((e) => e)
    expect(error.value).toMatchObject({ code: 'disk_full', field: 'record', data: { needed: '272 MB', free: '800 KB', seconds: 600, kbps: 3628 } })
    expect(error.message).toBe(
      'The recording folder /rec has too little free space: the recording needs about 272 MB for 10 minutes at 3628 kbps, 800 KB free. Free some space or choose another folder.'
    )
  })

  it('a disk too full for even the probe → disk_full, not "unwritable"', async () => {
    const error = await checkRecordingFolder('/rec', need, fakeFs({ writeFile: async () => Promise.reject(errnoError('ENOSPC')) })).catch((e) => e)
    expect(error.value).toMatchObject({ code: 'disk_full', data: { free: '0 bytes' } })
  })

  it('exactly enough room passes', async () => {
    await expect(checkRecordingFolder('/rec', need, fakeFs({ freeBytes: async () => need.bytes }))).resolves.toBeUndefined()
  })

  it('on a real disk: creates the folder, leaves nothing behind, and refuses a file where the folder should be', async () => {
    const base = mkdtempSync(join(tmpdir(), 'onair-folder-'))
    const dir = join(base, 'a', 'b')
    await checkRecordingFolder(dir, recordingSpaceNeed(3628, 1), nodeFolderFs)
    expect(existsSync(dir)).toBe(true)
    expect(readdirSync(dir)).toEqual([])
    writeFileSync(join(base, 'file'), 'x')
    await expect(checkRecordingFolder(join(base, 'file', 'rec'), recordingSpaceNeed(3628, 1), nodeFolderFs)).rejects.toMatchObject({
      code: 'recording_unavailable'
    })
    rmSync(base, { recursive: true, force: true })
  })
})
