import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLI, jsonLines } from '../../fixtures/cli'
import { keyringSession, type KeyringSession } from '../../fixtures/keyring'
import { S3_TEST_KEYS, startS3Store, type S3TestStore } from '../../emulators/s3/s3-store'

const MiB = 1024 * 1024
const SIZE = 45 * MiB + 777 // five full 8 MiB parts and a sixth of 5 MiB

function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? allFiles(join(dir, name)) : [join(dir, name)]))
}

/**
 * `onair handoff FILE --upload s3://...` as a user runs it: the s3 account saved with `onair credentials set s3` in the
 * real Secret Service, s3rver behind the strict proxy (which holds each part 250 ms, so a kill finds parts in flight).
 */
describe('onair handoff --upload (CLI, keychain, s3rver)', () => {
  let keyring: KeyringSession
  let store: S3TestStore
  let dir: string
  let dataDir: string
  let file: string
  let fileSha: string
  const outputs: string[] = []
  const cli = async (args: string[], input?: string, env: NodeJS.ProcessEnv = {}) => {
    const r = await keyring.run(process.execPath, [CLI, ...args], { input, env: { ONAIR_DATA_DIR: dataDir, ...env }, timeoutMs: 60_000 })
    outputs.push(r.stdout, r.stderr)
    return r
  }

  beforeAll(async () => {
    keyring = keyringSession()
    store = await startS3Store({ buckets: ['shows'], partDelayMs: 250 })
    dir = mkdtempSync(join(tmpdir(), 'onair-upload-cli-'))
    dataDir = join(dir, 'data')
    file = join(dir, 'evening show.mkv')
    const content = randomBytes(SIZE)
    writeFileSync(file, content)
    fileSha = createHash('sha256').update(content).digest('hex')
  })

  afterAll(async () => {
    await store?.stop()
    keyring?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('saves the s3 account in the keychain and lists it masked', async () => {
    const set = await cli(['credentials', 'set', 's3'], JSON.stringify({ ...S3_TEST_KEYS, region: 'us-east-1', endpoint: store.endpoint }))
    expect(set.code, set.stderr).toBe(0)
    expect(set.stdout).toContain('s3:default')
    const list = await cli(['credentials', 'list', '--json'])
    const s3 = jsonLines(list.stdout).find((l) => l.type === 'storage')
    expect(s3).toMatchObject({ kind: 's3', profile: 'default', display: { accessKeyId: S3_TEST_KEYS.accessKeyId, endpoint: store.endpoint } })
    expect((s3?.display as Record<string, string>).secretAccessKey).toMatch(/^•+/)
  })

  it('killed mid-way (SIGKILL), the same command sends only the missing parts; the object equals the file', async () => {
    const args = [CLI, 'handoff', file, '--upload', 's3://shows/evening.mkv', '--json']
    const child = keyring.spawn(process.execPath, args, { env: { ONAIR_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stderr!.on('data', (d) => (stderr += d))
    // Killed (whole process group: no clean end) once two parts are confirmed, with others in flight.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no progress: ${stderr}`)), 30_000)
      child.stdout!.on('data', (d) => {
        stdout += d
        const done = jsonLines(stdout.slice(0, stdout.lastIndexOf('\n') + 1)).filter((l) => l.type === 'progress' && l.state === 'running')
        if (done.some((l) => (l.bytesDone as number) >= 16 * MiB)) {
          clearTimeout(timer)
          process.kill(-child.pid!, 'SIGKILL')
          resolve()
        }
      })
    })
    await new Promise((r) => child.once('exit', r))
    outputs.push(stdout, stderr)
    const [stateFile] = readdirSync(join(dataDir, 'uploads')).filter((n) => n.endsWith('.json'))
    const kept = JSON.parse(readFileSync(join(dataDir, 'uploads', stateFile), 'utf8')) as { parts: unknown[]; uploadId: string }
    expect(kept.parts.length).toBeGreaterThanOrEqual(2)
    expect(kept.parts.length).toBeLessThan(6)
    const sentBefore = store.proxy.count('UploadPart')

    const mark = store.proxy.requests.length
    const again = await cli(['handoff', file, '--upload', 's3://shows/evening.mkv', '--json'])
    expect(again.code, again.stderr).toBe(0)
    const result = jsonLines(again.stdout).find((l) => l.type === 'upload')
    expect(result).toMatchObject({
      state: 'done',
      size: SIZE,
      sha256: fileSha,
      partsTotal: 6,
      partsResumed: kept.parts.length,
      partsSent: 6 - kept.parts.length
    })
    // Counted at the store: only the missing parts crossed the wire, into the same multipart upload.
    const partsAfter = store.proxy.requests.slice(mark).filter((r) => r.operation === 'UploadPart')
    expect(partsAfter).toHaveLength(6 - kept.parts.length)
    expect(new Set(partsAfter.map((r) => r.query.get('uploadId')))).toEqual(new Set([kept.uploadId]))
    expect(store.proxy.count('CreateMultipartUpload', mark)).toBe(0)
    console.log(`resume: ${sentBefore} part requests before the kill (${kept.parts.length} confirmed and kept), ${partsAfter.length} sent after, of 6`)
    // The object as stored in s3rver's files equals the file.
    const stored = allFiles(store.dir).find((p) => p.endsWith('evening.mkv._S3rver_object'))!
    expect(createHash('sha256').update(readFileSync(stored)).digest('hex')).toBe(fileSha)
    expect(readdirSync(join(dataDir, 'uploads')).filter((n) => n.endsWith('.json'))).toEqual([])
  })

  it('--cancel gives up a kept upload: no object, nothing kept', async () => {
    const child = keyring.spawn(process.execPath, [CLI, 'handoff', file, '--upload', 's3://shows/given-up.mkv', '--json'], {
      env: { ONAIR_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'ignore']
    })
    await new Promise<void>((resolve) =>
      child.stdout!.on('data', (d: Buffer) => {
        if (String(d).includes('"bytesDone":8388608')) {
          process.kill(-child.pid!, 'SIGKILL')
          resolve()
        }
      })
    )
    await new Promise((r) => child.once('exit', r))
    const cancel = await cli(['handoff', file, '--upload', 's3://shows/given-up.mkv', '--cancel'])
    expect(cancel.code, cancel.stderr).toBe(0)
    expect(cancel.stdout).toContain('no object was written')
    expect(allFiles(store.dir).some((p) => p.includes('given-up.mkv'))).toBe(false)
    expect(readdirSync(join(dataDir, 'uploads')).filter((n) => n.endsWith('.json'))).toEqual([])
  })

  it('wrong keys and a missing bucket say so in one line; the AWS_* variables work without a saved account', async () => {
    store.proxy.partDelayMs = 0
    const missing = await cli(['handoff', file, '--upload', 's3://not-there/x.mkv'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/bucket "not-there" does not exist.*\[not_found\]/)

    const env = { AWS_ACCESS_KEY_ID: S3_TEST_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_TEST_KEYS.secretAccessKey, AWS_REGION: 'us-east-1' }
    const viaEnv = await cli(['handoff', file, '--upload', 's3://shows/env.mkv', '--profile', 'none-saved', '--endpoint', store.endpoint], undefined, env)
    expect(viaEnv.code, viaEnv.stderr).toBe(0)
    expect(viaEnv.stdout).toMatch(/Uploaded .* to s3:\/\/shows\/env\.mkv: 47 MB in 6 parts/)

    const wrong = await cli(['handoff', file, '--upload', 's3://shows/x.mkv', '--profile', 'none-saved', '--endpoint', store.endpoint], undefined, {
      ...env,
      AWS_SECRET_ACCESS_KEY: 'wrong-secret-value-123'
    })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/refused the access key or its secret \(SignatureDoesNotMatch\).*\[auth\]/)
    expect(wrong.stderr).not.toContain('wrong-secret-value-123')
  })

  it('no secret in any output or data-dir file', () => {
    for (const out of outputs) expect(out).not.toContain(S3_TEST_KEYS.secretAccessKey)
    for (const path of allFiles(dataDir)) expect(readFileSync(path, 'utf8')).not.toContain(S3_TEST_KEYS.secretAccessKey)
  })
})
