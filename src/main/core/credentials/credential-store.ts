/**
 * A place for secrets, keyed by account name (`provider:profile`, DESIGN §3). Values are opaque strings
 * (JSON written by AccountService). Implementations never fall back to a file.
 */
export interface CredentialStore {
  get(account: string): Promise<string | null>
  set(account: string, value: string): Promise<void>
  /** Resolves to false when there was nothing to delete. */
  delete(account: string): Promise<boolean>
  /** Account names only: listing never reads values out for display. */
  listAccounts(): Promise<string[]>
}

export const KEYCHAIN_SERVICE = 'onair'
