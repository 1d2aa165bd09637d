import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { DeviceInfo, OnairApi } from '../../../../shared/contract'
import { useStores } from '../../app/stores-context'
import { memoryShowMemory, type ShowMemory } from './show-memory'

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

/** Starts from the last show's sources and remembers each change (main checks them again at Go Live). */
export function createSourcesStore(api: OnairApi, memory: ShowMemory = memoryShowMemory()): StoreApi<SourcesStore> {
  const last = memory.load()
  const store = createStore<SourcesStore>()((set) => ({
    devices: [],
    video: last.video ?? 'testsrc',
    audio: last.audio ?? 'sine',
    record: last.record ?? true,

    async load() {
      const devices = await api.invoke('devices:list', {})
      set({ devices: devices.ok ? devices.value : [] })
    },
    setVideo: (video) => set({ video }),
    setAudio: (audio) => set({ audio }),
    setRecord: (record) => set({ record })
  }))
  store.subscribe((now, before) => {
    if (setupChanged(now, before)) memory.save({ video: now.video, audio: now.audio, record: now.record })
  })
  return store
}

/** True when the setup of the next show changed (not when the device list was read). */
export function setupChanged(now: SourcesStore, before: SourcesStore): boolean {
  return now.video !== before.video || now.audio !== before.audio || now.record !== before.record
}

export function useSources<T>(selector: (s: SourcesStore) => T): T {
  return useStore(useStores().sources, selector)
}
