import { describe, expect, it } from 'vitest'
import { AccountService, normaliseApiBase } from '../../../src/main/core/credentials/account-service'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'

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
    const oauth = await accounts.save('kollus', 'oauth', { serviceAccountKey: 'sak', clientId: 'cid', clientSecret: 'csecret-1', apiBase: 'http://127.0.0.1:9000/ignored/path' })
    expect(oauth.display.apiBase).toBe('http://127.0.0.1:9000')
    await expect(accounts.save('kollus', 'x', { serviceAccountKey: 'sak', clientId: 'cid' })).rejects.toMatchObject({ code: 'invalid_request', value: { field: 'accessToken' } })
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

  it('rejects an apiBase that is not http(s)', () => {
    expect(() => normaliseApiBase('ftp://x')).toThrow(/http:\/\/ or https:\/\//)
    expect(() => normaliseApiBase('not a url')).toThrow(/is not a URL/)
  })
})
