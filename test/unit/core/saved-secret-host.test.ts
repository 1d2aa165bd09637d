import type { IncomingHttpHeaders } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { MediaPipelineFactory } from '../../../src/main/core/media/media-pipeline'
import type { OnairCore } from '../../../src/main/core/onair-core'
import { HttpClient } from '../../../src/main/core/providers/http-client'
import { COMMAND_NAMES, type CommandName } from '../../../src/shared/contract'
import type { ProviderId } from '../../../src/shared/providers'
import { KollusEmulator } from '../../emulators/kollus/kollus-emulator'
import { LivestreamApiEmulator } from '../../emulators/livestream-api/livestream-api-emulator'
import { NaverEmulator } from '../../emulators/naver/naver-emulator'
import { SigmaEmulator } from '../../emulators/sigma/sigma-emulator'
import { startRecordingServer, type RecordingServer } from '../../fixtures/recording-server'

/** Goes live at once and ends on stop: the provider calls are real, the media is not. */
const instantPipeline: MediaPipelineFactory = (plan, listener) => ({
  start: async () => queueMicrotask(() => plan.destinations.forEach((d) => listener.onDestinationLive(d.id))),
  stop: async () => listener.onEnded(null),
  retryNow: () => {},
  pids: () => []
})

const HTTP = { timeoutMs: 2000, retries: 0, backoffBaseMs: 10 }
const TUNING = { kollusMinGapMs: 130, kollusPerMinute: 600, pollIntervalMs: 50, naverReadyTimeoutMs: 2000 }

function newCore(store = new MemoryCredentialStore()): { core: OnairCore; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'onair-secret-host-'))
  const core = createCore({
    shell: 'serve',
    version: '0.0.0-test',
    credentialStore: store,
    dataDir,
    pipelineFactory: instantPipeline,
    env: { ...process.env },
    providerTuning: { http: HTTP, tuning: TUNING }
  })
  return { core, dataDir }
}

/**
 * Issue 7 item 2: a saved account's secret goes only to the address it was saved with. Every command is tried as a
 * socket client would send it (JSON, any extra key, an address in any field) against accounts saved for the four
 * provider emulators; a decoy server stands where an attacker would point the account, and must hear nothing.
 */
describe('saved secrets go only to the host they were saved for', () => {
  const kollus = new KollusEmulator({ minGapMs: 100 })
  const sigma = new SigmaEmulator({ processingMs: 10 })
  const v1 = new LivestreamApiEmulator()
  const naver = new NaverEmulator()
  const emulators: Record<Exclude<ProviderId, 'custom'>, { url: string; server: { requests: Array<{ headers: IncomingHttpHeaders }> } }> = {
    kollus,
    sigma,
    'livestream-api': v1,
    naver
  }
  let decoy: RecordingServer
  let core: OnairCore
  let dataDir: string
  const channelIds: Partial<Record<ProviderId, string>> = {}

  beforeAll(async () => {
    decoy = await startRecordingServer()
    await Promise.all([kollus.start(), sigma.start(), v1.start(), naver.start()])
    ;({ core, dataDir } = newCore())
    const saves: Array<[ProviderId, Record<string, string>]> = [
      ['kollus', { serviceAccountKey: kollus.serviceAccountKey, accessToken: kollus.accessToken, apiBase: kollus.url }],
      ['sigma', { appId: sigma.appId, username: sigma.username, secret: sigma.secret, apiBase: sigma.url }],
      ['livestream-api', { tokenId: v1.tokenId, tokenSecret: v1.tokenSecret, apiBase: v1.url }],
      ['naver', { accessKey: naver.accessKey, secretKey: naver.secretKey, apiBase: naver.url }],
      ['custom', { serverUrl: 'rtmp://127.0.0.1:1/app', streamKey: 'custom-key-123456' }]
    ]
    for (const [provider, fields] of saves) expect(await core.dispatch('accounts:save', { provider, fields }), provider).toMatchObject({ ok: true })
    const options: Record<string, Record<string, string>> = {
      kollus: { customer_code: 'onair', is_shared: '1' },
      sigma: { mode: 'low-latency' },
      'livestream-api': { mode: 'normal' },
      naver: { qualitySetId: '1', profileId: '7' }
    }
    for (const provider of Object.keys(emulators) as ProviderId[]) {
      const created = await core.dispatch('channels:create', { provider, name: 'isolation', options: options[provider] })
      if (!created.ok) throw new Error(`${provider}: ${created.error.message}`)
      channelIds[provider] = created.value.id
    }
    // Kollus's API gives no ingest: it is entered by hand (and kept in the keychain) before going live.
    expect(
      await core.dispatch('channels:setIngest', {
        provider: 'kollus',
        channelId: channelIds.kollus,
        serverUrl: 'rtmp://127.0.0.1:1/live',
        streamKey: 'kollus-key-123456'
      })
    ).toMatchObject({ ok: true })
  }, 30_000)

  afterAll(async () => {
    await core?.shutdown()
    await Promise.all([kollus.close(), sigma.close(), v1.close(), naver.close(), decoy?.close()])
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** A valid request of each command for a provider (the base every variation starts from). */
  function validRequest(command: CommandName, provider: ProviderId): Record<string, unknown> {
    const channelId = channelIds[provider] ?? 'ch-1'
    switch (command) {
      case 'accounts:delete':
        return { provider, profile: 'nobody' }
      case 'accounts:save':
        return { provider, profile: 'other', fields: {} }
      case 'accounts:update':
        return { provider, fields: {} }
      case 'accounts:verify':
      case 'channels:options':
        return { provider }
      case 'channels:list':
        return { provider }
      case 'channels:get':
        return { provider, channelId }
      case 'channels:create':
        return { provider, name: 'x', options: {} }
      case 'channels:setIngest':
        return { provider, channelId, serverUrl: 'rtmp://127.0.0.1:1/live', streamKey: 'k-123456' }
      case 'live:start':
        return { destinations: [{ provider, channelId }], record: false }
      default:
        return {}
    }
  }

  // Every spelling an attacker might try for "send it over there", plus prototype keys (as JSON.parse makes them).
  const ADDRESS_KEYS = ['apiBase', 'api_base', 'apiBaseUrl', 'baseUrl', 'baseURL', 'url', 'host', 'endpoint', 'server', 'fields', 'account']
  const PROTO_KEYS = ['__proto__', 'constructor', 'prototype']

  it('every command refuses an apiBase or any other extra key (strict schemas), at the top and inside a live:start destination', async () => {
    const PROVIDER_LIST: ProviderId[] = ['kollus', 'sigma', 'livestream-api', 'naver', 'custom']
    let tried = 0
    for (const command of COMMAND_NAMES) {
      for (const provider of PROVIDER_LIST) {
        const base = validRequest(command, provider)
        for (const key of [...ADDRESS_KEYS, ...PROTO_KEYS]) {
          for (const value of [decoy.url, { apiBase: decoy.url }, [decoy.url]]) {
            // As a socket client sends it: a JSON text, parsed (so "__proto__" becomes an own key).
            const top = JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)},${JSON.stringify(base).slice(1)}`.replace(/,}$/, '}'))
            // A key the request declares itself (accounts:update's own `fields`) wins over the one put before it: no extra key there.
            const variants = Object.hasOwn(base, key) ? [] : [top]
            if (command === 'live:start') {
              const [first] = base.destinations as object[]
              const destination = JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)},${JSON.stringify(first).slice(1)}`)
              variants.push({ ...base, destinations: [destination] })
            }
            for (const request of variants) {
              const result = await core.dispatch(command, request)
              tried++
              expect(result, `${command} ${provider} ${key}`).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
              expect(JSON.stringify(result)).not.toContain(decoy.url)
            }
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(2000)
    expect(decoy.requests).toEqual([])
  }, 60_000)

  it('an address in any value of a valid request reaches only the saved host; valid calls still work', async () => {
    const decoyHost = new URL(decoy.url).host
    const addressy = [decoy.url, `//${decoyHost}/x`, `@${decoyHost}`, `../../..//${decoyHost}`, `${decoy.url}/#`, `%2F%2F${decoyHost}`]
    for (const provider of Object.keys(emulators) as ProviderId[]) {
      // Valid calls: the saved host answers.
      expect(await core.dispatch('channels:list', { provider }), provider).toMatchObject({ ok: true })
      expect(await core.dispatch('channels:get', { provider, channelId: channelIds[provider] }), provider).toMatchObject({ ok: true })
      for (const value of addressy) {
        await core.dispatch('channels:get', { provider, channelId: value })
        await core.dispatch('channels:create', { provider, name: value, options: { apiBase: decoy.url, baseUrl: decoy.url, url: value } })
        await core.dispatch('channels:setIngest', { provider, channelId: value, serverUrl: value, streamKey: 'k-123456' })
        await core.dispatch('accounts:save', { provider, profile: 'default', fields: { apiBase: value } })
        await core.dispatch('live:start', { destinations: [{ provider, channelId: value, profile: 'default' }], record: false })
        await core.dispatch('accounts:update', { provider, fields: { apiBase: value } })
        await core.dispatch('live:stop', {})
        // profile is an id (it names the keychain entry), never an address.
        expect(await core.dispatch('channels:list', { provider, profile: value })).toMatchObject({
          ok: false,
          error: { code: 'invalid_request', field: 'profile' }
        })
      }
      // The account was not replaced by a save without its secret: it still lists channels at its own host.
      expect(await core.dispatch('channels:list', { provider }), provider).toMatchObject({ ok: true })
      // A real show on the channel: prepared, polled and released at the saved host.
      const started = await core.dispatch('live:start', { destinations: [{ provider, channelId: channelIds[provider] }], record: false })
      expect(started, provider).toMatchObject({ ok: true })
      expect(await core.dispatch('live:stop', {})).toMatchObject({ ok: true, value: { state: 'ended' } })
    }
    expect(decoy.requests).toEqual([])
    for (const [provider, emu] of Object.entries(emulators)) {
      expect(emu.server.requests.length, provider).toBeGreaterThan(3)
      // Every request any provider client made went to its own saved host, and nowhere else.
      expect(new Set(emu.server.requests.map((r) => r.headers.host)), provider).toEqual(new Set([new URL(emu.url).host]))
    }
  }, 60_000)
})

describe('an account saved before plain http:// to other hosts was refused', () => {
  it('is refused at use, before any request, and says how to fix it', async () => {
    const store = new MemoryCredentialStore()
    const { core, dataDir } = newCore(store)
    try {
      await store.set(
        'sigma:default',
        JSON.stringify({
          fields: { appId: 'a', username: 'u', secret: 'legacy-secret-1', apiBase: 'http://api.sigma.video' },
          savedAt: new Date().toISOString()
        })
      )
      for (const result of [
        await core.dispatch('channels:list', { provider: 'sigma' }),
        await core.dispatch('live:start', { destinations: [{ provider: 'sigma', channelId: 'c1' }], record: false })
      ]) {
        expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'apiBase', message: expect.stringContaining('https://') } })
      }
    } finally {
      await core.shutdown()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('a redirect never carries a saved secret to another host', () => {
  let decoy: RecordingServer
  let redirector: RecordingServer
  beforeAll(async () => {
    decoy = await startRecordingServer()
    // 307/308 keep the method, body and (for a same-origin hop in some clients) the headers: the worst case.
    redirector = await startRecordingServer((res) => {
      res.writeHead(307, { Location: `${decoy.url}/steal` })
      res.end()
    })
  })
  afterAll(async () => {
    await decoy?.close()
    await redirector?.close()
  })

  it('the shared HTTP client asks fetch not to follow, and a 3xx is a typed error that is not retried', async () => {
    const calls: RequestInit[] = []
    const http = new HttpClient(
      { provider: 'sigma', name: 'Sigma Livestream', baseUrl: 'https://api.example.test', secrets: () => [], parseError: () => ({}), authHint: '' },
      {
        fetch: (async (_url: string, init: RequestInit) => (
          calls.push(init),
          new Response('', { status: 302, headers: { Location: 'https://elsewhere.test/' } })
        )) as unknown as typeof fetch,
        retries: 2
      }
    )
    await expect(http.request({ method: 'GET', path: '/x', what: 'list your channels' })).rejects.toMatchObject({
      value: { code: 'bad_response', retryable: false }
    })
    expect(calls.map((c) => c.redirect)).toEqual(['manual'])
  })

  it('every provider, every kind of call: the redirecting host is refused, the decoy hears nothing', async () => {
    const store = new MemoryCredentialStore()
    const { core, dataDir } = newCore(store)
    const fields: Record<Exclude<ProviderId, 'custom'>, Record<string, string>> = {
      kollus: { serviceAccountKey: 'sak-1', accessToken: 'pat-redirect-secret-1' },
      sigma: { appId: 'app', username: 'u', secret: 'sigma-redirect-secret-1' },
      'livestream-api': { tokenId: 't', tokenSecret: 'v1-redirect-secret-1' },
      naver: { accessKey: 'AK', secretKey: 'naver-redirect-secret-1', region: 'KR' }
    }
    try {
      for (const [provider, f] of Object.entries(fields) as Array<[ProviderId, Record<string, string>]>) {
        // Saving through the contract verifies at the address: a redirect is a refusal, nothing is saved.
        const saved = await core.dispatch('accounts:save', { provider, fields: { ...f, apiBase: redirector.url } })
        expect(saved, provider).toMatchObject({ ok: false, error: { code: 'bad_response' } })
        // An account already in the keychain with that address (saved before it began to redirect).
        await store.set(`${provider}:default`, JSON.stringify({ fields: { ...f, apiBase: redirector.url }, savedAt: new Date().toISOString() }))
        const results = [
          await core.dispatch('channels:list', { provider }),
          await core.dispatch('channels:get', { provider, channelId: 'c1' }),
          await core.dispatch('channels:create', { provider, name: 'x', options: {} }),
          await core.dispatch('live:start', { destinations: [{ provider, channelId: 'c1' }], record: false })
        ]
        for (const r of results) {
          expect(r.ok, provider).toBe(false)
          const secret = Object.values(f).find((v) => v.includes('redirect-secret')) as string
          if (!r.ok) expect(r.error.message).not.toContain(secret)
        }
        expect(
          results.some((r) => !r.ok && r.error.code === 'bad_response'),
          provider
        ).toBe(true)
      }
      expect(redirector.requests.length).toBeGreaterThan(4)
      expect(decoy.requests).toEqual([])
    } finally {
      await core.shutdown()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 30_000)
})
