import { create } from 'zustand'
import type { AppInfo, DeviceInfo } from '../../../shared/contract'
import { onair } from '../api/onair'

export interface AppStore {
  info: AppInfo | null
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

export const useAppStore = create<AppStore>()((set) => ({
  info: null,
  devices: [],
  video: 'testsrc',
  audio: 'sine',
  record: true,

  async load() {
    const [info, devices] = await Promise.all([onair.invoke('app:info', {}), onair.invoke('devices:list', {})])
    set({ info: info.ok ? info.value : null, devices: devices.ok ? devices.value : [] })
  },
  setVideo: (video) => set({ video }),
  setAudio: (audio) => set({ audio }),
  setRecord: (record) => set({ record })
}))
