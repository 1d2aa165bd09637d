import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { OnairApi } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { H264Encoder } from '../../../../shared/output-presets'
import type { SettingsPatch, SettingsSnapshot } from '../../../../shared/settings'
import { useStores } from '../../app/stores-context'

export interface SettingsStore {
  /** main's settings as last read or told (`settings:changed`); null until the first answer. */
  snapshot: SettingsSnapshot | null
  /** Why the last save did not happen (main refused the value, or could not write the file). */
  error: OnairErrorValue | null
  /** The settings that save was about (`output.preset`, `recording.folder`...), so the error is said beside them. */
  errorPaths: string[]
  /** The encoders that pass a test encode on main's computer (hardware first, then libx264); null until asked. */
  encoders: H264Encoder[] | null
  load(): Promise<void>
  /** Asks main once (it runs the test encodes); later calls keep the answer. */
  loadEncoders(): Promise<void>
  /** Sends a patch; true once main saved it. The settings shown come from main's answer, never from the patch. */
  save(patch: SettingsPatch): Promise<boolean>
}

/** A mirror of main's settings (DESIGN §2: main owns them; this store only shows and asks). */
export function createSettingsStore(api: OnairApi): StoreApi<SettingsStore> {
  return createStore<SettingsStore>()((set, get) => ({
    snapshot: null,
    error: null,
    errorPaths: [],
    encoders: null,
    async loadEncoders() {
      if (get().encoders) return
      const result = await api.invoke('encoders:list', {})
      set({ encoders: result.ok ? result.value.encoders : ['libx264'] })
    },
    async load() {
      const result = await api.invoke('settings:get', {})
      if (result.ok) set({ snapshot: result.value })
    },
    async save(patch) {
      const result = await api.invoke('settings:set', patch)
      if (!result.ok) {
        set({ error: result.error, errorPaths: settingPaths(patch) })
        return false
      }
      set({ snapshot: result.value, error: null, errorPaths: [] })
      return true
    }
  }))
}

/**
 * The last save's error if it concerns `path` (a section such as `output`, or one setting): main named that field, or,
 * when main's error names none (the file could not be written), the patch was about it.
 */
export function errorAbout(s: Pick<SettingsStore, 'error' | 'errorPaths'>, path: string): OnairErrorValue | null {
  if (!s.error) return null
  const within = (p: string) => p === path || p.startsWith(`${path}.`)
  return (s.error.field ? within(s.error.field) : s.errorPaths.some(within)) ? s.error : null
}

function settingPaths(patch: SettingsPatch): string[] {
  return Object.entries(patch).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).map((field) => `${key}.${field}`) : [key]
  )
}

/** Every window follows a change made in another (or by a CLI command through serve). */
export function connectSettingsStore(store: StoreApi<SettingsStore>, api: OnairApi): () => void {
  return api.on('settings:changed', (snapshot) => store.setState({ snapshot }))
}

export function useSettings<T>(selector: (s: SettingsStore) => T): T {
  return useStore(useStores().settings, selector)
}
