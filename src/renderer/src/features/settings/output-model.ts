import { OUTPUT_LIMITS, OUTPUT_PRESETS, type OutputPresetId, type OutputSettings, type OutputShape } from '../../../../shared/output-presets'

export type OutputField = keyof typeof OUTPUT_LIMITS

export const OUTPUT_FIELDS: OutputField[] = ['width', 'height', 'fps', 'videoKbps']
export const PRESET_CHOICES = Object.keys(OUTPUT_PRESETS) as Array<Exclude<OutputPresetId, 'custom'>>

/** A preset as the picker names it: the same figures in every language (1080p30 · 1920×1080 · 6 Mbps). */
export function presetFigures(shape: OutputShape): { width: number; height: number; fps: number; mbps: string } {
  return { width: shape.width, height: shape.height, fps: shape.fps, mbps: String(shape.videoKbps / 1000) }
}

/** What is wrong with a typed figure, before anything is sent (main checks the same bounds again). */
export function outputFieldProblem(field: OutputField, text: string): { key: 'output.range' | 'output.even'; min: number; max: number } | null {
  const { min, max } = OUTPUT_LIMITS[field]
  const value = Number(text.trim())
  const even = field === 'width' || field === 'height'
  const ok = text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max && (!even || value % 2 === 0)
  if (ok) return null
  return { key: even ? 'output.even' : 'output.range', min, max }
}

/** The patch a typed figure makes (the output then counts as custom unless the figures are a preset's). */
export function figurePatch(field: OutputField, text: string): Partial<OutputSettings> {
  return { [field]: Number(text.trim()) }
}
