import { applyOutputChange } from '../../../shared/output-presets'
import type { Settings, SettingsPatch } from '../../../shared/settings'

/**
 * A checked patch applied to the settings: each section's given fields replace the saved ones, the others stay;
 * `destinations` is replaced whole; the output follows the preset rules (a preset brings its figures, another
 * figure makes it custom).
 */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const next = structuredClone(current) as Record<string, unknown>
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    if (key === 'output') next.output = applyOutputChange(current.output, value as SettingsPatch['output'] & object)
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) next[key] = { ...(next[key] as object), ...structuredClone(value) }
    else next[key] = structuredClone(value)
  }
  return next as Settings
}
