import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring'
import { onairError } from '../../../shared/errors'
import { KEYCHAIN_SERVICE, type CredentialStore } from './credential-store'

/**
 * The OS keychain through @napi-rs/keyring: macOS Keychain, Windows Credential Manager, Secret Service on
 * Linux. Any failure to reach it becomes `keychain_unavailable`; there is deliberately no plaintext fallback.
 * Calls run one at a time, in order: 400 parallel Secret Service sessions crashed gnome-keyring-daemon, which came
 * back locked (issue 7 item 5).
 */
export class KeyringCredentialStore implements CredentialStore {
  /** The tail of the queue: the next call starts when this one has settled. */
  private tail: Promise<unknown> = Promise.resolve()

  constructor(private readonly service: string = KEYCHAIN_SERVICE) {}

  async get(account: string): Promise<string | null> {
    return this.guard(() => new AsyncEntry(this.service, account).getPassword())
  }

  async set(account: string, value: string): Promise<void> {
    await this.guard(() => new AsyncEntry(this.service, account).setPassword(value))
  }

  async delete(account: string): Promise<boolean> {
    return this.guard(() => new AsyncEntry(this.service, account).deletePassword())
  }

  async listAccounts(): Promise<string[]> {
    const found = await this.guard(() => findCredentialsAsync(this.service))
    return found.map((c) => c.account).sort()
  }

  private guard<T>(operation: () => Promise<T>): Promise<T> {
    const run = async () => {
      try {
        return await operation()
      } catch (e) {
        throw keychainUnavailable(e)
      }
    }
    const result = this.tail.then(run, run)
    this.tail = result.catch(() => {})
    return result
  }
}

/** Maps the keyring's platform errors to one specific, actionable error (never echoing a value). */
export function keychainUnavailable(cause: unknown): Error {
  const detail = cause instanceof Error ? cause.message : String(cause)
  let hint = 'Make sure your system keychain is running and unlocked, then try again.'
  if (/unlock|locked|prompt/i.test(detail)) hint = 'Your keychain is locked: unlock it (log in again or open your keyring manager), then try again.'
  else if (/no result found|no such object|collection/i.test(detail))
    hint = 'Your keychain has no unlocked default keyring: create or unlock one in your keyring manager (e.g. Seahorse), then try again.'
  else if (/AccessDenied|D-?Bus|Secret Service|org\.freedesktop/i.test(detail))
    hint = 'No Secret Service is reachable over D-Bus: start gnome-keyring or KWallet (a desktop session does this), then try again.'
  return onairError(
    'keychain_unavailable',
    `The system keychain is not available, so nothing was saved (Onair never stores secrets in a file). ${hint} (${detail.replace(/\s+/g, ' ').slice(0, 160)})`,
    { retryable: true }
  )
}
