import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { AppInfo, OnairApi } from '../../../shared/contract'
import type { ConnectionState, WsApi } from '../api/ws-api'
import { PLACES, type Place } from './places'
import { useStores } from './stores-context'

/** The socket's state under `onair serve`; absent under Electron, where IPC is always there. */
export type ConnectionSource = Pick<WsApi, 'connection' | 'onConnection'>

export interface ShellStore {
  info: AppInfo | null
  place: Place
  connection: ConnectionState
  load(): Promise<void>
  go(place: Place): void
}

export function createShellStore(api: OnairApi, connection: ConnectionSource | null): StoreApi<ShellStore> {
  return createStore<ShellStore>()((set) => ({
    info: null,
    place: 'studio',
    connection: connection?.connection() ?? 'open',
    async load() {
      const info = await api.invoke('app:info', {})
      set({ info: info.ok ? info.value : null })
    },
    go: (place) => {
      if (PLACES.includes(place)) set({ place })
    }
  }))
}

export function useShell<T>(selector: (s: ShellStore) => T): T {
  return useStore(useStores().shell, selector)
}
