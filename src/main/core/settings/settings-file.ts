import { DEFAULT_SETTINGS, SETTINGS_VERSION, settingsSchema, type Settings } from '../../../shared/settings'

/** Turns a file of version N into one of version N + 1 (a plain object in, a plain object out). */
export type SettingsMigration = (raw: Record<string, unknown>) => Record<string, unknown>

/** Migrations by the version they start from. None yet: version 1 is the first settings file. */
export const SETTINGS_MIGRATIONS: Readonly<Record<number, SettingsMigration>> = {}

export interface SettingsRead {
  settings: Settings
  /**
   * Why the file cannot stay as it is: `corrupt` (not JSON, not an object, or fields that are not ours; the readable
   * fields are kept), `newer` (a newer Onair wrote it: nothing in it is trusted). The caller keeps the file aside.
   */
  problem?: 'corrupt' | 'newer'
}

/**
 * Reads the settings file's text (null: no file yet). Never throws: what cannot be read becomes the default, and
 * the problem says whether the file must be kept aside.
 */
export function readSettingsText(text: string | null, migrations: Readonly<Record<number, SettingsMigration>> = SETTINGS_MIGRATIONS): SettingsRead {
  if (text === null) return { settings: structuredClone(DEFAULT_SETTINGS) }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return corrupt()
  }
  if (!isPlainObject(raw)) return corrupt()
  const version = raw.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return corrupt()
  if (version > SETTINGS_VERSION) return { settings: structuredClone(DEFAULT_SETTINGS), problem: 'newer' }
  let current: Record<string, unknown> = raw
  for (let v = version; v < SETTINGS_VERSION; v++) {
    const migrate = migrations[v]
    if (!migrate) return corrupt()
    try {
      current = { ...migrate(current), version: v + 1 }
    } catch {
      return corrupt()
    }
  }
  return keepWhatIsValid(withDefaults(current))
}

/** Known fields only, each section's missing fields from the defaults (a file from before a field existed). */
export function withDefaults(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, fallback] of Object.entries(DEFAULT_SETTINGS)) {
    const value = raw[key]
    if (isPlainObject(fallback) && isPlainObject(value)) {
      const section: Record<string, unknown> = {}
      for (const [field, fieldDefault] of Object.entries(fallback)) section[field] = value[field] === undefined ? fieldDefault : value[field]
      out[key] = section
    } else out[key] = value === undefined ? structuredClone(fallback) : value
  }
  return out
}

/** A field that is not valid goes back to its default; the others stay (a hand-edited typo loses one field, not all). */
function keepWhatIsValid(candidate: Record<string, unknown>): SettingsRead {
  const first = settingsSchema.safeParse(candidate)
  if (first.success) return { settings: first.data }
  const repaired = structuredClone(candidate)
  const defaults = DEFAULT_SETTINGS as unknown as Record<string, unknown>
  for (const issue of first.error.issues) {
    const [key, field] = issue.path
    if (typeof key !== 'string' || !(key in defaults)) continue
    const section = repaired[key]
    const fallback = defaults[key]
    if (typeof field === 'string' && isPlainObject(section) && isPlainObject(fallback) && field in fallback) section[field] = structuredClone(fallback[field])
    else repaired[key] = structuredClone(fallback)
  }
  const second = settingsSchema.safeParse(repaired)
  return second.success ? { settings: second.data, problem: 'corrupt' } : corrupt()
}

function corrupt(): SettingsRead {
  return { settings: structuredClone(DEFAULT_SETTINGS), problem: 'corrupt' }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
