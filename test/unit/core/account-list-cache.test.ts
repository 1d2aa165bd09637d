import { afterEach, describe, expect, it, vi } from 'vitest'
import { ACCOUNT_LIST_TTL_MS, AccountService } from '../../../src/main/core/credentials/account-service'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'

/** A memory store that counts the keychain reads accounts:list causes. */
class CountingStore extends MemoryCredentialStore {
  reads = 0
  failNext = false
  override async listAccounts(): Promise<string[]> {
    this.reads += 1
    await new Promise((r) => setTimeout(r, 5))
    if (this.failNext) {
      this.failNext = false
      throw new Error('keychain locked')
    }
    return super.listAccounts()
  }
}

const custom = (key: string) => ({ serverUrl: 'rtmp://127.0.0.1/live', streamKey: key })

describe('accounts:list cache (issue 7 item 5)', () => {
  afterEach(() => vi.useRealTimers())

  it('answers 2,000 concurrent lists with one keychain read', async () => {
    const store = new CountingStore()
    const accounts = new AccountService(store)
    await accounts.save('custom', 'default', custom('key-0001'))
    const lists = await Promise.all(Array.from({ length: 2000 }, () => accounts.list()))
    expect(store.reads).toBe(1)
    expect(new Set(lists.map((l) => JSON.stringify(l))).size).toBe(1)
    expect(lists[0]).toHaveLength(1)
  })

  it('is dropped when an account is saved or deleted, so the next list shows the change', async () => {
    const store = new CountingStore()
    const accounts = new AccountService(store)
    expect(await accounts.list()).toEqual([])
    await accounts.save('custom', 'studio', custom('key-0002'))
    expect((await accounts.list()).map((a) => a.profile)).toEqual(['studio'])
    await accounts.delete('custom', 'studio')
    expect(await accounts.list()).toEqual([])
    expect(store.reads).toBe(3)
  })

  it('hands each caller its own copy', async () => {
    const accounts = new AccountService(new CountingStore())
    await accounts.save('custom', 'default', custom('key-0003'))
    const first = await accounts.list()
    first[0].label = 'changed by a caller'
    expect((await accounts.list())[0].label).not.toBe('changed by a caller')
  })

  it('keeps no failure, and trusts its answer for a few seconds only (another process may save an account)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const store = new CountingStore()
    const accounts = new AccountService(store)
    store.failNext = true
    await expect(accounts.list()).rejects.toThrow('keychain locked')
    expect(await accounts.list()).toEqual([])
    await store.set('custom:other', JSON.stringify({ fields: custom('key-0004'), savedAt: '' }))
    expect(await accounts.list()).toEqual([])
    vi.setSystemTime(Date.now() + ACCOUNT_LIST_TTL_MS + 1)
    expect((await accounts.list()).map((a) => a.profile)).toEqual(['other'])
    expect(store.reads).toBe(3)
  })
})
