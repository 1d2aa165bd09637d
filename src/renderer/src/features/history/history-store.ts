import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { OnairApi } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { SessionDetail, SessionSummary } from '../../../../shared/sessions'
import { useStores } from '../../app/stores-context'

export interface HistoryStore {
  /** Past shows as main lists them, newest first. */
  sessions: SessionSummary[]
  loaded: boolean
  listError: OnairErrorValue | null
  /** The show opened in detail, and what main said of it. */
  openId: string | null
  detail: SessionDetail | null
  detailError: OnairErrorValue | null
  /** The show whose detail was closed last (the list gives its card focus back). */
  lastOpened: string | null
  load(): Promise<void>
  open(id: string): Promise<void>
  close(): void
}

export function createHistoryStore(api: OnairApi): StoreApi<HistoryStore> {
  return createStore<HistoryStore>()((set, get) => ({
    sessions: [],
    loaded: false,
    listError: null,
    openId: null,
    detail: null,
    detailError: null,
    lastOpened: null,

    async load() {
      const result = await api.invoke('sessions:list', {})
      if (result.ok) set({ sessions: result.value, loaded: true, listError: null })
      else set({ loaded: true, listError: result.error })
    },

    async open(id) {
      set({ openId: id, detail: null, detailError: null })
      const result = await api.invoke('sessions:get', { id })
      // Another show opened (or the detail closed) while this one was read: that answer is not shown.
      if (get().openId !== id) return
      if (result.ok) set({ detail: result.value })
      else set({ detailError: result.error })
    },

    close() {
      set({ lastOpened: get().openId, openId: null, detail: null, detailError: null })
    }
  }))
}

/**
 * A show that ends joins the history: the list is read again when a session reaches its end (the file's end line is
 * written right after the final state, so the read waits a moment). Returns the unsubscribe.
 */
export function connectHistoryStore(store: StoreApi<HistoryStore>, api: OnairApi): () => void {
  let lastEnded: string | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const off = api.on('live:state', (snap) => {
    if ((snap.state !== 'ended' && snap.state !== 'failed') || !snap.sessionId || snap.sessionId === lastEnded) return
    lastEnded = snap.sessionId
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void store.getState().load(), 300)
  })
  return () => {
    off()
    if (timer) clearTimeout(timer)
  }
}

export function useHistory<T>(selector: (s: HistoryStore) => T): T {
  return useStore(useStores().history, selector)
}
