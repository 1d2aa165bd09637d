import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import type { HandoffProgress } from '../../../src/shared/contract'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { OnairCore } from '../../../src/main/core/onair-core'
import { S3_TEST_KEYS, startS3Store, type S3TestStore } from '../../emulators/s3/s3-store'
import { fillUpTo, mountTmpfs, mountUnavailable } from '../../fixtures/mounts'

// Mounting a full file system needs root (CI and the build machine run tests as root).
const cannotMount = await mountUnavailable()

const MiB = 1024 * 1024

/** Upload through the core, as the app and the CLI do, to s3rver behind the strict signature-checking proxy. */
describe('upload handoff to S3-compatible storage (core, s3rver)', () => {
  let store: S3TestStore
  let dir: string
  let file: string
  let fileSha: string
  let core: OnairCore
  let reader: S3Client
  const progress: HandoffProgress[] = []

  beforeAll(async () => {
    store = await startS3Store({ buckets: ['shows'] })
    dir = mkdtempSync(join(tmpdir(), 'onair-upload-'))
    file = join(dir, 'show.mkv')
    // 41 MiB + a tail: five full 8 MiB parts and a short sixth.
    const content = randomBytes(41 * MiB + 12_345)
    writeFileSync(file, content)
    fileSha = createHash('sha256').update(content).digest('hex')
    core = createCore({ shell: 'cli', version: 'test', dataDir: join(dir, 'data'), credentialStore: new MemoryCredentialStore(), repairRecordings: false })
    core.onDidEmit((event, payload) => event === 'handoff:progress' && progress.push(payload as HandoffProgress))
    const saved = await core.dispatch('storage:save', { kind: 's3', fields: { ...S3_TEST_KEYS, endpoint: store.endpoint } })
    expect(saved.ok).toBe(true)
    reader = new S3Client({ endpoint: store.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { ...S3_TEST_KEYS } })
  })

  afterAll(async () => {
    reader?.destroy()
    await core?.shutdown()
    await store?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const objectSha = async (key: string) => {
    const out = await reader.send(new GetObjectCommand({ Bucket: 'shows', Key: key }))
    const bytes = Buffer.from(await out.Body!.transformToByteArray())
    return { size: bytes.length, sha: createHash('sha256').update(bytes).digest('hex') }
  }
  const keys = async () => ((await reader.send(new ListObjectsV2Command({ Bucket: 'shows' }))).Contents ?? []).map((o) => o.Key)

  it('stores the whole file in 8 MiB parts, four at a time, and checks size and checksum', async () => {
    const from = store.proxy.requests.length
    const started = Date.now()
    const result = await core.dispatch('handoff:upload', { recording: file, upload: 's3://shows/2026/' })
    const seconds = (Date.now() - started) / 1000
    expect(result.ok, JSON.stringify(result)).toBe(true)
    if (!result.ok || result.value.state !== 'done') throw new Error('not done')
    expect(result.value).toMatchObject({ key: '2026/show.mkv', size: 41 * MiB + 12_345, sha256: fileSha, partsTotal: 6, partsSent: 6, partsResumed: 0 })
    // s3rver's ETag is the whole object's MD5; AWS's would be the multipart one. Either is checked.
    expect(['md5', 'multipart-etag']).toContain(result.value.checked)
    expect(store.proxy.count('UploadPart', from)).toBe(6)
    expect(await objectSha('2026/show.mkv')).toEqual({ size: 41 * MiB + 12_345, sha: fileSha })
    // Progress: bytes rise to the total, with a speed; the last says done.
    const mine = progress.filter((p) => p.id === result.value.id)
    expect(mine.at(-1)).toMatchObject({ state: 'done', bytesDone: 41 * MiB + 12_345, bytesTotal: 41 * MiB + 12_345, kind: 'upload' })
    const running = mine.filter((p) => p.state === 'running')
    expect(running.length).toBeGreaterThanOrEqual(6)
    expect(running.map((p) => p.bytesDone)).toEqual([...running.map((p) => p.bytesDone)].sort((a, b) => a - b))
    expect(running.some((p) => p.bytesPerSecond > 0 && p.etaSeconds !== null)).toBe(true)
    console.log(
      `upload: ${(41 + 12_345 / MiB).toFixed(1)} MiB in ${seconds.toFixed(2)} s = ${(41 / seconds).toFixed(0)} MiB/s (to s3rver via the proxy, loopback)`
    )
    // Nothing kept once done.
    expect(existsSync(join(dir, 'data', 'uploads')) ? readdirSync(join(dir, 'data', 'uploads')) : []).toEqual([])
  })

  it('cancel stops the upload and leaves no object (s3rver answers 405 to AbortMultipartUpload)', async () => {
    store.proxy.dropParts = 0
    const upload = core.dispatch('handoff:upload', { recording: file, upload: 's3://shows/cancelled.mkv' })
    const first = await new Promise<HandoffProgress>((resolve) => {
      const off = core.onDidEmit((event, payload) => {
        if (event === 'handoff:progress' && (payload as HandoffProgress).target === 's3://shows/cancelled.mkv' && (payload as HandoffProgress).bytesDone > 0) {
          off()
          resolve(payload as HandoffProgress)
        }
      })
    })
    const cancelled = await core.dispatch('handoff:cancel', { id: first.id })
    expect(cancelled).toEqual({ ok: true, value: { cancelled: true, partsLeftOnServer: true } })
    const outcome = await upload
    expect(outcome.ok && outcome.value.state).toBe('cancelled')
    expect(await keys()).not.toContain('cancelled.mkv')
    expect(readdirSync(join(dir, 'data', 'uploads'))).toEqual([])
  })

  it('a missing bucket and wrong keys are typed errors; the recording is kept', async () => {
    const missing = await core.dispatch('handoff:upload', { recording: file, upload: 's3://no-such-bucket/x.mkv' })
    expect(missing.ok || missing.error).toMatchObject({ code: 'not_found', field: 'bucket' })

    const savedWrong = await core.dispatch('storage:save', {
      kind: 's3',
      profile: 'wrong-secret',
      fields: { ...S3_TEST_KEYS, secretAccessKey: 'not-the-secret-1234', endpoint: store.endpoint }
    })
    expect(savedWrong.ok, JSON.stringify(savedWrong)).toBe(true)
    const wrongSecret = await core.dispatch('handoff:upload', { recording: file, upload: 's3://shows/x.mkv', profile: 'wrong-secret' })
    expect(wrongSecret.ok || wrongSecret.error).toMatchObject({ code: 'auth', data: { s3Code: 'SignatureDoesNotMatch' } })
    expect(JSON.stringify(wrongSecret)).not.toContain('not-the-secret-1234')

    await core.dispatch('storage:save', { kind: 's3', profile: 'wrong-key', fields: { ...S3_TEST_KEYS, accessKeyId: 'AKIAWRONG', endpoint: store.endpoint } })
    const wrongKey = await core.dispatch('handoff:upload', { recording: file, upload: 's3://shows/x.mkv', profile: 'wrong-key' })
    expect(wrongKey.ok || wrongKey.error).toMatchObject({ code: 'auth', data: { s3Code: 'InvalidAccessKeyId' } })

    const elsewhere = await core.dispatch('handoff:upload', { recording: file, upload: 's3://shows/x.mkv', endpoint: 'http://127.0.0.1:9' })
    expect(elsewhere.ok || elsewhere.error).toMatchObject({ code: 'api_base_mismatch' })
    const noFile = await core.dispatch('handoff:upload', { recording: join(dir, 'gone.mkv'), upload: 's3://shows/x.mkv' })
    expect(noFile.ok || noFile.error).toMatchObject({ code: 'not_found', field: 'file' })
    expect(existsSync(file)).toBe(true)
    expect(await keys()).not.toContain('x.mkv')
  })

  it('a network drop mid-way is a retryable network error; the next run sends only the missing parts', async () => {
    const from = store.proxy.requests.length
    // Parts go through until the third is cut, then every connection for a part is cut (the SDK's retries included).
    let passed = 0
    const off = core.onDidEmit((event, payload) => {
      if (event === 'handoff:progress' && (payload as HandoffProgress).state === 'running' && (payload as HandoffProgress).bytesDone > 0 && ++passed === 2)
        store.proxy.dropParts = -1
    })
    const dropped = await core.dispatch('handoff:upload', { recording: file, upload: 's3://shows/dropped.mkv' })
    off()
    store.proxy.dropParts = 0
    expect(dropped.ok || dropped.error).toMatchObject({ code: 'network', retryable: true })
    const kept = readdirSync(join(dir, 'data', 'uploads'))
    expect(kept).toHaveLength(1)
    // What the Recordings place lists after a restart: paused, with the bytes already on the server.
    const listed = await core.dispatch('handoff:list', {})
    expect(listed.ok && listed.value).toEqual([
      expect.objectContaining({ kind: 'upload', state: 'paused', target: 's3://shows/dropped.mkv', profile: 'default', bytesTotal: 41 * MiB + 12_345 })
    ])
    expect(listed.ok && listed.value[0].bytesDone).toBeGreaterThanOrEqual(16 * MiB)
    const before =
      store.proxy.count('UploadPart', from) - store.proxy.requests.slice(from).filter((r) => r.operation === 'UploadPart' && r.status !== 200).length
    const again = store.proxy.requests.length
    const resumed = await core.dispatch('handoff:upload', { recording: file, upload: 's3://shows/dropped.mkv' })
    expect(resumed.ok, JSON.stringify(resumed)).toBe(true)
    if (!resumed.ok || resumed.value.state !== 'done') throw new Error('not done')
    expect(resumed.value.partsResumed).toBeGreaterThanOrEqual(2)
    expect(resumed.value.partsResumed + resumed.value.partsSent).toBe(6)
    expect(store.proxy.count('UploadPart', again)).toBe(resumed.value.partsSent)
    expect(before).toBeGreaterThanOrEqual(resumed.value.partsResumed)
    expect(await objectSha('dropped.mkv')).toEqual({ size: 41 * MiB + 12_345, sha: fileSha })
  })

  it.skipIf(cannotMount)('a full disk where the progress is kept is disk_full, and the recording is left as it was', async () => {
    const mount = await mountTmpfs(256 * 1024)
    const full = createCore({ shell: 'cli', version: 'test', dataDir: mount.dir, credentialStore: new MemoryCredentialStore(), repairRecordings: false })
    try {
      await full.dispatch('storage:save', { kind: 's3', fields: { ...S3_TEST_KEYS, endpoint: store.endpoint } })
      await fillUpTo(mount.dir, 0)
      const result = await full.dispatch('handoff:upload', { recording: file, upload: 's3://shows/full.mkv' })
      expect(result.ok || result.error).toMatchObject({ code: 'disk_full', retryable: true })
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(fileSha)
      expect(await keys()).not.toContain('full.mkv')
    } finally {
      await full.shutdown()
      await mount.release()
    }
  })
})
