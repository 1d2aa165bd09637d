import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { CommandResult, HandoffProgress, OnairApi } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { StorageAccountSummary } from '../../../../shared/storage'
import { useStores } from '../../app/stores-context'

export interface UploadsStore {
  /** Every upload main told of, by its id: running, paused (a closed app left it), and those that ended while shown. */
  uploads: Record<string, HandoffProgress>
  /** Saved S3-compatible storage accounts (secrets masked). */
  accounts: StorageAccountSummary[]
  loaded: boolean
  /** Why an upload of a recording (by recording id) could not start or stopped, until it is tried again. */
  errors: Record<string, OnairErrorValue>
  load(): Promise<void>
  /** Starts (or goes on with) the upload of a recording; resolves when main says it ended. */
  start(recordingId: string, target: string, profile: string): Promise<void>
  cancel(id: string): Promise<CommandResult<'handoff:cancel'>>
  saveAccount(fields: Record<string, string>): Promise<CommandResult<'storage:save'>>
}

const RANK: Record<HandoffProgress['state'], number> = { running: 0, paused: 1, failed: 2, done: 3, cancelled: 4 }

/** Pure: the upload a recording's card shows: one under way first, else a paused one, else how the last one ended. */
export function uploadOf(uploads: Record<string, HandoffProgress>, recordingId: string): HandoffProgress | undefined {
  return Object.values(uploads)
    .filter((u) => u.recordingId === recordingId && u.state !== 'cancelled')
    .sort((a, b) => RANK[a.state] - RANK[b.state])[0]
}

/** Pure: `s3://bucket` or `s3://bucket/key…` (a key ending in / gets the file's name, main decides the rest). */
export function isUploadTarget(target: string): boolean {
  return /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(target.trim())
}

export function createUploadsStore(api: OnairApi): StoreApi<UploadsStore> {
  return createStore<UploadsStore>()((set, get) => ({
    uploads: {},
    accounts: [],
    loaded: false,
    errors: {},

    async load() {
      const [list, accounts] = await Promise.all([api.invoke('handoff:list', {}), api.invoke('storage:list', {})])
      set((s) => ({
        // A recording streamed to a channel is listed too; its card shows it from the live session.
        uploads: list.ok ? { ...s.uploads, ...Object.fromEntries(list.value.filter((u) => u.kind === 'upload').map((u) => [u.id, u])) } : s.uploads,
        accounts: accounts.ok ? accounts.value : s.accounts,
        loaded: true
      }))
    },

    async start(recordingId, target, profile) {
      set((s) => ({ errors: withoutKey(s.errors, recordingId) }))
      const result = await api.invoke('handoff:upload', { recording: recordingId, upload: target.trim(), profile })
      // The outcome itself comes as handoff:progress; a refusal before the first part does not.
      if (!result.ok) set((s) => ({ errors: { ...s.errors, [recordingId]: result.error } }))
      else if (result.value.state === 'done') void get().load()
    },

    async cancel(id) {
      const result = await api.invoke('handoff:cancel', { id })
      if (result.ok) set((s) => ({ uploads: s.uploads[id] ? { ...s.uploads, [id]: { ...s.uploads[id], state: 'cancelled' } } : s.uploads }))
      return result
    },

    async saveAccount(fields) {
      const result = await api.invoke('storage:save', { kind: 's3', profile: 'default', fields })
      if (result.ok) set((s) => ({ accounts: [...s.accounts.filter((a) => a.profile !== result.value.profile), result.value] }))
      return result
    }
  }))
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record
  return rest
}

/** Follows main's `handoff:progress` (one per part, and at start and end). Returns the unsubscribe. */
export function connectUploadsStore(store: StoreApi<UploadsStore>, api: OnairApi): () => void {
  return api.on('handoff:progress', (progress) => {
    if (progress.kind !== 'upload') return
    store.setState((s) => ({
      uploads: { ...s.uploads, [progress.id]: progress },
      errors: progress.state === 'failed' && progress.recordingId && progress.error ? { ...s.errors, [progress.recordingId]: progress.error } : s.errors
    }))
  })
}

export function useUploads<T>(selector: (s: UploadsStore) => T): T {
  return useStore(useStores().uploads, selector)
}
