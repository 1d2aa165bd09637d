import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { CommandResult, OnairApi } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { FileSpan, LiveDestination } from '../../../../shared/live'
import type { RecordingsChanged, RecordingSummary } from '../../../../shared/recordings'
import { useStores } from '../../app/stores-context'

export interface RecordingsStore {
  /** The library as main has it, newest first. */
  recordings: RecordingSummary[]
  loaded: boolean
  /** Why the list could not be read. */
  listError: OnairErrorValue | null
  /** Where each recording revealed so far is (by id): the browser cannot open a folder, so the app says the path. */
  revealed: Record<string, string>
  load(): Promise<void>
  remove(id: string): Promise<CommandResult<'recordings:delete'>>
  reveal(id: string): Promise<CommandResult<'recordings:reveal'>>
  /** Streams a recording to channels as a live show; resolves once live (the show's events tell the rest). */
  /** `span`: only that part of the file (the part of the show that reached no destination). */
  stream(id: string, destinations: LiveDestination[], span?: FileSpan): Promise<CommandResult<'handoff:stream'>>
}

export function createRecordingsStore(api: OnairApi): StoreApi<RecordingsStore> {
  return createStore<RecordingsStore>()((set) => ({
    recordings: [],
    loaded: false,
    listError: null,
    revealed: {},

    async load() {
      const result = await api.invoke('recordings:list', {})
      if (result.ok) set({ recordings: result.value, loaded: true, listError: null })
      else set({ loaded: true, listError: result.error })
    },

    async remove(id) {
      const result = await api.invoke('recordings:delete', { id })
      // The `recordings:changed` event says so too; a window whose socket missed it still sees the entry go.
      if (result.ok) set((s) => ({ recordings: s.recordings.filter((r) => r.id !== id) }))
      return result
    },

    async reveal(id) {
      const result = await api.invoke('recordings:reveal', { id })
      if (result.ok) set((s) => ({ revealed: { ...s.revealed, [id]: result.value.path } }))
      return result
    },

    stream: (id, destinations, span) => api.invoke('handoff:stream', { recording: id, destinations, ...(span ? { span } : {}) })
  }))
}

/** Pure: the list after one `recordings:changed` (an entry added, changed or deleted), newest first. */
export function applyRecordingChange(list: RecordingSummary[], change: RecordingsChanged): RecordingSummary[] {
  const rest = list.filter((r) => r.id !== change.id)
  if (!change.recording) return rest
  return [...rest, change.recording].sort((a, b) => b.startedAt - a.startedAt)
}

/** Follows main's `recordings:changed` (a show started or ended, a repair, an upload). Returns the unsubscribe. */
export function connectRecordingsStore(store: StoreApi<RecordingsStore>, api: OnairApi): () => void {
  return api.on('recordings:changed', (change) => store.setState((s) => ({ recordings: applyRecordingChange(s.recordings, change) })))
}

export function useRecordings<T>(selector: (s: RecordingsStore) => T): T {
  return useStore(useStores().recordings, selector)
}
