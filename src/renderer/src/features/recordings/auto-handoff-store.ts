import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { AutoHandoffEvent } from '../../../../shared/auto-handoff'
import type { OnairApi } from '../../../../shared/contract'
import { useStores } from '../../app/stores-context'

/** The last things the automatic handoff rule did, newest first: what the Recordings place says of it. */
export interface AutoHandoffStore {
  told: AutoHandoffEvent[]
}

/** How many lines the Recordings place keeps (one per recording: a recording's newest line replaces its older one). */
export const AUTO_HANDOFF_LINES = 3

/** Pure: the newest line per recording, newest first, at most AUTO_HANDOFF_LINES. */
export function withAutoHandoff(told: AutoHandoffEvent[], event: AutoHandoffEvent): AutoHandoffEvent[] {
  return [event, ...told.filter((e) => e.recordingId !== event.recordingId)].slice(0, AUTO_HANDOFF_LINES)
}

export function createAutoHandoffStore(): StoreApi<AutoHandoffStore> {
  return createStore<AutoHandoffStore>()(() => ({ told: [] }))
}

/** Follows main's `handoff:auto`. Returns the unsubscribe. */
export function connectAutoHandoffStore(store: StoreApi<AutoHandoffStore>, api: OnairApi): () => void {
  return api.on('handoff:auto', (event) => store.setState((s) => ({ told: withAutoHandoff(s.told, event) })))
}

export function useAutoHandoff<T>(selector: (s: AutoHandoffStore) => T): T {
  return useStore(useStores().autoHandoff, selector)
}
