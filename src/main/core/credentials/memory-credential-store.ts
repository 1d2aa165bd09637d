import type { CredentialStore } from './credential-store'

/** For unit tests only: the app and the CLI always use the OS keychain. */
export class MemoryCredentialStore implements CredentialStore {
  private readonly values = new Map<string, string>()

  async get(account: string): Promise<string | null> {
    return this.values.get(account) ?? null
  }

  async set(account: string, value: string): Promise<void> {
    this.values.set(account, value)
  }

  async delete(account: string): Promise<boolean> {
    return this.values.delete(account)
  }

  async listAccounts(): Promise<string[]> {
    return [...this.values.keys()].sort()
  }
}
