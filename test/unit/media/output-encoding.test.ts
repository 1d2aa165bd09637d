import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildEncoderArgs, encoderSettings, recordingKbps, showLatency, videoCodecArgs } from '../../../src/main/core/media/encoder-args'
import { HardwareEncoderDetector } from '../../../src/main/core/media/hw-encoder'
import { videoInput } from '../../../src/main/core/media/source-args'
import { latencyOfMode } from '../../../src/main/core/providers/latency-mode'
import { OUTPUT_PRESETS } from '../../../src/shared/output-presets'

const dir = mkdtempSync(join(tmpdir(), 'onair-output-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const arg = (args: string[], name: string) => args[args.indexOf(name) + 1]

describe('the output settings in the encoder’s arguments', () => {
  it.each(Object.entries(OUTPUT_PRESETS))('%s: size, frame rate, bitrate and a keyframe every 2 s', (_, preset) => {
    const s = encoderSettings(preset, 'libx264')
    const args = buildEncoderArgs({ video: videoInput('testsrc', s, 'linux'), audio: null, settings: s, recordingPath: null, preview: null })
    const graph = arg(args, '-filter_complex')
    expect(graph).toContain(`scale=${preset.width}:${preset.height}:`)
    expect(graph).toContain(`pad=${preset.width}:${preset.height}:`)
    expect(graph).toContain(`fps=${preset.fps}`)
    expect([arg(args, '-b:v'), arg(args, '-maxrate')]).toEqual([`${preset.videoKbps}k`, `${preset.videoKbps}k`])
    expect(arg(args, '-g')).toBe(String(preset.fps * 2))
  })

  it('takes a custom bitrate over the preset table, and counts it in the recording’s room', () => {
    const custom = { width: 1280, height: 720, fps: 30, videoKbps: 5000 }
    expect(encoderSettings(custom).videoKbps).toBe(5000)
    expect(recordingKbps(custom)).toBe(5000 + 128)
    // Without one (a caller that never chose), the table by size as before.
    expect(encoderSettings({ width: 1280, height: 720, fps: 30 }).videoKbps).toBe(2500)
  })

  it.each([
    [[undefined], 'normal', '60'],
    [['normal', 'normal'], 'normal', '60'],
    [['normal', 'low'], 'low', '30'],
    [[undefined, 'ultra-low', 'low'], 'ultra-low', '30']
  ] as const)('destinations in modes %j: one encode at %s latency, GOP %s frames at 30 fps', (modes, latency, gop) => {
    expect(showLatency([...modes])).toBe(latency)
    expect(arg(videoCodecArgs(encoderSettings(OUTPUT_PRESETS['720p30'], 'libx264', showLatency([...modes]))), '-g')).toBe(gop)
  })

  it.each([
    ['normal', 'normal'],
    ['low-latency', 'low'],
    ['ultra-low-latency', 'ultra-low'],
    ['Ultra-Low-Latency', 'ultra-low'],
    ['ll-hls', undefined],
    [undefined, undefined],
    [3, undefined]
  ])('a channel in mode %j is %s', (mode, latency) => {
    expect(latencyOfMode(mode)).toBe(latency)
  })
})

describe('an encoder chosen in the settings', () => {
  function script(name: string, body: string): string {
    const path = join(dir, name)
    writeFileSync(path, `#!/bin/sh\n${body}\n`)
    chmodSync(path, 0o755)
    return path
  }

  it('is used when it passes the test encode', async () => {
    const ffmpeg = script('qsv-ok', 'case "$*" in *h264_qsv*) exit 0;; *) exit 1;; esac')
    const detector = new HardwareEncoderDetector({ platform: 'linux' })
    await expect(detector.require(ffmpeg, new Set(['h264_qsv', 'libx264']), 'h264_qsv')).resolves.toBe('h264_qsv')
    await expect(detector.require(ffmpeg, new Set(['h264_qsv', 'libx264']), 'libx264')).resolves.toBe('libx264')
  })

  it('is one of those Settings offers: the hardware ones that pass the test encode, best first, then libx264', async () => {
    const ffmpeg = script('qsv-vaapi', 'case "$*" in *h264_qsv*|*h264_vaapi*) exit 0;; *) exit 1;; esac')
    const detector = new HardwareEncoderDetector({ platform: 'linux' })
    expect(await detector.usable(ffmpeg, new Set(['h264_vaapi', 'h264_nvenc', 'h264_qsv', 'libx264']))).toEqual(['h264_qsv', 'h264_vaapi', 'libx264'])
    expect(await new HardwareEncoderDetector({ platform: 'linux' }).usable(script('none', 'exit 1'), new Set(['h264_nvenc', 'libx264']))).toEqual(['libx264'])
  })

  it('is refused with a typed error naming it when it fails the test encode or is not in this ffmpeg', async () => {
    const ffmpeg = script('nvenc-broken', 'echo "No NVENC capable devices found" >&2; exit 1')
    const detector = new HardwareEncoderDetector({ platform: 'linux' })
    await expect(detector.require(ffmpeg, new Set(['h264_nvenc']), 'h264_nvenc')).rejects.toMatchObject({
      value: { code: 'encoder_unavailable', field: 'encoder', step: 'encoder', data: { encoder: 'h264_nvenc' }, message: expect.stringMatching(/test encode/) }
    })
    await expect(detector.require(ffmpeg, new Set(['libx264']), 'h264_vaapi')).rejects.toMatchObject({
      value: { code: 'encoder_unavailable', message: expect.stringMatching(/has no h264_vaapi/) }
    })
  })
})
