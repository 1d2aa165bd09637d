import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { DeviceInfo, OnairApi } from '../../../../shared/contract'
import { useStores } from '../../app/stores-context'
import { isActive } from '../../lib/live-state'
import { memoryShowMemory, type ShowMemory } from './show-memory'
import { defaultSources, NO_AUDIO, TEST_VIDEO } from './source-defaults'

export interface SourcesStore {
  devices: DeviceInfo[]
  /** The SOURCE strings of DESIGN §8 the next live:start uses. */
  video: string
  audio: string
  record: boolean
  /** The sources are settled (remembered ones checked against this computer's devices, or defaults): preview them. */
  ready: boolean
  load(): Promise<void>
  setVideo(source: string): void
  setAudio(source: string): void
  setRecord(record: boolean): void
  /** The sources of a show already running (a window that opens or reloads mid-show shows what is captured). */
  useShowSources(sources: { video: string; audio: string }): void
}

/**
 * Starts from the last show's sources while this computer still has them, else from its first screen and microphone
 * (source-defaults.ts), and remembers each change (main checks them again at Go Live). A running show's sources win.
 */
export function createSourcesStore(api: OnairApi, memory: ShowMemory = memoryShowMemory()): StoreApi<SourcesStore> {
  const last = memory.load()
  const store = createStore<SourcesStore>()((set, get) => ({
    devices: [],
    video: last.video ?? TEST_VIDEO,
    audio: last.audio ?? NO_AUDIO,
    record: last.record ?? true,
    ready: false,

    async load() {
      // The show's state too: in a window opened mid-show the captured sources are shown, never the remembered ones first.
      const [devices, live] = await Promise.all([api.invoke('devices:list', {}), api.invoke('live:snapshot', {})])
      const list = devices.ok ? devices.value : []
      const running = live.ok && isActive(live.value.state) && !live.value.handoff ? live.value.sources : null
      if (running && !get().ready) get().useShowSources(running)
      // Already settled: the streamer chose, or a running show's sources came first.
      if (get().ready) return set({ devices: list })
      // Without a list (main could not ask ffmpeg) the remembered sources stay: main checks them at Go Live.
      const settled = devices.ok ? defaultSources(list, last) : null
      set({ devices: list, ...settled, ready: true })
    },
    setVideo: (video) => set({ video, ready: true }),
    setAudio: (audio) => set({ audio, ready: true }),
    setRecord: (record) => set({ record }),
    useShowSources(sources) {
      if (get().video !== sources.video || get().audio !== sources.audio || !get().ready) set({ video: sources.video, audio: sources.audio, ready: true })
    }
  }))
  store.subscribe((now, before) => {
    if (setupChanged(now, before)) memory.save({ video: now.video, audio: now.audio, record: now.record })
  })
  return store
}

/** True when the setup of the next show changed (not when the device list was read, nor when the sources first settled). */
export function setupChanged(now: SourcesStore, before: SourcesStore): boolean {
  if (!before.ready) return false
  return now.video !== before.video || now.audio !== before.audio || now.record !== before.record
}

export function useSources<T>(selector: (s: SourcesStore) => T): T {
  return useStore(useStores().sources, selector)
}
