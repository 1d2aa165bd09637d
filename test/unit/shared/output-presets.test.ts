import { describe, expect, it } from 'vitest'
import {
  applyOutputChange,
  DEFAULT_OUTPUT_SETTINGS,
  OUTPUT_PRESETS,
  outputSettingsSchema,
  presetOf,
  type OutputSettings
} from '../../../src/shared/output-presets'

const at720: OutputSettings = { ...DEFAULT_OUTPUT_SETTINGS }

describe('output presets', () => {
  it.each([
    ['1080p30', 1920, 1080, 30, 6000],
    ['720p30', 1280, 720, 30, 3500],
    ['720p60', 1280, 720, 60, 4500],
    ['480p30', 854, 480, 30, 1500]
  ] as const)('%s is %ix%i at %i fps, %i kbps', (id, width, height, fps, videoKbps) => {
    expect(OUTPUT_PRESETS[id]).toEqual({ width, height, fps, videoKbps })
    expect(presetOf({ width, height, fps, videoKbps })).toBe(id)
    expect(outputSettingsSchema.safeParse({ preset: id, width, height, fps, videoKbps, encoder: 'auto' }).success).toBe(true)
  })

  it('starts at 720p30 with the encoder chosen automatically', () => {
    expect(DEFAULT_OUTPUT_SETTINGS).toEqual({ preset: '720p30', width: 1280, height: 720, fps: 30, videoKbps: 3500, encoder: 'auto' })
  })

  it.each<[string, Partial<OutputSettings>, Partial<OutputSettings>]>([
    ['a preset brings its figures', { preset: '1080p30' }, { preset: '1080p30', width: 1920, height: 1080, fps: 30, videoKbps: 6000 }],
    ['a preset keeps the encoder', { preset: '480p30', encoder: 'libx264' }, { preset: '480p30', width: 854, videoKbps: 1500, encoder: 'libx264' }],
    ['another bitrate makes it custom', { videoKbps: 5000 }, { preset: 'custom', width: 1280, videoKbps: 5000 }],
    ['another frame rate that is a preset is that preset', { fps: 60, videoKbps: 4500 }, { preset: '720p60' }],
    ['custom keeps the figures', { preset: 'custom' }, { preset: 'custom', width: 1280, height: 720, fps: 30, videoKbps: 3500 }],
    ['a preset with figures: the figures win', { preset: '1080p30', videoKbps: 2000 }, { preset: 'custom', width: 1280, videoKbps: 2000 }],
    ['the encoder alone changes nothing else', { encoder: 'h264_vaapi' }, { preset: '720p30', encoder: 'h264_vaapi', videoKbps: 3500 }]
  ])('%s', (_, change, expected) => {
    expect(applyOutputChange(at720, change)).toMatchObject(expected)
  })

  it.each([
    ['an odd width', { width: 1281 }],
    ['a width past 4K', { width: 4096 }],
    ['a frame rate of 0', { fps: 0 }],
    ['120 fps', { fps: 120 }],
    ['a fractional bitrate', { videoKbps: 1000.5 }],
    ['100 kbps', { videoKbps: 100 }],
    ['an encoder we do not drive', { encoder: 'libx265' }],
    ['an extra key', { crf: 23 }]
  ])('refuses %s', (_, change) => {
    expect(outputSettingsSchema.safeParse({ ...at720, ...change }).success).toBe(false)
  })
})
