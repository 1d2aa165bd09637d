import { validChips, type DestinationChip } from '../destinations/destination-chip'

/**
 * The last show's setup (destinations and sources), so the next one is one click away. Kept in the renderer's
 * localStorage until the settings service exists (issue 9): this module is the only place that knows where, and the
 * stores see only this interface, so moving it to `settings:get|set` touches nothing else.
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

const STORAGE_KEY = 'onair.lastShow'
// A SOURCE string is checked by main at Go Live; here only its size and type, so a damaged entry cannot grow the page.
const SOURCE_MAX = 4096

/** The remembered show in this browser's (or window's) localStorage; nothing is remembered where storage is refused. */
export function localShowMemory(storage: Pick<Storage, 'getItem' | 'setItem'> | null = defaultStorage()): ShowMemory {
  let current: RememberedShow = { destinations: [] }
  try {
    current = parseShow(JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null'))
  } catch {
    // unreadable: start afresh
  }
  return {
    load: () => structuredClone(current),
    save(change) {
      current = { ...current, ...structuredClone(change) }
      try {
        storage?.setItem(STORAGE_KEY, JSON.stringify(current))
      } catch {
        // full or private mode: remembered for this page only
      }
    }
  }
}

/** For tests and windows without storage: remembered while the page lives. */
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

function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}
