import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { OnairCore } from '../../../src/main/core/onair-core'
import { NAVER_CHANNEL_OPTIONS } from '../../../src/main/core/providers/naver/naver-provider'
import type { ProviderId } from '../../../src/shared/providers'
import { KollusEmulator } from '../../emulators/kollus/kollus-emulator'
import { LivestreamApiEmulator } from '../../emulators/livestream-api/livestream-api-emulator'
import { NaverEmulator } from '../../emulators/naver/naver-emulator'
import { SigmaEmulator } from '../../emulators/sigma/sigma-emulator'
import { freePort } from '../../fixtures/ports'

const HTTP = { timeoutMs: 1500, retries: 0, backoffBaseMs: 10 }

function newCore(store = new MemoryCredentialStore()) {
  const dataDir = mkdtempSync(join(tmpdir(), 'onair-accounts-'))
  const core = createCore({
    shell: 'serve',
    version: '0.0.0-test',
    credentialStore: store,
    dataDir,
    env: { ...process.env },
    providerTuning: { http: HTTP, tuning: { kollusMinGapMs: 20, kollusPerMinute: 6000 } }
  })
  return { core, store, dataDir }
}

describe('accounts:update', () => {
  const SECRET = 'sigma-secret-value-7f3a'
  let core: OnairCore
  let store: MemoryCredentialStore
  let dataDir: string
  const sigma = new SigmaEmulator()

  beforeAll(async () => {
    await sigma.start()
    ;({ core, store, dataDir } = newCore())
  })
  afterAll(async () => {
    await sigma.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const saved = async () => JSON.parse((await store.get('sigma:studio')) as string) as { label?: string; fields: Record<string, string> }

  it('changes one field and the label, and keeps the secret it was not sent', async () => {
    const fields = { appId: sigma.appId, username: sigma.username, secret: sigma.secret, apiBase: sigma.url }
    expect(await core.dispatch('accounts:save', { provider: 'sigma', profile: 'studio', fields })).toMatchObject({ ok: true })
    const updated = await core.dispatch('accounts:update', { provider: 'sigma', profile: 'studio', label: 'Kênh chính', fields: { username: sigma.username } })
    expect(updated).toMatchObject({ ok: true, value: { provider: 'sigma', profile: 'studio', label: 'Kênh chính', connected: true } })
    expect((await saved()).fields).toEqual(fields)
    // The UI's edit form sends "" for a secret it never had: that keeps it too.
    expect(await core.dispatch('accounts:update', { provider: 'sigma', profile: 'studio', fields: { secret: '' } })).toMatchObject({ ok: true })
    expect((await saved()).fields.secret).toBe(sigma.secret)
    expect((await saved()).label).toBe('Kênh chính')
    expect(JSON.stringify(updated)).not.toContain(sigma.secret)
  })

  it('refuses a new API address without the secret typed again, and names the secret field', async () => {
    for (const apiBase of ['http://127.0.0.1:9', `${sigma.url}/`.replace('127.0.0.1', 'localhost'), '']) {
      const result = await core.dispatch('accounts:update', { provider: 'sigma', profile: 'studio', fields: { apiBase } })
      expect(result, apiBase).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'secret' } })
    }
    expect((await saved()).fields.apiBase).toBe(sigma.url)
    // The same address written differently is not a move.
    expect(await core.dispatch('accounts:update', { provider: 'sigma', profile: 'studio', fields: { apiBase: `${sigma.url}/some/path` } })).toMatchObject({
      ok: true
    })
    // With the secret given again the move is the user's: it is checked at the new address like a save.
    const moved = await core.dispatch('accounts:update', { provider: 'sigma', profile: 'studio', fields: { apiBase: 'http://127.0.0.1:9', secret: SECRET } })
    expect(moved).toMatchObject({ ok: true, value: { connected: false } })
    expect((await saved()).fields).toMatchObject({ apiBase: 'http://127.0.0.1:9', secret: SECRET })
    expect(JSON.stringify(moved)).not.toContain(SECRET)
  })

  it('a Custom RTMP server on another host needs the stream key again; the same host does not', async () => {
    const key = 'custom-key-update-1234'
    await core.dispatch('accounts:save', { provider: 'custom', fields: { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: key } })
    expect(await core.dispatch('accounts:update', { provider: 'custom', fields: { serverUrl: 'rtmp://evil.example/live' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'streamKey' }
    })
    expect(await core.dispatch('accounts:update', { provider: 'custom', fields: { serverUrl: 'rtmp://127.0.0.1:1935/other' } })).toMatchObject({
      ok: true,
      value: { display: { serverUrl: 'rtmp://127.0.0.1:1935/other' } }
    })
    expect(JSON.parse((await store.get('custom:default')) as string).fields.streamKey).toBe(key)
  })

  it('typed errors: an unknown account, an unknown field (not echoed), a field too long, an extra key', async () => {
    const hostile = 'hostile-name-5b1c'
    const cases: Array<[unknown, object]> = [
      [{ provider: 'sigma', profile: 'nobody', fields: { username: 'x' } }, { code: 'credentials_missing' }],
      [{ provider: 'sigma', profile: 'studio', fields: { [hostile]: 'x' } }, { code: 'invalid_request' }],
      [
        { provider: 'sigma', profile: 'studio', fields: { username: 'u'.repeat(5000) } },
        { code: 'invalid_request', field: 'fields.username' }
      ],
      [{ provider: 'sigma', profile: 'studio', fields: {}, apiBase: 'http://127.0.0.1:9' }, { code: 'invalid_request' }],
      [
        { provider: 'sigma', profile: 'studio', label: 'l'.repeat(81), fields: {} },
        { code: 'invalid_request', field: 'label' }
      ]
    ]
    for (const [request, error] of cases) {
      const result = await core.dispatch('accounts:update', request)
      expect(result, JSON.stringify(request).slice(0, 80)).toMatchObject({ ok: false, error })
      expect(JSON.stringify(result)).not.toContain(hostile)
      expect(JSON.stringify(result).length).toBeLessThan(400)
    }
  })
})

describe('accounts:verify', () => {
  const emulators = { kollus: new KollusEmulator({ minGapMs: 10 }), sigma: new SigmaEmulator(), v1: new LivestreamApiEmulator(), naver: new NaverEmulator() }
  let listener: Server
  let listeningPort: number

  beforeAll(async () => {
    await Promise.all(Object.values(emulators).map((e) => e.start()))
    listener = createServer((socket) => socket.destroy())
    listeningPort = await new Promise<number>((resolve) => listener.listen(0, '127.0.0.1', () => resolve((listener.address() as { port: number }).port)))
  })
  afterAll(async () => {
    await Promise.all(Object.values(emulators).map((e) => e.close()))
    listener.close()
  })

  const good: Record<Exclude<ProviderId, 'custom'>, () => Record<string, string>> = {
    kollus: () => ({ serviceAccountKey: emulators.kollus.serviceAccountKey, accessToken: emulators.kollus.accessToken, apiBase: emulators.kollus.url }),
    sigma: () => ({ appId: emulators.sigma.appId, username: emulators.sigma.username, secret: emulators.sigma.secret, apiBase: emulators.sigma.url }),
    'livestream-api': () => ({ tokenId: emulators.v1.tokenId, tokenSecret: emulators.v1.tokenSecret, apiBase: emulators.v1.url }),
    naver: () => ({ accessKey: emulators.naver.accessKey, secretKey: emulators.naver.secretKey, apiBase: emulators.naver.url })
  }
  const secretField: Record<Exclude<ProviderId, 'custom'>, string> = {
    kollus: 'accessToken',
    sigma: 'secret',
    'livestream-api': 'tokenSecret',
    naver: 'secretKey'
  }

  it.each(Object.keys(good) as Array<Exclude<ProviderId, 'custom'>>)(
    '%s: connected with the saved credentials; a refused secret is not connected, typed, and the list says so',
    async (provider) => {
      const { core, store, dataDir } = newCore()
      try {
        expect(await core.dispatch('accounts:save', { provider, fields: good[provider]() })).toMatchObject({ ok: true, value: { connected: true } })
        const ok = await core.dispatch('accounts:verify', { provider })
        expect(ok, JSON.stringify(ok)).toMatchObject({ ok: true, value: { connected: true } })
        if (ok.ok) expect(Math.abs(ok.value.checkedAt - Date.now())).toBeLessThan(5000)

        // The secret changed at the provider since it was saved (written behind the service's back).
        const wrong = `wrong-${provider}-secret-0a9b8c`
        await store.set(`${provider}:default`, JSON.stringify({ fields: { ...good[provider](), [secretField[provider]]: wrong }, savedAt: '' }))
        const refused = await core.dispatch('accounts:verify', { provider, profile: 'default' })
        expect(refused).toMatchObject({ ok: true, value: { connected: false, error: { code: expect.stringMatching(/^(auth|forbidden)$/), retryable: false } } })
        expect(JSON.stringify(refused)).not.toContain(wrong)
        expect(await core.dispatch('accounts:list', {})).toMatchObject({ ok: true, value: [{ provider, connected: false }] })
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
    }
  )

  it('a provider that cannot be reached: not connected, and retrying may help', async () => {
    const { core, store, dataDir } = newCore()
    try {
      await store.set('sigma:default', JSON.stringify({ fields: { ...good.sigma(), apiBase: `http://127.0.0.1:${await freePort()}` }, savedAt: '' }))
      expect(await core.dispatch('accounts:verify', { provider: 'sigma' })).toMatchObject({
        ok: true,
        value: { connected: false, error: { code: 'network', retryable: true } }
      })
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('Custom RTMP: connected when the ingest answers on its port, not connected (retryable) when nothing listens', async () => {
    const { core, dataDir } = newCore()
    const key = 'custom-verify-key-9876'
    try {
      await core.dispatch('accounts:save', {
        provider: 'custom',
        profile: 'up',
        fields: { serverUrl: `rtmp://127.0.0.1:${listeningPort}/live`, streamKey: key }
      })
      const closed = await freePort()
      await core.dispatch('accounts:save', { provider: 'custom', profile: 'down', fields: { serverUrl: `rtmp://127.0.0.1:${closed}/live`, streamKey: key } })
      expect(await core.dispatch('accounts:verify', { provider: 'custom', profile: 'up' })).toMatchObject({ ok: true, value: { connected: true } })
      const down = await core.dispatch('accounts:verify', { provider: 'custom', profile: 'down' })
      expect(down).toMatchObject({ ok: true, value: { connected: false, error: { code: 'ingest_unreachable', retryable: true, field: 'serverUrl' } } })
      expect(JSON.stringify(down)).not.toContain(key)
      const list = await core.dispatch('accounts:list', {})
      expect(list.ok && Object.fromEntries(list.value.map((a) => [a.profile, a.connected]))).toEqual({ up: true, down: false })
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('an account that is not saved: credentials_missing; a malformed request: invalid_request', async () => {
    const { core, dataDir } = newCore()
    try {
      expect(await core.dispatch('accounts:verify', { provider: 'naver', profile: 'nobody' })).toMatchObject({
        ok: false,
        error: { code: 'credentials_missing' }
      })
      expect(await core.dispatch('accounts:verify', { provider: 'naver', fields: {} })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('channels:options', () => {
  it('gives each API provider its own create-channel fields, the same ones channels:create checks', async () => {
    const { core, dataDir } = newCore()
    try {
      const expected: Record<Exclude<ProviderId, 'custom'>, string[]> = {
        kollus: ['customer_code', 'is_shared', 'use_timeshift'],
        sigma: ['mode', 'transcodeProfile', 'catchup', 'record'],
        'livestream-api': ['mode', 'catchup', 'record', 'dvr', 'thumbnail', 'thumbWidth', 'expire', 'transcodeProfile', 'stopTimeout', 'streamToken'],
        naver: ['qualitySetId', 'profileId', 'cdnType', 'useDvr', 'recordType', 'isStreamFailOver']
      }
      for (const [provider, names] of Object.entries(expected)) {
        const result = await core.dispatch('channels:options', { provider })
        if (!result.ok) throw new Error(result.error.message)
        expect(result.value.map((f) => f.name)).toEqual(expect.arrayContaining(names))
        for (const field of result.value) {
          expect(['string', 'number', 'boolean', 'enum']).toContain(field.type)
          if (field.type === 'enum') expect(field.values?.length).toBeGreaterThan(0)
        }
      }
      const naver = await core.dispatch('channels:options', { provider: 'naver' })
      expect(naver.ok && naver.value).toEqual(NAVER_CHANNEL_OPTIONS)
      expect(naver.ok && naver.value.find((f) => f.name === 'qualitySetId')).toMatchObject({ type: 'number', required: true, min: 1 })
      // A client changing its copy does not change what the next one gets.
      if (naver.ok) naver.value.length = 0
      expect(NAVER_CHANNEL_OPTIONS.length).toBeGreaterThan(10)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('Custom RTMP has no channels; the request is strict', async () => {
    const { core, dataDir } = newCore()
    try {
      expect(await core.dispatch('channels:options', { provider: 'custom' })).toMatchObject({ ok: false, error: { code: 'unsupported', field: 'provider' } })
      expect(await core.dispatch('channels:options', { provider: 'sigma', profile: 'default' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' }
      })
      expect(await core.dispatch('channels:options', { provider: 'twitch' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_request', field: 'provider' }
      })
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe("session accounts (the CLI's --to URL)", () => {
  it('are reachable by their profile like a saved account, never written to the keychain, never listed, and not updatable', async () => {
    const { core, store, dataDir } = newCore()
    const key = 'session-only-key-4321'
    try {
      const profile = core.services.accounts.addSessionAccount('custom', { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: key })
      expect(profile).toMatch(/^session-[0-9a-f]{12}$/)
      expect((await core.services.accounts.get('custom', profile)).fields).toEqual({ serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: key })
      expect(await store.listAccounts()).toEqual([])
      expect(await core.dispatch('accounts:list', {})).toEqual({ ok: true, value: [] })
      expect(await core.dispatch('accounts:update', { provider: 'custom', profile, fields: { serverUrl: 'rtmp://evil.example/live' } })).toMatchObject({
        ok: false,
        error: { code: 'credentials_missing' }
      })
      expect(() => core.services.accounts.addSessionAccount('custom', { serverUrl: 'http://x/live', streamKey: key })).toThrow(/rtmp/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
