import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join, sep } from 'node:path'
import { onairError } from '../../../shared/errors'

/** What one ffmpeg binary can do: the input devices and encoders the chosen sources need. */
export interface FfmpegCapabilities {
  path: string
  version: string
  devices: Set<string>
  encoders: Set<string>
  muxers: Set<string>
}

export interface FfmpegRequirements {
  devices?: string[]
  encoders?: string[]
  muxers?: string[]
}

export type FfmpegSource = 'setting' | 'ONAIR_FFMPEG' | 'ffmpeg-static' | 'PATH'
export interface FfmpegCandidate {
  path: string
  source: FfmpegSource
}

/**
 * Finds the ffmpeg to use (DESIGN §4): explicit setting or `ONAIR_FFMPEG` → bundled `ffmpeg-static` (optional
 * dependency) → `ffmpeg` on PATH. Each candidate is probed (`-version`, `-devices`, `-encoders`, `-muxers`) and the
 * first that has what the sources need wins; the error names what is missing and where we looked.
 */
export class FfmpegLocator {
  private readonly probes = new Map<string, Promise<FfmpegCapabilities | null>>()

  constructor(
    private readonly options: {
      /** The streamer's own ffmpeg (the settings' ffmpegPath), read at each lookup so a change applies to the next show. */
      setting?: string | (() => string | undefined)
      env?: NodeJS.ProcessEnv
      platform?: NodeJS.Platform
      /** Remembers probes between runs (keyed by path, size and mtime): four ffmpeg runs cost ~0.3 s of go-live. */
      cacheFile?: string
    } = {}
  ) {}

  candidates(): FfmpegCandidate[] {
    const env = this.options.env ?? process.env
    const out: FfmpegCandidate[] = []
    const setting = typeof this.options.setting === 'function' ? this.options.setting() : this.options.setting
    if (setting) out.push({ path: setting, source: 'setting' })
    if (env.ONAIR_FFMPEG) out.push({ path: env.ONAIR_FFMPEG, source: 'ONAIR_FFMPEG' })
    const bundled = bundledFfmpegPath()
    if (bundled) out.push({ path: bundled, source: 'ffmpeg-static' })
    const onPath = findOnPath(this.options.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg', env.PATH ?? '')
    if (onPath) out.push({ path: onPath, source: 'PATH' })
    return out
  }

  /** The first ffmpeg that has everything in `needs`. */
  async locate(needs: FfmpegRequirements = {}): Promise<FfmpegCapabilities> {
    const candidates = this.candidates()
    const explicit = candidates.find((c) => c.source === 'setting' || c.source === 'ONAIR_FFMPEG')
    const shortfalls: string[] = []
    for (const candidate of candidates) {
      const caps = await this.probe(candidate.path)
      if (!caps) {
        shortfalls.push(`${candidate.path} (${candidate.source}) does not run`)
        // An explicitly chosen binary that does not run is an error in itself: do not silently use another.
        if (candidate === explicit) break
        continue
      }
      const missing = missingCapabilities(caps, needs)
      if (missing.length === 0) return caps
      shortfalls.push(`${candidate.path} (${candidate.source}) lacks ${missing.join(', ')}`)
    }
    if (shortfalls.length === 0 || shortfalls.every((s) => s.endsWith('does not run'))) {
      throw onairError(
        'ffmpeg_missing',
        `No usable ffmpeg was found${shortfalls.length ? ` (${shortfalls.join('; ')})` : ''}. Install ffmpeg (Linux: sudo apt install ffmpeg; macOS: brew install ffmpeg), or set ONAIR_FFMPEG to its path.`
      )
    }
    throw onairError(
      'ffmpeg_capability_missing',
      `No ffmpeg here can capture and encode what you chose: ${shortfalls.join('; ')}. Install a full ffmpeg build (Linux: sudo apt install ffmpeg) or set ONAIR_FFMPEG to one.`
    )
  }

  probe(path: string): Promise<FfmpegCapabilities | null> {
    let pending = this.probes.get(path)
    if (!pending) {
      pending = this.probeCached(path)
      this.probes.set(path, pending)
    }
    return pending
  }

  private async probeCached(path: string): Promise<FfmpegCapabilities | null> {
    const file = this.options.cacheFile
    let key: string
    try {
      const st = statSync(path)
      key = `${path}:${st.size}:${st.mtimeMs}`
    } catch {
      return probeFfmpeg(path)
    }
    const cache = file ? readCache(file) : {}
    const hit = cache[key]
    if (hit) return { path, version: hit.version, devices: new Set(hit.devices), encoders: new Set(hit.encoders), muxers: new Set(hit.muxers) }
    const caps = await probeFfmpeg(path)
    if (caps && file) {
      try {
        mkdirSync(dirname(file), { recursive: true })
        writeFileSync(
          file,
          JSON.stringify({
            ...readCache(file),
            [key]: { version: caps.version, devices: [...caps.devices], encoders: [...caps.encoders], muxers: [...caps.muxers] }
          })
        )
      } catch {
        // a read-only data dir only costs a probe next time
      }
    }
    return caps
  }
}

export function missingCapabilities(caps: FfmpegCapabilities, needs: FfmpegRequirements): string[] {
  const missing: string[] = []
  for (const d of needs.devices ?? []) if (!caps.devices.has(d)) missing.push(`input device "${d}"`)
  for (const e of needs.encoders ?? []) if (!caps.encoders.has(e)) missing.push(`encoder "${e}"`)
  for (const m of needs.muxers ?? []) if (!caps.muxers.has(m)) missing.push(`muxer "${m}"`)
  return missing
}

async function probeFfmpeg(path: string): Promise<FfmpegCapabilities | null> {
  try {
    const [version, devices, encoders, muxers] = await Promise.all([
      run(path, ['-hide_banner', '-version']),
      run(path, ['-hide_banner', '-devices']),
      run(path, ['-hide_banner', '-encoders']),
      run(path, ['-hide_banner', '-muxers'])
    ])
    return {
      path,
      version: /ffmpeg version (\S+)/.exec(version)?.[1] ?? 'unknown',
      devices: parseCapabilityList(devices, /^\s*[D ][E ]\s+(\S+)/),
      encoders: parseCapabilityList(encoders, /^\s*[VASFXBD.]{6}\s+(\S+)/),
      muxers: parseCapabilityList(muxers, /^\s*[D ]?E\s+(\S+)/)
    }
  } catch {
    return null
  }
}

/** Parses the tables of `ffmpeg -devices/-encoders/-muxers` (after the ` --` separator line). */
export function parseCapabilityList(text: string, row: RegExp): Set<string> {
  const names = new Set<string>()
  const lines = text.split('\n')
  const start = lines.findIndex((l) => /^\s*-{2,}\s*$/.test(l))
  for (const line of lines.slice(start + 1)) {
    const m = row.exec(line)
    if (!m) continue
    // "x11grab", or "sdl,sdl2": both names count.
    for (const name of m[1].split(',')) names.add(name)
  }
  return names
}

type CapsCache = Record<string, { version: string; devices: string[]; encoders: string[]; muxers: string[] }>

function readCache(file: string): CapsCache {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CapsCache
  } catch {
    return {}
  }
}

function run(path: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { timeout: 10_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error)
      else resolve(stdout)
    })
  })
}

function bundledFfmpegPath(): string | null {
  try {
    const require = createRequire(import.meta.url)
    const p = require('ffmpeg-static') as string | null
    // Inside a packaged app the binary lives in app.asar.unpacked (electron-builder asarUnpack).
    const unpacked = p?.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`)
    return unpacked && existsSync(unpacked) ? unpacked : null
  } catch {
    return null
  }
}

function findOnPath(name: string, pathVar: string): string | null {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue
    const p = join(dir, name)
    if (existsSync(p)) return p
  }
  return null
}
