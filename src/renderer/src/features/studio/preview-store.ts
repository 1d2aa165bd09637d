import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { OnairApi } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { AudioLevel, PreviewStatus } from '../../../../shared/preview'
import { useStores } from '../../app/stores-context'
import type { Monitor } from './monitor'
import type { SourcesStore } from './sources-store'

export interface PreviewStore {
  /**
   * A picture of the chosen video source has come (before or during the show). The pictures themselves go straight
   * to the monitor (monitor.ts), not through the store: twelve store updates a second would be for nobody.
   */
  hasFrame: boolean
  /** The latest level of each audio source, by SOURCE string. */
  levels: Record<string, AudioLevel>
  /** What main previews, as it last said. */
  status: PreviewStatus | null
  /** A preview or mute command main refused (the capture's own failures come in `status.error`). */
  commandError: OnairErrorValue | null
  /** Asks main to show these sources (it changes nothing for sources already shown). */
  show(video: string, audio: string): Promise<void>
  setMuted(muted: boolean): Promise<void>
}

export function createPreviewStore(api: OnairApi): StoreApi<PreviewStore> {
  return createStore<PreviewStore>()((set, get) => ({
    hasFrame: false,
    levels: {},
    status: null,
    commandError: null,

    async show(video, audio) {
      // Another picture is coming: the last source's frame must not stand in for it.
      if (get().status?.video !== video) set({ hasFrame: false })
      const result = await api.invoke('preview:start', { video, audio })
      set(result.ok ? { status: result.value, commandError: null } : { commandError: result.error })
    },

    async setMuted(muted) {
      const result = await api.invoke('audio:mute', { muted })
      set(result.ok ? { status: result.value, commandError: null } : { commandError: result.error })
    }
  }))
}

/**
 * Follows main's preview events, and shows whatever the sources store settles on: the remembered or default sources
 * once known, each change the streamer makes, the sources of a show already running. Returns the unsubscribe.
 */
export function connectPreviewStore(store: StoreApi<PreviewStore>, sources: StoreApi<SourcesStore>, monitor: Monitor, api: OnairApi): () => void {
  const show = (s: SourcesStore) => {
    if (s.ready) void store.getState().show(s.video, s.audio)
  }
  const subscriptions = [
    api.on('preview:frame', (frame) => {
      monitor.frame(frame)
      if (!store.getState().hasFrame) store.setState({ hasFrame: true })
    }),
    api.on('audio:levels', (event) => {
      monitor.levels(event.levels)
      store.setState((s) => ({ levels: { ...s.levels, ...Object.fromEntries(event.levels.map((l) => [l.source, l])) } }))
    }),
    api.on('preview:state', (status) => store.setState(status.video === null ? { status, hasFrame: false } : { status })),
    sources.subscribe((now, before) => {
      if (now.ready && (!before.ready || now.video !== before.video || now.audio !== before.audio)) show(now)
    })
  ]
  show(sources.getState())
  return () => subscriptions.forEach((off) => off())
}

/** After a reconnect (serve) main may have stopped the preview while no window was open: ask again. */
export function reshowPreview(store: StoreApi<PreviewStore>, sources: StoreApi<SourcesStore>): void {
  const s = sources.getState()
  if (s.ready) void store.getState().show(s.video, s.audio)
}

export function usePreview<T>(selector: (s: PreviewStore) => T): T {
  return useStore(useStores().preview, selector)
}
