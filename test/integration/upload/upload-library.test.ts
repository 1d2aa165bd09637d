import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { OnairCore } from '../../../src/main/core/onair-core'
import { S3_TEST_KEYS, startS3Store, type S3TestStore } from '../../emulators/s3/s3-store'

/** An upload from the recordings library, as the app's Recordings place asks for it (by id, through `onair serve`'s core). */
describe('uploading a recording of the library', () => {
  let store: S3TestStore
  let dir: string
  let core: OnairCore
  let inside: string

  beforeAll(async () => {
    store = await startS3Store({ buckets: ['shows'], partDelayMs: 100 })
    dir = mkdtempSync(join(tmpdir(), 'onair-upload-lib-'))
    mkdirSync(join(dir, 'recordings'))
    inside = join(dir, 'recordings', 'show.mkv')
    writeFileSync(inside, randomBytes(17 * 1024 * 1024))
    writeFileSync(join(dir, 'elsewhere.txt'), 'not a recording')
    core = createCore({ shell: 'serve', version: 'test', dataDir: dir, credentialStore: new MemoryCredentialStore(), repairRecordings: false })
    await core.dispatch('storage:save', { kind: 's3', fields: { ...S3_TEST_KEYS, endpoint: store.endpoint } })
  })

  afterAll(async () => {
    await core?.shutdown()
    await store?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('is refused while recorded, held while uploaded (not deletable), then marked uploaded', async () => {
    const library = core.services.recordings!
    const entry = library.begin({ path: inside, sessionId: null, kind: 'record', destinations: [], startedAt: Date.now() })
    const early = await core.dispatch('handoff:upload', { recording: entry.id, upload: 's3://shows/' })
    expect(early.ok || early.error).toMatchObject({ code: 'invalid_request', field: 'recording' })

    library.finish(entry.id, { path: inside, complete: true, seconds: 12 }, Date.now())
    const upload = core.dispatch('handoff:upload', { recording: entry.id, upload: 's3://shows/' })
    await new Promise<void>((resolve) => {
      const off = core.onDidEmit((event) => event === 'handoff:progress' && (off(), resolve()))
    })
    const deleting = await core.dispatch('recordings:delete', { id: entry.id })
    expect(deleting.ok || deleting.error).toMatchObject({ code: 'recording_in_use' })
    const done = await upload
    expect(done.ok && done.value).toMatchObject({ state: 'done', key: 'show.mkv', partsTotal: 3 })
    expect((await library.get(entry.id)).state).toBe('uploaded')
  })

  it('takes no file outside the recordings folder from a client other than the CLI', async () => {
    const outside = await core.dispatch('handoff:upload', { recording: join(dir, 'elsewhere.txt'), upload: 's3://shows/x' })
    expect(outside.ok || outside.error).toMatchObject({ code: 'invalid_request', field: 'recording' })
    const relative = await core.dispatch('handoff:upload', { recording: 'recordings/show.mkv', upload: 's3://shows/x' })
    expect(relative.ok || relative.error).toMatchObject({ code: 'invalid_request', field: 'recording' })
    // And the AWS variables are the CLI's only: without a saved account, the app has none.
    const noAccount = await core.dispatch('handoff:upload', { recording: inside, upload: 's3://shows/x', profile: 'none' })
    expect(noAccount.ok || noAccount.error).toMatchObject({ code: 'credentials_missing' })
  })
})
