import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, readFileSync, statSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keyringSession, type KeyringSession } from '../fixtures/keyring'
import { run } from '../fixtures/run'
import { CLI } from '../fixtures/cli'

const STREAM_KEY = 'live_8842_SuperSecretStreamKey'
const SIGMA_SECRET = 'sigma-secret-Zq81xT0p'

/** Every file under a directory, recursively. */
function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? allFiles(p) : [p]
  })
}

describe('credentials in the OS keychain (Secret Service via gnome-keyring)', () => {
  let keyring: KeyringSession
  let dataDir: string
  const cli = (args: string[], input?: string) => keyring.run(process.execPath, [CLI, ...args], { input, env: { ONAIR_DATA_DIR: dataDir } })

  beforeAll(() => {
    keyring = keyringSession()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-data-'))
  })
  afterAll(() => keyring?.close())

  it('stores, lists (masked) and deletes accounts through the real Secret Service', async () => {
    const set = await cli(['credentials', 'set', 'custom'], JSON.stringify({ serverUrl: 'rtmp://live.example.com/app', streamKey: STREAM_KEY }))
    expect(set.stderr + set.stdout).not.toContain(STREAM_KEY)
    expect(set.code, set.stderr).toBe(0)
    const sigma = await cli(
      ['credentials', 'set', 'sigma', '--profile', 'studio'],
      JSON.stringify({ appId: 'app-1', username: 'streamer', secret: SIGMA_SECRET })
    )
    expect(sigma.code, sigma.stderr).toBe(0)

    // The item really is in the Secret Service, under service "onair", account "provider:profile".
    const lookup = await keyring.run('secret-tool', ['lookup', 'service', 'onair', 'username', 'custom:default'])
    expect(JSON.parse(lookup.stdout).fields.streamKey).toBe(STREAM_KEY)

    const list = await cli(['credentials', 'list', '--json'])
    expect(list.code, list.stderr).toBe(0)
    const accounts = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(accounts.map((a) => `${a.provider}:${a.profile}`).sort()).toEqual(['custom:default', 'sigma:studio'])
    expect(accounts.find((a) => a.provider === 'custom').display.streamKey).toBe('••••••••mKey')
    const human = await cli(['credentials', 'list'])
    for (const out of [list.stdout, human.stdout, list.stderr, human.stderr]) {
      expect(out).not.toContain(STREAM_KEY)
      expect(out).not.toContain(SIGMA_SECRET)
    }

    // Nothing under the data dir, and nothing in plaintext in the keyring's own files, holds a secret.
    for (const file of [...allFiles(dataDir), ...allFiles(keyring.dataHome)]) {
      const bytes = readFileSync(file).toString('latin1')
      expect(bytes, file).not.toContain(STREAM_KEY)
      expect(bytes, file).not.toContain(SIGMA_SECRET)
    }

    expect((await cli(['credentials', 'delete', 'sigma', '--profile', 'studio'])).code).toBe(0)
    const again = await cli(['credentials', 'delete', 'sigma', '--profile', 'studio', '--json'])
    expect(again.code).toBe(1)
    expect(JSON.parse(again.stdout).code).toBe('credentials_missing')
    const after = await keyring.run('secret-tool', ['lookup', 'service', 'onair', 'username', 'sigma:studio'])
    expect(after.stdout).toBe('')
  })

  it('refuses bad input with a specific error and stores nothing', async () => {
    const cases: Array<[string[], string, string, string?]> = [
      [['credentials', 'set', 'custom', '--json'], 'not json {', 'invalid_request'],
      [
        ['credentials', 'set', 'custom', '--json'],
        JSON.stringify({ serverUrl: 'http://example.com/app', streamKey: STREAM_KEY }),
        'invalid_rtmp_url',
        'serverUrl'
      ],
      [['credentials', 'set', 'naver', '--json'], JSON.stringify({ accessKey: 'AK' }), 'invalid_request', 'secretKey'],
      // An unknown field is not named back (it may be a pasted secret, or 200 KB long): the error lists ours.
      [['credentials', 'set', 'sigma', '--json'], JSON.stringify({ appId: 'a', username: 'u', secret: 's', [STREAM_KEY]: 'x' }), 'invalid_request'],
      [
        ['credentials', 'set', 'custom', '--json'],
        JSON.stringify({ serverUrl: 'rtmp://h/app', streamKey: `${STREAM_KEY}${'k'.repeat(5000)}` }),
        'invalid_request',
        'streamKey'
      ]
    ]
    for (const [args, input, code, field] of cases) {
      const r = await cli(args, input)
      expect(r.code, `${args.join(' ')} ${input}`).toBe(1)
      const error = JSON.parse(r.stdout)
      expect(error).toMatchObject({ type: 'error', code })
      if (field) expect(error.field).toBe(field)
      expect(r.stdout + r.stderr).not.toContain(STREAM_KEY)
    }
    const unknown = await cli(['credentials', 'set', 'twitch'], '{}')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown provider\. Providers: kollus/)
    expect(unknown.stderr).not.toContain('twitch')

    // A 50 MB "key" on stdin: refused at 64 KB, quickly, with a typed error that shows none of it.
    const started = Date.now()
    const huge = await cli(
      ['credentials', 'set', 'custom', '--json'],
      `{"serverUrl":"rtmp://h/app","streamKey":"${STREAM_KEY}${'K'.repeat(50 * 1024 * 1024)}"}`
    )
    expect(huge.code).toBe(1)
    expect(JSON.parse(huge.stdout)).toMatchObject({
      type: 'error',
      code: 'invalid_request',
      field: 'stdin',
      message: expect.stringContaining('more than 64 KB')
    })
    expect(huge.stdout + huge.stderr).not.toContain(STREAM_KEY)
    expect(Date.now() - started).toBeLessThan(10_000)
    const lookup = await keyring.run('secret-tool', ['search', '--all', 'service', 'onair'])
    expect(lookup.stdout + lookup.stderr).not.toContain('naver:')
  })

  it('keeps control and bidi characters out of stored labels and of what it prints', async () => {
    const label = 'Studio \u202Eevil\u001b[2J\u0085 A'
    const set = await cli(
      ['credentials', 'set', 'custom', '--profile', 'labelled', '--label', label],
      JSON.stringify({ serverUrl: 'rtmp://live.example.com/app', streamKey: STREAM_KEY })
    )
    expect(set.code, set.stderr).toBe(0)
    const stored = await keyring.run('secret-tool', ['lookup', 'service', 'onair', 'username', 'custom:labelled'])
    expect(JSON.parse(stored.stdout).label).toBe('Studio evil[2J A')
    const human = await cli(['credentials', 'list'])
    const json = await cli(['credentials', 'list', '--json'])
    for (const out of [set.stdout, human.stdout, json.stdout]) expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(human.stdout).toContain('custom:labelled\tStudio evil[2J A\t')
    await cli(['credentials', 'delete', 'custom', '--profile', 'labelled'])
  })

  it('without a reachable keychain: a specific error, and nothing written anywhere', async () => {
    const emptyData = mkdtempSync(join(tmpdir(), 'onair-nokeychain-'))
    // No D-Bus session at all (as on a headless server): the Secret Service cannot be reached.
    const env = { ...process.env, ONAIR_DATA_DIR: emptyData, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(emptyData, 'no-bus')}` }
    const r = await run(process.execPath, [CLI, 'credentials', 'set', 'custom', '--json'], {
      input: JSON.stringify({ serverUrl: 'rtmp://live.example.com/app', streamKey: STREAM_KEY }),
      env,
      timeoutMs: 30_000
    })
    expect(r.code).toBe(1)
    const error = JSON.parse(r.stdout)
    expect(error.code).toBe('keychain_unavailable')
    expect(error.message).toMatch(/keychain is not available.*never stores secrets in a file/)
    expect(r.stdout + r.stderr).not.toContain(STREAM_KEY)
    expect(allFiles(emptyData)).toEqual([])

    const list = await run(process.execPath, [CLI, 'credentials', 'list'], { env, timeoutMs: 30_000 })
    expect(list.code).toBe(1)
    expect(list.stderr).toMatch(/\[keychain_unavailable\]/)
  })

  it('with a Secret Service but no unlocked keyring: the same specific error, nothing stored', async () => {
    const locked = keyringSession()
    try {
      const emptyData = mkdtempSync(join(tmpdir(), 'onair-locked-'))
      // A D-Bus session whose gnome-keyring is started on demand but never unlocked.
      const r = await run('dbus-run-session', ['--', process.execPath, CLI, 'credentials', 'set', 'custom', '--json'], {
        input: JSON.stringify({ serverUrl: 'rtmp://live.example.com/app', streamKey: STREAM_KEY }),
        env: { ...locked.env, ONAIR_DATA_DIR: emptyData },
        timeoutMs: 30_000
      })
      expect(r.code).toBe(1)
      const error = JSON.parse(r.stdout)
      expect(error.code).toBe('keychain_unavailable')
      expect(error.message).toMatch(/no unlocked default keyring|locked/)
      expect(r.stdout + r.stderr).not.toContain(STREAM_KEY)
      expect(allFiles(emptyData)).toEqual([])
    } finally {
      locked.close()
    }
  })
})
