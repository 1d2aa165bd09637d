import { randomBytes } from 'node:crypto'
import { mkdir, rm, statfs, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { onairError } from '../../../shared/errors'
import { formatBytes, formatSpan, type SpaceNeed } from './recording-space'

/** The file system calls the check makes; a test may hand in others. */
export interface FolderFs {
  mkdir(path: string): Promise<unknown>
  writeFile(path: string, data: string): Promise<void>
  rm(path: string): Promise<void>
  /** Bytes a normal user may still write there. */
  freeBytes(path: string): Promise<number>
}

export const nodeFolderFs: FolderFs = {
  mkdir: (path) => mkdir(path, { recursive: true }),
  // 'wx': a probe never overwrites anything.
  writeFile: (path, data) => writeFile(path, data, { flag: 'wx' }),
  rm: (path) => rm(path, { force: true }),
  freeBytes: async (path) => {
    const s = await statfs(path)
    return s.bavail * s.bsize
  }
}

/**
 * Checks the recording folder before anything starts (issue 7 §6): it exists or can be created, a file can really
 * be written there (permissions and modes lie: a read-only mount, a full quota, a network share), and it has room
 * for `need`. Throws a typed error on field `record` otherwise.
 */
export async function checkRecordingFolder(dir: string, need: SpaceNeed, fs: FolderFs = nodeFolderFs): Promise<void> {
  try {
    await fs.mkdir(dir)
  } catch (e) {
    throw unavailable(`Cannot create the recording folder ${dir}: ${reason(e)}. Choose another folder.`, e)
  }
  const probe = join(dir, `.onair-write-test-${randomBytes(4).toString('hex')}`)
  try {
    await fs.writeFile(probe, 'onair')
  } catch (e) {
    if (errno(e) === 'ENOSPC' || errno(e) === 'EDQUOT') throw tooLittleSpace(dir, need, 0)
    throw unavailable(`Cannot write to the recording folder ${dir}: ${reason(e)}. Choose another folder or fix its permissions.`, e)
  } finally {
    await fs.rm(probe).catch(() => {})
  }
  const free = await fs.freeBytes(dir)
  if (free < need.bytes) throw tooLittleSpace(dir, need, free)
}

function tooLittleSpace(dir: string, need: SpaceNeed, free: number) {
  const needed = formatBytes(need.bytes)
  const left = formatBytes(free)
  return onairError(
    'disk_full',
    `The recording folder ${dir} has too little free space: the recording needs about ${needed} for ${formatSpan(need.seconds)} at ${need.kbps} kbps, ${left} free. Free some space or choose another folder.`,
    { field: 'record', data: { needed, free: left, seconds: need.seconds, kbps: need.kbps } }
  )
}

function unavailable(message: string, e: unknown) {
  return onairError('recording_unavailable', message, { field: 'record', data: { reason: errno(e) ?? 'unknown' } })
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code
}

/** A reason in words for the errno values a folder check meets; the code itself otherwise. */
function reason(e: unknown): string {
  switch (errno(e)) {
    case 'EROFS':
      return 'the disk is read-only'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file of that name is in the way'
    case 'ENOENT':
      return 'the drive or parent folder is not there'
    case 'ENOSPC':
      return 'the disk is full'
    case 'EIO':
      return 'the disk reported an input/output error'
    default:
      return errno(e) ?? (e instanceof Error ? e.message : String(e))
  }
}
