import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { DeviceInfo, OnairApi } from '../../../../shared/contract'
import { useStores } from '../../app/stores-context'

export interface SourcesStore {
  devices: DeviceInfo[]
  /** The SOURCE strings of DESIGN §8 the next live:start uses. */
  video: string
  audio: string
  record: boolean
  load(): Promise<void>
  setVideo(source: string): void
  setAudio(source: string): void
  setRecord(record: boolean): void
}

export function createSourcesStore(api: OnairApi): StoreApi<SourcesStore> {
  return createStore<SourcesStore>()((set) => ({
    devices: [],
    video: 'testsrc',
    audio: 'sine',
    record: true,

    async load() {
      const devices = await api.invoke('devices:list', {})
      set({ devices: devices.ok ? devices.value : [] })
    },
    setVideo: (video) => set({ video }),
    setAudio: (audio) => set({ audio }),
    setRecord: (record) => set({ record })
  }))
}

export function useSources<T>(selector: (s: SourcesStore) => T): T {
  return useStore(useStores().sources, selector)
}
