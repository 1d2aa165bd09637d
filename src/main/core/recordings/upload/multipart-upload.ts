import { createHash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { extname } from 'node:path'
import { isOnairError, onairError } from '../../../../shared/errors'
import type { HandoffUploadResult } from '../../../../shared/storage'
import { isNoSuchUpload, type MultipartApi } from './multipart-api'
import { localFileError, s3Error } from './upload-errors'
import { checkEtag, MAX_OBJECT_SIZE, missingParts, partRanges, partSizeFor, SpeedMeter, UPLOAD_CONCURRENCY, type PartRange } from './upload-plan'
import type { UploadState, UploadStateStore, UploadedPart } from './upload-state'

/** The object's own record of the file it holds, checked after the upload and by a later resume. */
export const SHA256_METADATA = 'onair-sha256'

export interface UploadJob {
  id: string
  /** Absolute path of the recording. */
  path: string
  bucket: string
  key: string
  region: string
  endpoint?: string
  profile?: string
}

export interface UploadProgress {
  bytesDone: number
  bytesTotal: number
  bytesPerSecond: number
  etaSeconds: number | null
}

export interface UploadDeps {
  api: MultipartApi
  states: UploadStateStore
  onProgress(progress: UploadProgress): void
  now?: () => number
  concurrency?: number
}

export type UploadOutcome = { outcome: 'done'; result: HandoffUploadResult } | { outcome: 'paused' } | { outcome: 'cancelled'; partsLeftOnServer: boolean }

/** Thrown inside the run when pause or cancel stops it; never leaves this file. */
class Stopped extends Error {}

/**
 * One resumable multipart upload (issue 11 item 5). Our own loop rather than lib-storage's `Upload`: that one always
 * starts a new multipart upload and keeps its parts in memory, so it cannot go on with an upload id and the parts a
 * killed process left. Here every part the server confirms is written to the state store before it counts, and a
 * run finds them again: by ListParts where the store has it, else from the state.
 *
 * The object appears only on CompleteMultipartUpload, sent after every part is in: a cancel or a failure before that
 * leaves no object, only parts the store can drop (and drops on AbortMultipartUpload).
 */
export class MultipartUpload {
  private readonly controller = new AbortController()
  private stopping: 'pause' | 'cancel' | null = null
  private state: UploadState | null = null
  private readonly now: () => number

  constructor(
    private readonly job: UploadJob,
    private readonly deps: UploadDeps
  ) {
    this.now = deps.now ?? Date.now
  }

  /** Stops sending; what the server confirmed stays kept for the next run. */
  pause(): void {
    this.stop('pause')
  }

  /** Stops sending and, once the run has settled, aborts the multipart upload and forgets it. */
  cancel(): void {
    this.stop('cancel')
  }

  private stop(how: 'pause' | 'cancel'): void {
    if (this.stopping === 'cancel') return
    this.stopping = how
    this.controller.abort()
  }

  async run(): Promise<UploadOutcome> {
    const started = this.now()
    let file: FileHandle
    try {
      file = await open(this.job.path, 'r')
    } catch (e) {
      throw localFileError(e, this.job.path, 'file')
    }
    try {
      return await this.runWith(file, started)
    } catch (e) {
      if (!(e instanceof Stopped)) throw e
      if (this.stopping === 'pause') return { outcome: 'paused' }
      return { outcome: 'cancelled', partsLeftOnServer: await this.forget() }
    } finally {
      await file.close().catch(() => undefined)
    }
  }

  private async runWith(file: FileHandle, started: number): Promise<UploadOutcome> {
    const { api, states } = this.deps
    const stat = await file.stat().catch((e: unknown) => {
      throw localFileError(e, this.job.path, 'file')
    })
    if (!stat.isFile()) throw localFileError(Object.assign(new Error(), { code: 'EISDIR' }), this.job.path, 'file')
    if (stat.size === 0) throw onairError('invalid_request', `${this.job.path} is empty: there is nothing to upload.`, { field: 'file' })
    if (stat.size > MAX_OBJECT_SIZE) throw onairError('invalid_request', `${this.job.path} is larger than S3's largest object (5 TiB).`, { field: 'file' })

    const found = await this.resumable(await states.read(this.job.id), stat.size, stat.mtimeMs)
    if (found && 'outcome' in found) return found
    let state: UploadState | null = found
    if (!state) {
      const { sha256, md5 } = await this.hash(file)
      this.checkStop()
      const uploadId = await this.call(() =>
        api.create({ bucket: this.job.bucket, key: this.job.key, metadata: { [SHA256_METADATA]: sha256 }, contentType: contentType(this.job.path) })
      )
      state = {
        version: 1,
        id: this.job.id,
        path: this.job.path,
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        sha256,
        md5,
        partSize: partSizeFor(stat.size),
        ...(this.job.endpoint ? { endpoint: this.job.endpoint } : {}),
        ...(this.job.profile ? { profile: this.job.profile } : {}),
        region: this.job.region,
        bucket: this.job.bucket,
        key: this.job.key,
        uploadId,
        startedAt: new Date(this.now()).toISOString(),
        parts: []
      }
      this.state = state
      try {
        await states.write(state)
      } catch (e) {
        // Unkept, this upload could never be found again: the store may drop it now.
        await api.abort({ bucket: state.bucket, key: state.key, uploadId }).catch(() => undefined)
        throw e
      }
    }
    this.state = state
    const ranges = partRanges(state.size, state.partSize)
    const resumed = state.parts.length
    const sent = await this.sendMissing(file, state, ranges)
    this.checkStop()

    const parts = [...state.parts].sort((a, b) => a.number - b.number)
    const completed = await this.call(async () => {
      try {
        return await api.complete({ bucket: state.bucket, key: state.key, uploadId: state.uploadId, parts })
      } catch (e) {
        // The answer to an earlier Complete was lost (a drop, a kill): the upload is gone because the object exists.
        // verify() below says whether it is ours; an upload the store dropped otherwise starts over next time.
        if (!isNoSuchUpload(e)) throw e
        if (!(await api.head({ bucket: state.bucket, key: state.key }))) {
          await states.delete(state.id)
          throw onairError('server', 'The storage dropped this upload before it was complete; run it again to start over.', { retryable: true })
        }
        return { etag: undefined }
      }
    })
    const checked = await this.verify(state, completed.etag)
    await states.delete(state.id)
    const seconds = (this.now() - started) / 1000
    const sentBytes = ranges.filter((r) => sent.has(r.number)).reduce((n, r) => n + r.end - r.start, 0)
    return {
      outcome: 'done',
      result: {
        id: state.id,
        path: state.path,
        bucket: state.bucket,
        key: state.key,
        size: state.size,
        sha256: state.sha256,
        checked,
        partsTotal: ranges.length,
        partsSent: sent.size,
        partsResumed: resumed,
        seconds: Math.round(seconds * 1000) / 1000,
        bytesPerSecond: seconds > 0 ? Math.round(sentBytes / seconds) : 0
      }
    }
  }

  /**
   * The kept state if it still describes this file and an upload the server holds, its part list brought up to date
   * by ListParts where the store has it; else null (and the old upload, if any, given up). A killed run may have
   * completed the object before it could forget its state: then that object, checked, is the result.
   */
  private async resumable(kept: UploadState | null, size: number, mtimeMs: number): Promise<UploadState | null | Extract<UploadOutcome, { outcome: 'done' }>> {
    if (!kept) return null
    const { api, states } = this.deps
    const sameFile = kept.size === size && kept.mtimeMs === mtimeMs && kept.path === this.job.path
    const samePlace = kept.region === this.job.region && kept.bucket === this.job.bucket && kept.key === this.job.key
    if (!sameFile || !samePlace) {
      await api.abort({ bucket: kept.bucket, key: kept.key, uploadId: kept.uploadId }).catch(() => undefined)
      await states.delete(kept.id)
      return null
    }
    let listed: Awaited<ReturnType<MultipartApi['listParts']>>
    try {
      listed = await api.listParts({ bucket: kept.bucket, key: kept.key, uploadId: kept.uploadId })
    } catch (e) {
      if (!isNoSuchUpload(e)) throw s3Error(e, this.job)
      const head = await this.call(() => api.head({ bucket: kept.bucket, key: kept.key }))
      if (head && head.size === kept.size && head.metadata[SHA256_METADATA] === kept.sha256) {
        this.state = kept
        const checked = await this.verify(kept, head.etag)
        await states.delete(kept.id)
        const partsTotal = partRanges(kept.size, kept.partSize).length
        return {
          outcome: 'done',
          result: { ...pick(kept), checked, partsTotal, partsSent: 0, partsResumed: partsTotal, seconds: 0, bytesPerSecond: 0 }
        }
      }
      await states.delete(kept.id)
      return null
    }
    if (listed === null) return kept
    // The server's list is the truth: a part it lost is sent again; one it holds that the state missed (killed
    // between the answer and the write) is kept if it has the MD5 of our bytes.
    const ranges = new Map(partRanges(kept.size, kept.partSize).map((r) => [r.number, r]))
    const keptParts = new Map(kept.parts.map((p) => [p.number, p]))
    const parts: UploadedPart[] = []
    for (const p of listed) {
      const range = ranges.get(p.number)
      if (!range || p.size !== range.end - range.start) continue
      const mine = keptParts.get(p.number)
      if (mine && bareEtag(mine.etag) === bareEtag(p.etag)) parts.push(mine)
      else {
        const md5 = await this.md5Of(range)
        if (bareEtag(p.etag) === md5) parts.push({ number: p.number, etag: p.etag, md5 })
      }
    }
    return { ...kept, parts }
  }

  /** Sends the parts not yet on the server, four at a time; resolves with the numbers this run sent. */
  private async sendMissing(file: FileHandle, state: UploadState, ranges: PartRange[]): Promise<Set<number>> {
    const queue = missingParts(ranges, state.parts)
    const sent = new Set<number>()
    const meter = new SpeedMeter(10_000, this.now)
    let sentBytes = 0
    let done = state.size - queue.reduce((n, r) => n + r.end - r.start, 0)
    const report = () =>
      this.deps.onProgress({ bytesDone: done, bytesTotal: state.size, bytesPerSecond: meter.bytesPerSecond(), etaSeconds: meter.etaSeconds(state.size - done) })
    report()
    let failure: unknown = null
    const worker = async () => {
      for (let range = queue.shift(); range; range = queue.shift()) {
        this.checkStop()
        const body = await readRange(file, range, this.job.path)
        const md5 = createHash('md5').update(body).digest('hex')
        this.checkStop()
        const etag = await this.deps.api.uploadPart(
          { bucket: state.bucket, key: state.key, uploadId: state.uploadId, number: range.number, body, md5 },
          this.controller.signal
        )
        state.parts.push({ number: range.number, etag, md5 })
        await this.deps.states.write(state)
        sent.add(range.number)
        sentBytes += body.length
        done += body.length
        meter.add(sentBytes)
        report()
      }
    }
    const workers = Array.from({ length: Math.min(this.deps.concurrency ?? UPLOAD_CONCURRENCY, queue.length) }, () =>
      worker().catch((e: unknown) => {
        // The first real failure stops the others; their aborted requests are not the reason.
        if (failure === null && !this.stopping) {
          failure = e
          this.controller.abort()
        }
      })
    )
    await Promise.all(workers)
    if (this.stopping) throw new Stopped()
    if (failure !== null) throw isOnairError(failure) ? failure : s3Error(failure, this.job)
    return sent
  }

  /** Size, then content: the ETag against the parts' MD5s, and our SHA-256 where the store kept the metadata. */
  private async verify(state: UploadState, completedEtag: string | undefined): Promise<HandoffUploadResult['checked']> {
    const head = await this.call(() => this.deps.api.head({ bucket: state.bucket, key: state.key }))
    if (!head) throw onairError('bad_response', `The storage reports no object at s3://${state.bucket}/${state.key} after the upload completed.`)
    if (head.size !== state.size) {
      throw onairError('bad_response', `The stored object has ${head.size} bytes, the file ${state.size}: it was not stored whole. Run the upload again.`, {
        retryable: true
      })
    }
    const stored = head.metadata[SHA256_METADATA]
    if (stored !== undefined && stored !== state.sha256) {
      throw onairError('bad_response', 'The stored object carries another SHA-256 than the file: run the upload again.', { retryable: true })
    }
    const md5s = [...state.parts].sort((a, b) => a.number - b.number).map((p) => p.md5)
    const checked = checkEtag(head.etag ?? completedEtag, md5s, state.md5)
    if (checked === 'mismatch')
      throw onairError('bad_response', "The stored object's checksum differs from the file's: run the upload again.", { retryable: true })
    return checked
  }

  /** SHA-256 (kept as the object's metadata) and MD5 (the ETag check) of the whole file, in one read. */
  private async hash(file: FileHandle): Promise<{ sha256: string; md5: string }> {
    const sha = createHash('sha256')
    const md5 = createHash('md5')
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024)
    for (let position = 0; ;) {
      this.checkStop()
      const { bytesRead } = await file.read(buffer, 0, buffer.length, position).catch((e: unknown) => {
        throw localFileError(e, this.job.path, 'file')
      })
      if (bytesRead === 0) break
      sha.update(buffer.subarray(0, bytesRead))
      md5.update(buffer.subarray(0, bytesRead))
      position += bytesRead
    }
    return { sha256: sha.digest('hex'), md5: md5.digest('hex') }
  }

  private async md5Of(range: PartRange): Promise<string> {
    const file = await open(this.job.path, 'r').catch((e: unknown) => {
      throw localFileError(e, this.job.path, 'file')
    })
    try {
      return createHash('md5')
        .update(await readRange(file, range, this.job.path))
        .digest('hex')
    } finally {
      await file.close()
    }
  }

  /** After a cancel: the multipart upload aborted where the store allows it, the state forgotten either way. */
  private async forget(): Promise<boolean> {
    const state = this.state
    if (!state) return false
    await this.deps.states.delete(state.id)
    const aborted = await this.deps.api.abort({ bucket: state.bucket, key: state.key, uploadId: state.uploadId }).catch(() => 'unsupported' as const)
    return aborted === 'unsupported'
  }

  private checkStop(): void {
    if (this.stopping) throw new Stopped()
  }

  /** One S3 call, its failure typed; a stop meanwhile wins over whatever the call said. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      if (this.stopping) throw new Stopped()
      throw isOnairError(e) ? e : s3Error(e, this.job)
    }
  }
}

/** Gives up a kept upload that is not running (`onair handoff ... --cancel` after a kill). */
export async function cancelKeptUpload(api: MultipartApi, states: UploadStateStore, state: UploadState): Promise<{ partsLeftOnServer: boolean }> {
  await states.delete(state.id)
  const aborted = await api.abort({ bucket: state.bucket, key: state.key, uploadId: state.uploadId }).catch(() => 'unsupported' as const)
  return { partsLeftOnServer: aborted === 'unsupported' }
}

async function readRange(file: FileHandle, range: PartRange, path: string): Promise<Buffer> {
  const body = Buffer.allocUnsafe(range.end - range.start)
  let filled = 0
  while (filled < body.length) {
    const { bytesRead } = await file.read(body, filled, body.length - filled, range.start + filled).catch((e: unknown) => {
      throw localFileError(e, path, 'file')
    })
    // The file got shorter under us: what was planned can no longer be sent as it was.
    if (bytesRead === 0) throw onairError('recording_unavailable', `${path} changed while it was being uploaded; run the upload again.`, { field: 'file' })
    filled += bytesRead
  }
  return body
}

function bareEtag(etag: string): string {
  return etag.replace(/"/g, '').toLowerCase()
}

function pick(state: UploadState): Pick<HandoffUploadResult, 'id' | 'path' | 'bucket' | 'key' | 'size' | 'sha256'> {
  return { id: state.id, path: state.path, bucket: state.bucket, key: state.key, size: state.size, sha256: state.sha256 }
}

function contentType(path: string): string {
  const types: Record<string, string> = {
    '.mkv': 'video/x-matroska',
    '.mp4': 'video/mp4',
    '.mov': 'video/quicktime',
    '.flv': 'video/x-flv',
    '.webm': 'video/webm'
  }
  return types[extname(path).toLowerCase()] ?? 'application/octet-stream'
}
