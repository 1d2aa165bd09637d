import type { OnairApi } from '../../../../shared/contract'
import type { Settings, SettingsPatch } from '../../../../shared/settings'
import { validChips, type DestinationChip } from '../destinations/destination-chip'
import { readSettings } from '../settings/read-settings'

/**
 * The last show's setup (destinations and sources), so the next one is one click away. Kept by main in the settings
 * (`settings:get|set`, one file in the data dir shared by every window, the CLI included): this module is the only
 * place that knows where, and the stores see only this interface.
 */
export interface RememberedShow {
  destinations: DestinationChip[]
  video?: string
  audio?: string
  record?: boolean
}

export interface ShowMemory {
  load(): RememberedShow
  /** Merges what changed into what is remembered. */
  save(change: Partial<RememberedShow>): void
}

// A SOURCE string is checked by main; here only its size and type, so a damaged entry cannot grow the page.
const SOURCE_MAX = 4096

/** The remembered show in main's settings, read once before the stores are built (they start from it synchronously). */
export async function loadSettingsShowMemory(api: OnairApi, timeoutMs?: number): Promise<ShowMemory> {
  return settingsShowMemory(api, await readSettings(api, timeoutMs))
}

/** A ShowMemory over main's settings, starting from `settings` (null: not read). Saves are sent as they come, in order. */
export function settingsShowMemory(api: OnairApi, settings: Settings | null): ShowMemory {
  let current: RememberedShow = settings ? fromSettings(settings) : { destinations: [] }
  // Another window (or this one) changed them: the next load starts from there.
  api.on('settings:changed', (snapshot) => (current = fromSettings(snapshot.settings)))
  return {
    load: () => structuredClone(current),
    save(change) {
      current = { ...current, ...structuredClone(change) }
      const patch: SettingsPatch = {}
      if (change.destinations) patch.destinations = change.destinations.map((c) => ({ ...c }))
      if (change.video !== undefined || change.audio !== undefined)
        patch.sources = { ...(change.video !== undefined ? { video: change.video } : {}), ...(change.audio !== undefined ? { audio: change.audio } : {}) }
      if (change.record !== undefined) patch.recording = { enabled: change.record }
      // Main refuses what does not fit its schema; the setup on screen stays, only its memory is lost.
      void api.invoke('settings:set', patch)
    }
  }
}

function fromSettings(settings: Settings): RememberedShow {
  return parseShow({
    destinations: settings.destinations,
    video: settings.sources.video ?? undefined,
    audio: settings.sources.audio ?? undefined,
    record: settings.recording.enabled
  })
}

/** For tests: remembered while the page lives. */
export function memoryShowMemory(initial: RememberedShow = { destinations: [] }): ShowMemory {
  let current = structuredClone(initial)
  return {
    load: () => structuredClone(current),
    save: (change) => void (current = { ...current, ...structuredClone(change) })
  }
}

export function parseShow(value: unknown): RememberedShow {
  if (typeof value !== 'object' || value === null) return { destinations: [] }
  const v = value as Record<string, unknown>
  const source = (s: unknown) => (typeof s === 'string' && s.length > 0 && s.length <= SOURCE_MAX ? s : undefined)
  const show: RememberedShow = { destinations: validChips(v.destinations) }
  const video = source(v.video)
  const audio = source(v.audio)
  if (video) show.video = video
  if (audio) show.audio = audio
  if (typeof v.record === 'boolean') show.record = v.record
  return show
}
