import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { AccountSummary } from '../../../../shared/contract'
import { useStores } from '../../app/stores-context'
import type { ShowMemory } from '../studio/show-memory'
import { chipKey, MAX_DESTINATIONS, type DestinationChip } from './destination-chip'

export type AddResult = 'added' | 'duplicate' | 'full'

/** Where the next show goes: one to four chips, in the order live:start will get them. */
export interface DestinationsStore {
  chips: DestinationChip[]
  add(chip: DestinationChip): AddResult
  remove(key: string): void
  /** NAVER: also push to the channel's backup ingest (offered only where the channel has one). */
  setBackup(key: string, backup: boolean): void
  /** Drops chips whose account is gone (removed in Accounts, or in another window). */
  keepAccounts(accounts: AccountSummary[]): void
}

/** Starts from the remembered show and remembers every change, so the next Go Live is one click. */
export function createDestinationsStore(memory: ShowMemory): StoreApi<DestinationsStore> {
  const store = createStore<DestinationsStore>()((set, get) => ({
    chips: memory.load().destinations,

    add(chip) {
      const { chips } = get()
      if (chips.some((c) => chipKey(c) === chipKey(chip))) return 'duplicate'
      if (chips.length >= MAX_DESTINATIONS) return 'full'
      set({ chips: [...chips, chip] })
      return 'added'
    },
    remove: (key) => set((s) => ({ chips: s.chips.filter((c) => chipKey(c) !== key) })),
    setBackup: (key, backup) => set((s) => ({ chips: s.chips.map((c) => (chipKey(c) === key && c.hasBackup ? { ...c, backup } : c)) })),
    keepAccounts(accounts) {
      const kept = get().chips.filter((c) => accounts.some((a) => a.provider === c.provider && a.profile === c.profile))
      if (kept.length !== get().chips.length) set({ chips: kept })
    }
  }))
  store.subscribe((now, before) => {
    if (now.chips !== before.chips) memory.save({ destinations: now.chips })
  })
  return store
}

export function useDestinations<T>(selector: (s: DestinationsStore) => T): T {
  return useStore(useStores().destinations, selector)
}
