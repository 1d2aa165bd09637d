import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { AccountSummary, AccountVerification, CommandParsedRequest, CommandResult, OnairApi } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { ProviderId } from '../../../../shared/providers'
import { useStores } from '../../app/stores-context'

export interface AccountsStore {
  /** What accounts:list gave: labels, connected flags and masked display values, never a secret. */
  accounts: AccountSummary[]
  loaded: boolean
  /** Why the list could not be read (no keychain, ...). */
  listError: OnairErrorValue | null
  /** The last Verify per account (`provider:profile`): under way, or what the provider said. */
  verifications: Record<string, Verification>
  load(): Promise<void>
  /** Creates or replaces an account with a complete set of fields; the secrets go to the keychain, only masks come back. */
  save(request: CommandParsedRequest<'accounts:save'>): Promise<CommandResult<'accounts:save'>>
  /** Changes some fields; secrets left out keep their saved values (the renderer never has them). */
  update(request: CommandParsedRequest<'accounts:update'>): Promise<CommandResult<'accounts:update'>>
  /** Asks the provider now with the saved credentials; the list's `connected` follows. */
  verify(provider: ProviderId, profile: string): Promise<void>
  remove(provider: ProviderId, profile: string): Promise<CommandResult<'accounts:delete'>>
}

export type Verification = { checking: true } | { checking: false; result: AccountVerification }

export function createAccountsStore(api: OnairApi): StoreApi<AccountsStore> {
  return createStore<AccountsStore>()((set, get) => {
    const setVerification = (key: string, v: Verification) => set((s) => ({ verifications: { ...s.verifications, [key]: v } }))
    const forget = (key: string) =>
      set((s) => {
        const { [key]: _gone, ...rest } = s.verifications
        return { verifications: rest }
      })
    return {
      accounts: [],
      loaded: false,
      listError: null,
      verifications: {},

      async load() {
        const result = await api.invoke('accounts:list', {})
        if (result.ok) set({ accounts: result.value, loaded: true, listError: null })
        else set({ loaded: true, listError: result.error })
      },

      async save(request) {
        const result = await api.invoke('accounts:save', request)
        if (result.ok) await get().load()
        return result
      },

      async update(request) {
        const result = await api.invoke('accounts:update', request)
        if (result.ok) {
          // What was verified was the old set of fields.
          forget(accountKey({ provider: request.provider, profile: request.profile }))
          await get().load()
        }
        return result
      },

      async verify(provider, profile) {
        const key = accountKey({ provider, profile })
        setVerification(key, { checking: true })
        const result = await api.invoke('accounts:verify', { provider, profile })
        // A verify that could not even be asked (no keychain, account gone) reads as "not connected" with its reason.
        setVerification(key, { checking: false, result: result.ok ? result.value : { connected: false, checkedAt: Date.now(), error: result.error } })
        await get().load()
      },

      async remove(provider, profile) {
        const result = await api.invoke('accounts:delete', { provider, profile })
        forget(accountKey({ provider, profile }))
        await get().load()
        return result
      }
    }
  })
}

export function useAccounts<T>(selector: (s: AccountsStore) => T): T {
  return useStore(useStores().accounts, selector)
}

export function accountKey(account: { provider: ProviderId; profile: string }): string {
  return `${account.provider}:${account.profile}`
}

export function selectCustomAccount(s: AccountsStore): AccountSummary | undefined {
  return s.accounts.find((a) => a.provider === 'custom' && a.profile === 'default')
}
