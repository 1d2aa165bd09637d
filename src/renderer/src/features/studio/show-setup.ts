import type { StoreApi } from 'zustand'
import type { AccountsStore } from '../accounts/accounts-store'
import type { DestinationsStore } from '../destinations/destinations-store'
import { isActive } from '../../lib/live-state'
import type { LiveStore } from './live-store'
import { setupChanged, type SourcesStore } from './sources-store'

/**
 * Ties the next show's setup to the last show's outcome: once the streamer changes a destination or a source, the last
 * show's error and its destinations' failures give way (issue 8 item 7). Chips whose account was removed go too.
 * Returns the unsubscribe.
 */
export function connectShowSetup(stores: {
  live: StoreApi<LiveStore>
  sources: StoreApi<SourcesStore>
  destinations: StoreApi<DestinationsStore>
  accounts: StoreApi<AccountsStore>
}): () => void {
  const dismiss = () => stores.live.getState().dismiss()
  const offs = [
    stores.destinations.subscribe((now, before) => {
      if (now.chips !== before.chips) dismiss()
    }),
    stores.sources.subscribe((now, before) => {
      if (setupChanged(now, before)) dismiss()
    }),
    // A window that opens or reloads mid-show shows the sources actually captured, not the remembered ones. A recording
    // streamed to a channel (a handoff) is no capture: the Studio keeps the streamer's own sources for the next show.
    stores.live.subscribe((now) => {
      const { state, sources, handoff } = now.snapshot
      if (isActive(state) && sources && !handoff) stores.sources.getState().useShowSources(sources)
    }),
    stores.accounts.subscribe((now, before) => {
      // Only a list main gave: an unreadable keychain is no reason to forget the show.
      if (now.accounts !== before.accounts && now.loaded && !now.listError) stores.destinations.getState().keepAccounts(now.accounts)
    })
  ]
  return () => offs.forEach((off) => off())
}
