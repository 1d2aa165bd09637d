import { describe, expect, it } from 'vitest'
import { AccountService, normaliseApiBase, normaliseFields } from '../../../src/main/core/credentials/account-service'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { OnairError } from '../../../src/shared/errors'

describe('AccountService', () => {
  it('saves a provider account as JSON under provider:profile and lists it masked', async () => {
    const store = new MemoryCredentialStore()
    const accounts = new AccountService(store)
    const summary = await accounts.save('naver', 'studio', { accessKey: 'AK1', secretKey: 'naver-secret-key-xyz' })
    expect(summary).toEqual({
      provider: 'naver',
      profile: 'studio',
      label: 'NAVER Cloud Live Station (studio)',
      connected: true,
      display: { accessKey: 'AK1', secretKey: '••••••••-xyz', region: 'KR' }
    })
    expect(JSON.parse((await store.get('naver:studio')) as string).fields).toEqual({ accessKey: 'AK1', secretKey: 'naver-secret-key-xyz', region: 'KR' })
    expect(await accounts.list()).toEqual([summary])
  })

  it('accepts either Kollus shape and normalises apiBase to scheme://host:port', async () => {
    const accounts = new AccountService(new MemoryCredentialStore())
    await accounts.save('kollus', 'default', { serviceAccountKey: 'sak', accessToken: 'pat-123456789' })
    const oauth = await accounts.save('kollus', 'oauth', {
      serviceAccountKey: 'sak',
      clientId: 'cid',
      clientSecret: 'csecret-1',
      apiBase: 'http://127.0.0.1:9000/ignored/path'
    })
    expect(oauth.display.apiBase).toBe('http://127.0.0.1:9000')
    await expect(accounts.save('kollus', 'x', { serviceAccountKey: 'sak', clientId: 'cid' })).rejects.toMatchObject({
      code: 'invalid_request',
      value: { field: 'accessToken' }
    })
  })

  it('checks credentials with the verifier before writing anything', async () => {
    const store = new MemoryCredentialStore()
    const accounts = new AccountService(store, async () => {
      throw Object.assign(new Error('nope'), {})
    })
    await expect(accounts.save('custom', 'default', { serverUrl: 'rtmp://h/app', streamKey: 'k123' })).rejects.toThrow('nope')
    expect(await store.listAccounts()).toEqual([])
  })

  it('ignores non-account entries (per-channel ingest keys) in the list', async () => {
    const store = new MemoryCredentialStore()
    await store.set('kollus:default:ingest:ch1', '{}')
    expect(await new AccountService(store).list()).toEqual([])
  })

  it('tells the user how to add a missing account', async () => {
    await expect(new AccountService(new MemoryCredentialStore()).get('sigma', 'default')).rejects.toMatchObject({
      code: 'credentials_missing',
      message: expect.stringContaining('onair credentials set sigma')
    })
  })

  it.each([
    ['https://api.example.com/some/path?q=1', 'https://api.example.com'],
    ['https://API.Example.com:443', 'https://api.example.com'],
    ['https://api.example.com:8443', 'https://api.example.com:8443'],
    ['http://127.0.0.1:9000/ignored', 'http://127.0.0.1:9000'],
    ['http://127.45.6.7:80', 'http://127.45.6.7'],
    ['http://127.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
    ['http://user:pass@127.0.0.1:9000', 'http://127.0.0.1:9000']
  ])('apiBase %s is kept as %s (scheme, host, port)', (input, expected) => {
    expect(normaliseApiBase(input)).toBe(expected)
  })

  it.each([
    ['http://api.example.com', /https:\/\//],
    ['http://10.0.0.8:9000', /https:\/\//],
    ['http://192.168.1.20', /https:\/\//],
    ['http://128.0.0.1', /https:\/\//],
    ['http://0.0.0.0:9000', /https:\/\//],
    ['http://[::2]', /https:\/\//],
    ['http://localhost.example.com', /https:\/\//],
    ['http://127.0.0.1.example.com', /https:\/\//],
    ['ftp://127.0.0.1', /must start with https:\/\//],
    ['javascript:alert(1)', /must start with https:\/\//],
    ['not a url', /is not a URL/]
  ])('apiBase %s is refused on the field apiBase, without echoing it', (input, message) => {
    const marked = input.replace('example', 'secretvalue9')
    let caught: unknown
    try {
      normaliseApiBase(marked)
    } catch (e) {
      caught = e
    }
    expect(caught).toMatchObject({ code: 'invalid_request', value: { field: 'apiBase', message } })
    const text = (caught as Error).message
    expect(text).not.toContain(marked)
    expect(text).not.toContain('secretvalue9')
  })

  it('refuses to save an account whose plain-http address is not this computer', async () => {
    const store = new MemoryCredentialStore()
    await expect(
      new AccountService(store).save('sigma', 'default', { appId: 'a', username: 'u', secret: 's-123456', apiBase: 'http://api.sigma.video' })
    ).rejects.toMatchObject({
      value: { code: 'invalid_request', field: 'apiBase' }
    })
    expect(await store.listAccounts()).toEqual([])
  })
})

describe('normaliseFields and the account summary: bounded, and nothing received is echoed', () => {
  const HUGE_NAME = 'n'.repeat(200_000)

  it('refuses an unknown field without naming it', () => {
    for (const name of [HUGE_NAME, 'sk_live_pasted_as_a_name', '\u001b[2Jclear']) {
      const error = (() => {
        try {
          normaliseFields('custom', { serverUrl: 'rtmp://h/app', streamKey: 'k123', [name]: 'x' })
        } catch (e) {
          return (e as OnairError).value
        }
      })()
      expect(error).toMatchObject({ code: 'invalid_request', message: 'Custom RTMP credentials have an unknown field. Expected serverUrl, streamKey.' })
      expect(error?.field).toBeUndefined()
    }
  })

  it('refuses a 50 MB key with a typed error that names the field only', () => {
    const key = 'K'.repeat(50 * 1024 * 1024)
    expect(() => normaliseFields('custom', { serverUrl: 'rtmp://h/app', streamKey: key })).toThrow(
      expect.objectContaining({
        value: expect.objectContaining({
          code: 'invalid_request',
          field: 'streamKey',
          message: expect.stringMatching(/^"streamKey" is too long \(at most 4096 characters\)/)
        })
      })
    )
    expect(normaliseFields('custom', { serverUrl: 'rtmp://h/app', streamKey: 'K'.repeat(4096) }).streamKey).toHaveLength(4096)
  })

  it('stores and shows labels and values without control or bidi characters', async () => {
    const store = new MemoryCredentialStore()
    const accounts = new AccountService(store)
    const saved = await accounts.save('custom', 'default', { serverUrl: 'rtmp://h/app', streamKey: 'stream-key-1234' }, ' Studio\u202E A\u001b[31m\n')
    expect(saved.label).toBe('Studio A[31m')
    expect(JSON.parse((await store.get('custom:default')) as string).label).toBe('Studio A[31m')
    // An entry written before this rule (or by hand) is cleaned when shown.
    await store.set(
      'sigma:old',
      JSON.stringify({ label: 'x\u2066y\u0085', fields: { appId: 'a\u202Eb', username: 'u', secret: 's3cr3t-s3cr3t' }, savedAt: '' })
    )
    const old = (await accounts.list()).find((a) => a.profile === 'old')
    expect(old).toMatchObject({ label: 'xy', display: { appId: 'ab', secret: '••••••••cr3t' } })
  })
})
