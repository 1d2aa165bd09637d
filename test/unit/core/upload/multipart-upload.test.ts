import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MultipartApi } from '../../../../src/main/core/recordings/upload/multipart-api'
import { MultipartUpload, SHA256_METADATA, type UploadJob } from '../../../../src/main/core/recordings/upload/multipart-upload'
import { uploadId, UploadStateStore } from '../../../../src/main/core/recordings/upload/upload-state'

const MiB = 1024 * 1024
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex')
const s3Err = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } })

/** An in-memory S3 that does what AWS does (ListParts, Abort, the multipart ETag), and records the calls. */
class FakeS3 implements MultipartApi {
  uploads = new Map<string, { key: string; metadata: Record<string, string>; parts: Map<number, Buffer> }>()
  objects = new Map<string, { body: Buffer; etag: string; metadata: Record<string, string> }>()
  calls: string[] = []
  listSupported = true
  failPart: number | null = null
  private next = 1

  async create({ key, metadata }: { key: string; metadata: Record<string, string> }) {
    this.calls.push('create')
    const id = `upload-${this.next++}`
    this.uploads.set(id, { key, metadata, parts: new Map() })
    return id
  }
  async uploadPart({ uploadId, number, body, md5: sent }: { uploadId: string; number: number; body: Buffer; md5: string }) {
    this.calls.push(`part ${number}`)
    if (this.failPart === number) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
    const upload = this.uploads.get(uploadId)
    if (!upload) throw s3Err('NoSuchUpload', 404)
    if (md5(body) !== sent) throw s3Err('BadDigest', 400)
    upload.parts.set(number, Buffer.from(body))
    return `"${sent}"`
  }
  async listParts({ uploadId }: { uploadId: string }) {
    this.calls.push('list')
    if (!this.listSupported) return null
    const upload = this.uploads.get(uploadId)
    if (!upload) throw s3Err('NoSuchUpload', 404)
    return [...upload.parts].map(([number, body]) => ({ number, etag: `"${md5(body)}"`, size: body.length }))
  }
  async complete({ uploadId, parts }: { uploadId: string; parts: Array<{ number: number; etag: string }> }) {
    this.calls.push('complete')
    const upload = this.uploads.get(uploadId)
    if (!upload) throw s3Err('NoSuchUpload', 404)
    const bodies = parts.map((p) => upload.parts.get(p.number)!)
    const etag = `"${md5(Buffer.concat(bodies.map((b) => Buffer.from(md5(b), 'hex'))))}-${bodies.length}"`
    this.objects.set(upload.key, { body: Buffer.concat(bodies), etag, metadata: upload.metadata })
    this.uploads.delete(uploadId)
    return { etag }
  }
  async abort({ uploadId }: { uploadId: string }) {
    this.calls.push('abort')
    this.uploads.delete(uploadId)
    return 'aborted' as const
  }
  async head({ key }: { key: string }) {
    const o = this.objects.get(key)
    return o ? { size: o.body.length, etag: o.etag, metadata: o.metadata } : null
  }
  close() {}
}

describe('one resumable multipart upload', () => {
  let dir: string
  let file: string
  let content: Buffer
  let states: UploadStateStore
  const job = (): UploadJob => ({ id: uploadId(file, undefined, 'shows', 'show.mkv'), path: file, bucket: 'shows', key: 'show.mkv', region: 'us-east-1' })
  const upload = (s3: FakeS3) => new MultipartUpload(job(), { api: s3, states, onProgress: () => {} })

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onair-multipart-'))
    file = join(dir, 'show.mkv')
    content = randomBytes(20 * MiB + 3)
    writeFileSync(file, content)
    states = new UploadStateStore(join(dir, 'uploads'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("uploads in 8 MiB parts with each part's MD5, and checks the multipart ETag", async () => {
    const s3 = new FakeS3()
    const outcome = await upload(s3).run()
    expect(outcome).toMatchObject({ outcome: 'done', result: { checked: 'multipart-etag', partsTotal: 3, partsSent: 3, size: content.length } })
    expect(s3.objects.get('show.mkv')!.body.equals(content)).toBe(true)
    expect(s3.objects.get('show.mkv')!.metadata[SHA256_METADATA]).toBe(createHash('sha256').update(content).digest('hex'))
    expect(readdirSync(join(dir, 'uploads'))).toEqual([])
  })

  it('after a failure, ListParts is the truth: a part the state missed is kept if its MD5 is ours, a lost one is sent again', async () => {
    const s3 = new FakeS3()
    s3.failPart = 3
    await expect(upload(s3).run()).rejects.toMatchObject({ value: { code: 'network', retryable: true } })
    const kept = (await states.read(job().id))!
    const server = s3.uploads.get(kept.uploadId)!
    // The server lost part 1; the state never heard of a part 3 the server has (killed between answer and write).
    server.parts.delete(1)
    server.parts.set(3, content.subarray(16 * MiB))
    s3.failPart = null
    s3.calls = []
    const outcome = await upload(s3).run()
    expect(s3.calls).toEqual(['list', 'part 1', 'complete'])
    expect(outcome).toMatchObject({ outcome: 'done', result: { partsSent: 1, partsResumed: 2 } })
    expect(s3.objects.get('show.mkv')!.body.equals(content)).toBe(true)
  })

  it('where the store has no ListParts, the kept parts are trusted', async () => {
    const s3 = new FakeS3()
    s3.listSupported = false
    s3.failPart = 2
    await expect(upload(s3).run()).rejects.toMatchObject({ value: { code: 'network' } })
    s3.failPart = null
    s3.calls = []
    const outcome = await upload(s3).run()
    expect(s3.calls.filter((c) => c.startsWith('part')).sort()).toEqual(['part 2', ...(s3.calls.includes('part 3') ? ['part 3'] : [])])
    expect(outcome).toMatchObject({ outcome: 'done' })
    expect(s3.objects.get('show.mkv')!.body.equals(content)).toBe(true)
  })

  it('killed after CompleteMultipartUpload but before forgetting: the next run finds the object and checks it', async () => {
    const s3 = new FakeS3()
    s3.failPart = 3
    await expect(upload(s3).run()).rejects.toBeTruthy()
    const kept = (await states.read(job().id))!
    s3.failPart = null
    // Every part confirmed and kept (Complete is sent only then), the object completed, then the kill.
    const last = content.subarray(16 * MiB)
    const etag = await s3.uploadPart({ uploadId: kept.uploadId, number: 3, body: last, md5: md5(last) })
    await states.write({ ...kept, parts: [...kept.parts, { number: 3, etag, md5: md5(last) }] })
    await s3.complete({ uploadId: kept.uploadId, parts: [1, 2, 3].map((number) => ({ number, etag: '' })) })
    s3.calls = []
    const outcome = await upload(s3).run()
    expect(outcome).toMatchObject({ outcome: 'done', result: { partsSent: 0, checked: 'multipart-etag' } })
    expect(s3.calls).toEqual(['list'])
  })

  it('a file changed since the kept upload starts over, and the old upload is aborted', async () => {
    const s3 = new FakeS3()
    s3.failPart = 2
    await expect(upload(s3).run()).rejects.toBeTruthy()
    utimesSync(file, new Date(), new Date(Date.now() + 5000))
    s3.failPart = null
    s3.calls = []
    await upload(s3).run()
    expect(s3.calls.slice(0, 2)).toEqual(['abort', 'create'])
  })

  it('a damaged state file is not trusted', async () => {
    const s3 = new FakeS3()
    s3.failPart = 2
    await expect(upload(s3).run()).rejects.toBeTruthy()
    writeFileSync(join(dir, 'uploads', `${job().id}.json`), '{"version":1,"id":"x"')
    expect(await states.read(job().id)).toBeNull()
    s3.failPart = null
    s3.calls = []
    await upload(s3).run()
    expect(s3.calls[0]).toBe('create')
  })

  it('cancel stops at once and aborts; pause keeps the state', async () => {
    const s3 = new FakeS3()
    const paused = upload(s3)
    const pausedRun = paused.run()
    paused.pause()
    expect(await pausedRun).toEqual({ outcome: 'paused' })
    const cancelled = upload(s3)
    const run = cancelled.run()
    setTimeout(() => cancelled.cancel(), 5)
    const outcome = await run
    expect(['cancelled', 'done']).toContain(outcome.outcome)
    if (outcome.outcome === 'cancelled') {
      expect(s3.objects.has('show.mkv')).toBe(false)
      expect(await states.read(job().id)).toBeNull()
    }
  })

  it('the lost answer of a Complete that went through (a store without ListParts): the object is found and checked', async () => {
    const s3 = new FakeS3()
    s3.listSupported = false
    const realComplete = s3.complete.bind(s3)
    s3.complete = async (input) => {
      await realComplete(input)
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    }
    await expect(upload(s3).run()).rejects.toMatchObject({ value: { code: 'network' } })
    s3.complete = realComplete
    s3.calls = []
    const outcome = await upload(s3).run()
    expect(outcome).toMatchObject({ outcome: 'done', result: { partsSent: 0, checked: 'multipart-etag' } })
    expect(await states.read(job().id)).toBeNull()
  })
})
