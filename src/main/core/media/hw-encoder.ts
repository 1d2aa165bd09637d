import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { onairError } from '../../../shared/errors'
import { encoderGlobalArgs, pixelFormatFilters, type H264Encoder } from './encoder-args'
import type { SpawnFn } from './ffmpeg-process'

/** Hardware H.264 encoders worth trying on each OS, best first. */
export function hardwareCandidates(platform: NodeJS.Platform): H264Encoder[] {
  if (platform === 'darwin') return ['h264_videotoolbox']
  if (platform === 'win32') return ['h264_nvenc', 'h264_qsv', 'h264_amf']
  return ['h264_nvenc', 'h264_qsv', 'h264_vaapi']
}

/** The arguments of the short test encode: a few black frames through the encoder, into nothing. */
export function testEncodeArgs(encoder: H264Encoder, env: NodeJS.ProcessEnv = {}): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    ...encoderGlobalArgs(encoder, env),
    '-f',
    'lavfi',
    '-i',
    'color=c=black:s=640x360:r=30',
    '-frames:v',
    '10',
    '-vf',
    pixelFormatFilters(encoder).join(','),
    '-c:v',
    encoder,
    '-b:v',
    '1000k',
    '-f',
    'null',
    '-'
  ]
}

export interface HardwareEncoderOptions {
  platform: NodeJS.Platform
  env?: NodeJS.ProcessEnv
  spawn?: SpawnFn
  /** Where results are remembered between runs (keyed by ffmpeg path + version), so going live stays fast. */
  cacheFile?: string
  timeoutMs?: number
}

/**
 * Picks the H.264 encoder (DESIGN §4): a hardware encoder that the binary has *and* that passes a short test
 * encode (a listed encoder often has no device or driver behind it), else libx264. `ONAIR_ENCODER` forces one.
 */
export class HardwareEncoderDetector {
  private readonly memo = new Map<string, Promise<H264Encoder>>()
  private readonly usableMemo = new Map<string, Promise<H264Encoder[]>>()

  constructor(private readonly options: HardwareEncoderOptions) {}

  choose(ffmpegPath: string, version: string, available: Set<string>): Promise<H264Encoder> {
    const forced = this.options.env?.ONAIR_ENCODER
    if (forced === 'libx264' || (forced && available.has(forced))) return Promise.resolve(forced as H264Encoder)
    const key = `${ffmpegPath}@${version}`
    let pending = this.memo.get(key)
    if (!pending) {
      pending = this.detect(key, ffmpegPath, available)
      this.memo.set(key, pending)
    }
    return pending
  }

  /**
   * The encoder the streamer chose in the output settings, if this ffmpeg has it and it passes the test encode now;
   * otherwise a typed error that names it (no silent fallback: they asked for this one).
   */
  async require(ffmpegPath: string, available: Set<string>, encoder: H264Encoder): Promise<H264Encoder> {
    const passed = available.has(encoder) && (encoder === 'libx264' || (await this.testEncode(ffmpegPath, encoder)))
    if (passed) return encoder
    throw onairError(
      'encoder_unavailable',
      available.has(encoder)
        ? `The encoder ${encoder} did not pass a test encode on this computer (no device or driver behind it). Choose Automatic or another encoder in the output settings.`
        : `This ffmpeg (${ffmpegPath}) has no ${encoder} encoder. Choose Automatic or another encoder in the output settings.`,
      { field: 'encoder', data: { encoder }, step: 'encoder' }
    )
  }

  /**
   * Every H.264 encoder that works here, best first: the hardware ones this binary has that pass the test encode
   * now, then libx264. What the Settings place offers (DESIGN §4: the encoder choice among those that pass).
   */
  usable(ffmpegPath: string, available: Set<string>): Promise<H264Encoder[]> {
    let pending = this.usableMemo.get(ffmpegPath)
    if (!pending) {
      const candidates = hardwareCandidates(this.options.platform).filter((e) => available.has(e))
      pending = Promise.all(candidates.map((e) => this.testEncode(ffmpegPath, e))).then((passed) => [
        ...candidates.filter((_, i) => passed[i]),
        ...(available.has('libx264') ? (['libx264'] as const) : [])
      ])
      this.usableMemo.set(ffmpegPath, pending)
    }
    return pending
  }

  private async detect(key: string, ffmpegPath: string, available: Set<string>): Promise<H264Encoder> {
    const cached = this.readCache()[key]
    if (cached) return cached
    const candidates = hardwareCandidates(this.options.platform).filter((e) => available.has(e))
    // Try them side by side; the first in preference order that works wins.
    const results = await Promise.all(candidates.map((e) => this.testEncode(ffmpegPath, e)))
    const chosen = candidates.find((_, i) => results[i]) ?? 'libx264'
    this.writeCache(key, chosen)
    return chosen
  }

  testEncode(ffmpegPath: string, encoder: H264Encoder): Promise<boolean> {
    return new Promise((resolve) => {
      const child = (this.options.spawn ?? spawn)(ffmpegPath, testEncodeArgs(encoder, this.options.env), { stdio: 'ignore', windowsHide: true })
      const timer = setTimeout(() => child.kill('SIGKILL'), this.options.timeoutMs ?? 5000)
      child.once('error', () => (clearTimeout(timer), resolve(false)))
      child.once('close', (code) => (clearTimeout(timer), resolve(code === 0)))
    })
  }

  private readCache(): Record<string, H264Encoder> {
    try {
      if (this.options.cacheFile && existsSync(this.options.cacheFile)) return JSON.parse(readFileSync(this.options.cacheFile, 'utf8'))
    } catch {
      // A broken cache only costs a new detection.
    }
    return {}
  }

  private writeCache(key: string, encoder: H264Encoder): void {
    if (!this.options.cacheFile) return
    try {
      mkdirSync(dirname(this.options.cacheFile), { recursive: true })
      writeFileSync(this.options.cacheFile, JSON.stringify({ ...this.readCache(), [key]: encoder }, null, 2))
    } catch {
      // Read-only data dir: detect again next time.
    }
  }
}
