import { describe, expect, it, vi } from 'vitest'

// The native keychain replaced by one that records how many calls overlap (the real one is in the integration tests).
const probe = vi.hoisted(() => ({ running: 0, most: 0, order: [] as string[] }))
vi.mock('@napi-rs/keyring', () => {
  const call = async <T>(name: string, value: T): Promise<T> => {
    probe.running += 1
    probe.most = Math.max(probe.most, probe.running)
    probe.order.push(name)
    await new Promise((r) => setTimeout(r, 1))
    probe.running -= 1
    if (name === 'get:broken') throw new Error('org.freedesktop.DBus.Error.NoReply')
    return value
  }
  class AsyncEntry {
    constructor(
      readonly service: string,
      readonly account: string
    ) {}
    getPassword() {
      return call(`get:${this.account}`, 'v')
    }
    setPassword() {
      return call(`set:${this.account}`, undefined)
    }
    deletePassword() {
      return call(`delete:${this.account}`, true)
    }
  }
  return { AsyncEntry, findCredentialsAsync: () => call('list', [{ account: 'custom:default', password: 'x' }]) }
})

const { KeyringCredentialStore } = await import('../../../src/main/core/credentials/keyring-credential-store')

describe('KeyringCredentialStore queue', () => {
  it('sends one call at a time to the keychain, in the order asked, and a failure does not stop the queue', async () => {
    const store = new KeyringCredentialStore('onair-test')
    const calls = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? store.get(`a${i}`) : i % 3 === 1 ? store.set(`a${i}`, 'x') : store.listAccounts()))
    const broken = store.get('broken')
    const after = store.delete('a-last')
    await Promise.all(calls)
    await expect(broken).rejects.toMatchObject({ code: 'keychain_unavailable', value: { retryable: true } })
    expect(await after).toBe(true)
    expect(probe.most).toBe(1)
    expect(probe.order.slice(0, 3)).toEqual(['get:a0', 'set:a1', 'list'])
    expect(probe.order.slice(-2)).toEqual(['get:broken', 'delete:a-last'])
  })
})
