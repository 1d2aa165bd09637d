import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { OnairApi } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { SettingsPatch, SettingsSnapshot } from '../../../../shared/settings'
import { useStores } from '../../app/stores-context'

export interface SettingsStore {
  /** main's settings as last read or told (`settings:changed`); null until the first answer. */
  snapshot: SettingsSnapshot | null
  /** Why the last save did not happen (main refused the value, or could not write the file). */
  error: OnairErrorValue | null
  load(): Promise<void>
  /** Sends a patch; true once main saved it. The settings shown come from main's answer, never from the patch. */
  save(patch: SettingsPatch): Promise<boolean>
}

/** A mirror of main's settings (DESIGN §2: main owns them; this store only shows and asks). */
export function createSettingsStore(api: OnairApi): StoreApi<SettingsStore> {
  return createStore<SettingsStore>()((set) => ({
    snapshot: null,
    error: null,
    async load() {
      const result = await api.invoke('settings:get', {})
      if (result.ok) set({ snapshot: result.value })
    },
    async save(patch) {
      const result = await api.invoke('settings:set', patch)
      if (!result.ok) {
        set({ error: result.error })
        return false
      }
      set({ snapshot: result.value, error: null })
      return true
    }
  }))
}

/** Every window follows a change made in another (or by a CLI command through serve). */
export function connectSettingsStore(store: StoreApi<SettingsStore>, api: OnairApi): () => void {
  return api.on('settings:changed', (snapshot) => store.setState({ snapshot }))
}

export function useSettings<T>(selector: (s: SettingsStore) => T): T {
  return useStore(useStores().settings, selector)
}
