import { create } from 'zustand'
import type { AccountSummary } from '../../../shared/contract'
import type { OnairErrorValue } from '../../../shared/errors'
import { onair } from '../api/onair'

export interface AccountStore {
  accounts: AccountSummary[]
  loaded: boolean
  saving: boolean
  saveError: OnairErrorValue | null
  load(): Promise<void>
  /** Saves the Custom RTMP destination; the key goes to the keychain and only its mask ever comes back. */
  saveCustom(serverUrl: string, streamKey: string): Promise<boolean>
  removeCustom(): Promise<void>
  clearError(): void
}

export const useAccountStore = create<AccountStore>()((set, get) => ({
  accounts: [],
  loaded: false,
  saving: false,
  saveError: null,

  async load() {
    const result = await onair.invoke('accounts:list', {})
    if (result.ok) set({ accounts: result.value, loaded: true })
    else set({ loaded: true, saveError: result.error })
  },

  async saveCustom(serverUrl, streamKey) {
    set({ saving: true, saveError: null })
    const result = await onair.invoke('accounts:save', { provider: 'custom', profile: 'default', fields: { serverUrl, streamKey } })
    if (!result.ok) {
      set({ saving: false, saveError: result.error })
      return false
    }
    await get().load()
    set({ saving: false })
    return true
  },

  async removeCustom() {
    const result = await onair.invoke('accounts:delete', { provider: 'custom', profile: 'default' })
    if (!result.ok) set({ saveError: result.error })
    await get().load()
  },

  clearError: () => set({ saveError: null })
}))

export function selectCustomAccount(s: AccountStore): AccountSummary | undefined {
  return s.accounts.find((a) => a.provider === 'custom' && a.profile === 'default')
}
