import { createHash } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { MAX_PARTS, MIN_PART_SIZE } from './upload-plan'
import { localFileError } from './upload-errors'

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`))

const partSchema = z
  .object({
    number: z.number().int().min(1).max(MAX_PARTS),
    etag: z.string().min(1).max(256),
    /** The MD5 of what was sent, for the final ETag check. */
    md5: hex(32)
  })
  .strict()
export type UploadedPart = z.infer<typeof partSchema>

/**
 * What survives the app being killed mid-upload (issue 11 item 5): the multipart upload's id and every part the
 * server confirmed. A restarted upload of the same file to the same place sends only the others.
 */
export const uploadStateSchema = z
  .object({
    version: z.literal(1),
    id: hex(24),
    path: z.string().min(1).max(4096),
    /** The file as it was when the upload began: a file changed since then starts over. */
    size: z.number().int().positive(),
    mtimeMs: z.number().nonnegative(),
    sha256: hex(64),
    md5: hex(32),
    partSize: z.number().int().min(MIN_PART_SIZE),
    endpoint: z.string().max(2048).optional(),
    /** The storage account's profile; none when the AWS SDK's default chain signed it. */
    profile: z.string().max(64).optional(),
    region: z.string().min(1).max(64),
    bucket: z.string().min(3).max(63),
    key: z.string().min(1).max(1024),
    uploadId: z.string().min(1).max(1024),
    startedAt: z.string().max(64),
    parts: z.array(partSchema).max(MAX_PARTS)
  })
  .strict()
export type UploadState = z.infer<typeof uploadStateSchema>

/** One id per file and destination: the same command run again finds the upload it left. */
export function uploadId(path: string, endpoint: string | undefined, bucket: string, key: string): string {
  return createHash('sha256')
    .update([path, endpoint ?? '', bucket, key].join('\n'))
    .digest('hex')
    .slice(0, 24)
}

/**
 * Upload states in `<data dir>/uploads/<id>.json`, schema-checked on read and written atomically (a temporary file,
 * flushed, then renamed over the old one), so a kill at any moment leaves the previous state or the next, never half.
 */
export class UploadStateStore {
  /** Writes of one state happen one after the other, in the order they were asked for. */
  private readonly queues = new Map<string, Promise<void>>()

  constructor(private readonly dir: string) {}

  private file(id: string): string {
    return join(this.dir, `${id}.json`)
  }

  /** The kept state, or null when there is none or it cannot be trusted (torn, edited, from another version). */
  async read(id: string): Promise<UploadState | null> {
    let text: string
    try {
      text = await readFile(this.file(id), 'utf8')
    } catch {
      return null
    }
    try {
      const parsed = uploadStateSchema.safeParse(JSON.parse(text))
      return parsed.success && parsed.data.id === id ? parsed.data : null
    } catch {
      return null
    }
  }

  async list(): Promise<UploadState[]> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    const states = await Promise.all(names.filter((n) => /^[0-9a-f]{24}\.json$/.test(n)).map((n) => this.read(n.slice(0, 24))))
    return states.filter((s): s is UploadState => s !== null)
  }

  write(state: UploadState): Promise<void> {
    const snapshot = JSON.stringify(uploadStateSchema.parse(state))
    const previous = this.queues.get(state.id) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(() => this.writeNow(state.id, snapshot))
    this.queues.set(state.id, next)
    return next
  }

  async delete(id: string): Promise<void> {
    await (this.queues.get(id) ?? Promise.resolve()).catch(() => undefined)
    this.queues.delete(id)
    await rm(this.file(id), { force: true })
  }

  private async writeNow(id: string, text: string): Promise<void> {
    const target = this.file(id)
    const tmp = `${target}.${process.pid}.tmp`
    try {
      await mkdir(this.dir, { recursive: true })
      const handle = await open(tmp, 'w', 0o600)
      try {
        await handle.writeFile(text)
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(tmp, target)
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined)
      throw localFileError(e, this.dir, 'state')
    }
  }
}
