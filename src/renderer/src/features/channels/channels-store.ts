import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ChannelOptionField, ChannelOptions } from '../../../../shared/channel-options'
import type { ChannelSummary, CommandParsedRequest, CommandResult, OnairApi } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { ProviderId } from '../../../../shared/providers'
import { useStores } from '../../app/stores-context'
import type { AccountsStore } from '../accounts/accounts-store'

/** One account's channels as main last listed them (channels:list reads every page). */
export interface ChannelList {
  channels: ChannelSummary[]
  /** A read is under way (the first one, or a refresh). */
  loading: boolean
  /** When the last read succeeded (ms since epoch); null before the first. */
  loadedAt: number | null
  /** Why the last read failed; the channels of an earlier read stay shown. */
  error: OnairErrorValue | null
}

/** A hand-entered ingest saved in this window: main's reply, the key masked (`••••••••abcd`). */
export interface SavedIngest {
  server: string
  streamKey: string
}

export interface ChannelsStore {
  /** Per account, keyed `provider:profile` (channelsKey). */
  lists: Record<string, ChannelList>
  /** Each provider's create-channel options (channels:options), read once: they do not change while the app runs. */
  options: Partial<Record<ProviderId, ChannelOptionField[]>>
  /** Ingests saved in this window, keyed `provider:profile:channelId`; main lists only `details.ingestSaved` for them. */
  ingests: Record<string, SavedIngest>
  /** Lists the account's channels unless they were listed already (a picker opening again reads nothing). */
  load(provider: ProviderId, profile: string): Promise<void>
  /** Lists them again now. A read already under way is shared, not doubled. */
  refresh(provider: ProviderId, profile: string): Promise<void>
  /** Creates a channel; on success it joins the account's list at the top. */
  create(provider: ProviderId, profile: string, name: string, options: ChannelOptions): Promise<CommandResult<'channels:create'>>
  loadOptions(provider: ProviderId): Promise<CommandResult<'channels:options'>>
  /** Keeps a hand-entered ingest (Kollus) in the keychain; the channel is then listed with `ingestSaved`. */
  setIngest(request: CommandParsedRequest<'channels:setIngest'>): Promise<CommandResult<'channels:setIngest'>>
  /** Drops what is known of an account's channels (it was removed, or now points elsewhere). */
  forget(provider: ProviderId, profile: string): void
  /**
   * The account whose channels the Accounts place shows (`provider:profile`), or null for the list of accounts. Kept
   * here, not in the page, so the view is still open after a visit to the Studio, and so another place can send the
   * streamer to an account's channels (e.g. to enter a Kollus ingest): `showChannels(...)` then go to Accounts.
   */
  shownAccount: string | null
  showChannels(provider: ProviderId, profile: string): void
  closeChannels(): void
}

export const EMPTY_CHANNEL_LIST: ChannelList = Object.freeze({ channels: [], loading: false, loadedAt: null, error: null }) as ChannelList

export function channelsKey(provider: ProviderId, profile: string): string {
  return `${provider}:${profile}`
}

export function ingestKey(provider: ProviderId, profile: string, channelId: string): string {
  return `${provider}:${profile}:${channelId}`
}

export function createChannelsStore(api: OnairApi): StoreApi<ChannelsStore> {
  // Reads under way per account: a second caller (a refresh click, the picker opening) waits for the same answer.
  const reading = new Map<string, Promise<void>>()
  // Bumped by forget(): an answer that arrives for a forgotten account is dropped.
  const generation = new Map<string, number>()

  return createStore<ChannelsStore>()((set, get) => {
    const patch = (key: string, next: Partial<ChannelList>) =>
      set((s) => ({ lists: { ...s.lists, [key]: { ...(s.lists[key] ?? EMPTY_CHANNEL_LIST), ...next } } }))

    const read = (provider: ProviderId, profile: string): Promise<void> => {
      const key = channelsKey(provider, profile)
      const running = reading.get(key)
      if (running) return running
      const gen = generation.get(key) ?? 0
      patch(key, { loading: true })
      const promise = (async () => {
        const result = await api.invoke('channels:list', { provider, profile })
        if ((generation.get(key) ?? 0) !== gen) return
        if (result.ok) patch(key, { channels: result.value, loading: false, loadedAt: Date.now(), error: null })
        else patch(key, { loading: false, error: result.error })
      })().finally(() => {
        if (reading.get(key) === promise) reading.delete(key)
      })
      reading.set(key, promise)
      return promise
    }

    return {
      lists: {},
      options: {},
      ingests: {},
      shownAccount: null,
      showChannels: (provider, profile) => set({ shownAccount: channelsKey(provider, profile) }),
      closeChannels: () => set({ shownAccount: null }),

      async load(provider, profile) {
        const list = get().lists[channelsKey(provider, profile)]
        if (list?.loadedAt) return
        await read(provider, profile)
      },

      refresh: read,

      async create(provider, profile, name, options) {
        const result = await api.invoke('channels:create', { provider, profile, name, options })
        if (result.ok) {
          const key = channelsKey(provider, profile)
          const list = get().lists[key] ?? EMPTY_CHANNEL_LIST
          // At the top, where a streamer looks for what they just made; no second read (Kollus allows one call a second).
          patch(key, { channels: [result.value, ...list.channels.filter((c) => c.id !== result.value.id)] })
        }
        return result
      },

      async loadOptions(provider) {
        const known = get().options[provider]
        if (known) return { ok: true, value: known }
        const result = await api.invoke('channels:options', { provider })
        if (result.ok) set((s) => ({ options: { ...s.options, [provider]: result.value } }))
        return result
      },

      async setIngest(request) {
        const result = await api.invoke('channels:setIngest', request)
        if (result.ok) {
          const { provider, profile, channelId } = request
          const key = channelsKey(provider, profile)
          const list = get().lists[key]
          if (list) {
            const channels = list.channels.map((c) => (c.id === channelId ? { ...c, details: { ...c.details, ingestSaved: true } } : c))
            patch(key, { channels })
          }
          set((s) => ({
            ingests: { ...s.ingests, [ingestKey(provider, profile, channelId)]: { server: result.value.server, streamKey: result.value.streamKey } }
          }))
        }
        return result
      },

      forget(provider, profile) {
        const key = channelsKey(provider, profile)
        generation.set(key, (generation.get(key) ?? 0) + 1)
        reading.delete(key)
        set((s) => {
          const { [key]: _gone, ...lists } = s.lists
          const prefix = `${key}:`
          const ingests = Object.fromEntries(Object.entries(s.ingests).filter(([k]) => !k.startsWith(prefix)))
          return { lists, ingests }
        })
      }
    }
  })
}

export function useChannels<T>(selector: (s: ChannelsStore) => T): T {
  return useStore(useStores().channels, selector)
}

/** One account's list, or the empty one (a stable object, so a selector returning it does not re-render). */
export function selectChannelList(provider: ProviderId, profile: string): (s: ChannelsStore) => ChannelList {
  const key = channelsKey(provider, profile)
  return (s) => s.lists[key] ?? EMPTY_CHANNEL_LIST
}

/**
 * Keeps the channel lists true to the saved accounts: an account that is removed, or whose fields change (a new API
 * address or secret may reach another set of channels), loses its list, and the next look reads it again.
 * Returns the unsubscribe.
 */
export function connectChannelsToAccounts(channels: StoreApi<ChannelsStore>, accounts: StoreApi<AccountsStore>): () => void {
  return accounts.subscribe((now, before) => {
    if (now.accounts === before.accounts) return
    for (const old of before.accounts) {
      const current = now.accounts.find((a) => a.provider === old.provider && a.profile === old.profile)
      if (!current || JSON.stringify(current.display) !== JSON.stringify(old.display)) channels.getState().forget(old.provider, old.profile)
    }
  })
}
