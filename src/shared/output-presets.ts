import { z } from 'zod'

/** H.264 encoders Onair knows how to drive; hardware ones are used only after a test encode passed (DESIGN §4). */
export const H264_ENCODERS = ['h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox', 'h264_amf', 'libx264'] as const
export type H264Encoder = (typeof H264_ENCODERS)[number]
/** 'auto': the first hardware encoder that passes the test encode, else libx264 veryfast. */
export const OUTPUT_ENCODERS = ['auto', ...H264_ENCODERS] as const
export type OutputEncoder = (typeof OUTPUT_ENCODERS)[number]

export const OUTPUT_PRESET_IDS = ['1080p30', '720p30', '720p60', '480p30', 'custom'] as const
export type OutputPresetId = (typeof OUTPUT_PRESET_IDS)[number]

export interface OutputShape {
  width: number
  height: number
  fps: number
  /** Video bitrate, kbit/s (audio comes on top: audioKbpsFor). */
  videoKbps: number
}

/** What the show is encoded as: a preset's figures or the streamer's own (`custom`), and the encoder. */
export interface OutputSettings extends OutputShape {
  preset: OutputPresetId
  encoder: OutputEncoder
}

/** The presets of issue 9 (close to what the big platforms recommend for H.264 at these sizes). */
export const OUTPUT_PRESETS: Record<Exclude<OutputPresetId, 'custom'>, OutputShape> = {
  '1080p30': { width: 1920, height: 1080, fps: 30, videoKbps: 6000 },
  '720p30': { width: 1280, height: 720, fps: 30, videoKbps: 3500 },
  '720p60': { width: 1280, height: 720, fps: 60, videoKbps: 4500 },
  '480p30': { width: 854, height: 480, fps: 30, videoKbps: 1500 }
}

export const DEFAULT_OUTPUT_SETTINGS: OutputSettings = { preset: '720p30', ...OUTPUT_PRESETS['720p30'], encoder: 'auto' }

/** Bounds of a custom output: even sizes (4:2:0 halves both), frame rates and bitrates ingests take. */
export const OUTPUT_LIMITS = {
  width: { min: 320, max: 3840 },
  height: { min: 180, max: 2160 },
  fps: { min: 10, max: 60 },
  videoKbps: { min: 300, max: 20000 }
} as const

const even = (n: number) => n % 2 === 0
const dimension = (limits: { min: number; max: number }) => z.number().int().min(limits.min).max(limits.max).refine(even, 'must be an even number.')

export const outputSettingsSchema = z
  .object({
    preset: z.enum(OUTPUT_PRESET_IDS),
    width: dimension(OUTPUT_LIMITS.width),
    height: dimension(OUTPUT_LIMITS.height),
    fps: z.number().int().min(OUTPUT_LIMITS.fps.min).max(OUTPUT_LIMITS.fps.max),
    videoKbps: z.number().int().min(OUTPUT_LIMITS.videoKbps.min).max(OUTPUT_LIMITS.videoKbps.max),
    encoder: z.enum(OUTPUT_ENCODERS)
  })
  .strict()

/** Audio bitrate that goes with a video height (AAC 48 kHz stereo). */
export function audioKbpsFor(height: number): number {
  if (height <= 360) return 96
  if (height <= 720) return 128
  return 160
}

/** The preset these figures are, or `custom`. */
export function presetOf(shape: OutputShape): OutputPresetId {
  for (const [id, p] of Object.entries(OUTPUT_PRESETS)) {
    if (p.width === shape.width && p.height === shape.height && p.fps === shape.fps && p.videoKbps === shape.videoKbps) return id as OutputPresetId
  }
  return 'custom'
}

/**
 * A change to the output applied the way the picker means it: choosing a preset brings its figures; changing a
 * figure makes the output `custom` unless the figures are a preset's; choosing `custom` keeps the figures.
 */
export function applyOutputChange(current: OutputSettings, change: Partial<OutputSettings>): OutputSettings {
  const { preset, ...figures } = change
  const next: OutputSettings = { ...current, ...figures }
  if (preset && preset !== 'custom' && Object.keys(figures).every((k) => k === 'encoder')) return { ...next, ...OUTPUT_PRESETS[preset], preset }
  if (preset === 'custom') return { ...next, preset }
  return { ...next, preset: presetOf(next) }
}
