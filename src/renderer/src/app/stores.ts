import type { OnairApi } from '../../../shared/contract'
import type { ConnectionState } from '../api/ws-api'
import { createAccountsStore, type AccountsStore } from '../features/accounts/accounts-store'
import { connectChannelsToAccounts, createChannelsStore, type ChannelsStore } from '../features/channels/channels-store'
import { createDestinationsStore, type DestinationsStore } from '../features/destinations/destinations-store'
import { connectLiveStore, createLiveStore, type LiveStore } from '../features/studio/live-store'
import { connectShowSetup } from '../features/studio/show-setup'
import { memoryShowMemory, type ShowMemory } from '../features/studio/show-memory'
import { createSourcesStore, type SourcesStore } from '../features/studio/sources-store'
import { createMonitor, type Monitor } from '../features/studio/monitor'
import { connectMonitorWatch } from '../features/studio/monitor-watch'
import { connectPreviewStore, createPreviewStore, reshowPreview, type PreviewStore } from '../features/studio/preview-store'
import { connectRecordingsStore, createRecordingsStore, type RecordingsStore } from '../features/recordings/recordings-store'
import { connectUploadsStore, createUploadsStore, type UploadsStore } from '../features/recordings/uploads-store'
import { connectSettingsStore, createSettingsStore, type SettingsStore } from '../features/settings/settings-store'
import { connectHistoryStore, createHistoryStore, type HistoryStore } from '../features/history/history-store'
import { connectAutoHandoffStore, createAutoHandoffStore, type AutoHandoffStore } from '../features/recordings/auto-handoff-store'
import { createShellStore, type ConnectionSource, type ShellStore } from './shell-store'
import type { StoreApi } from 'zustand'

/** One zustand store per domain (DESIGN §10), each built around the injected API so tests can script it. */
export interface Stores {
  shell: StoreApi<ShellStore>
  live: StoreApi<LiveStore>
  sources: StoreApi<SourcesStore>
  accounts: StoreApi<AccountsStore>
  /** Each account's channels (keyed provider:profile) and each provider's channel options. */
  channels: StoreApi<ChannelsStore>
  /** Where the next show goes (1–4 chips), remembered with the sources for a one-click Go Live. */
  destinations: StoreApi<DestinationsStore>
  /** The chosen sources' picture and audio levels, before and during the show (and the show's mute). */
  preview: StoreApi<PreviewStore>
  /** Paints the preview picture and the meters, off the page's main thread (not a store: it holds no state to render). */
  monitor: Monitor
  /** The recordings library, kept in step by `recordings:changed`. */
  recordings: StoreApi<RecordingsStore>
  /** Uploads of recordings to S3-compatible storage and the storage accounts, kept in step by `handoff:progress`. */
  uploads: StoreApi<UploadsStore>
  /** main's settings (output, recording, network, language...), kept in step by `settings:changed`. */
  settings: StoreApi<SettingsStore>
  /** Past shows, and the one opened in History. */
  history: StoreApi<HistoryStore>
  /** What the automatic handoff rule did lately (`handoff:auto`), said in Recordings. */
  autoHandoff: StoreApi<AutoHandoffStore>
}

/** `memory` keeps the last show's setup; tests get a fresh one in memory, the app main's settings (main.tsx). */
export function createStores(
  api: OnairApi,
  connection: ConnectionSource | null = null,
  memory: ShowMemory = memoryShowMemory(),
  monitor: Monitor = createMonitor()
): Stores {
  return {
    shell: createShellStore(api, connection),
    live: createLiveStore(api),
    sources: createSourcesStore(api, memory),
    destinations: createDestinationsStore(memory),
    accounts: createAccountsStore(api),
    channels: createChannelsStore(api),
    preview: createPreviewStore(api),
    monitor,
    recordings: createRecordingsStore(api),
    uploads: createUploadsStore(api),
    settings: createSettingsStore(api),
    history: createHistoryStore(api),
    autoHandoff: createAutoHandoffStore()
  }
}

function loadAll(stores: Stores): void {
  void stores.shell.getState().load()
  void stores.sources.getState().load()
  void stores.accounts.getState().load()
  void stores.live.getState().refresh()
  reshowPreview(stores.preview, stores.sources)
  void stores.recordings.getState().load()
  void stores.uploads.getState().load()
  void stores.settings.getState().load()
}

/**
 * Subscribes the stores to main's events and reads everything once. In serve mode everything is read again after a
 * reconnect: events sent while the socket was away are gone. Returns the unsubscribe.
 */
export function startStores(stores: Stores, api: OnairApi, connection: ConnectionSource | null = null): () => void {
  const offLive = connectLiveStore(stores.live, api)
  const offPreview = connectPreviewStore(stores.preview, stores.sources, stores.monitor, api)
  const offWatch = connectMonitorWatch(api, connection)
  const offChannels = connectChannelsToAccounts(stores.channels, stores.accounts)
  const offSetup = connectShowSetup(stores)
  const offRecordings = connectRecordingsStore(stores.recordings, api)
  const offUploads = connectUploadsStore(stores.uploads, api)
  const offSettings = connectSettingsStore(stores.settings, api)
  const offHistory = connectHistoryStore(stores.history, api)
  const offAutoHandoff = connectAutoHandoffStore(stores.autoHandoff, api)
  loadAll(stores)
  let wasOpen = connection ? connection.connection() === 'open' : true
  const offConnection = connection?.onConnection((state: ConnectionState) => {
    stores.shell.setState({ connection: state })
    if (state === 'open' && !wasOpen) loadAll(stores)
    wasOpen = state === 'open'
  })
  return () => {
    offLive()
    offPreview()
    offWatch()
    offChannels()
    offSetup()
    offRecordings()
    offUploads()
    offSettings()
    offHistory()
    offAutoHandoff()
    offConnection?.()
  }
}
