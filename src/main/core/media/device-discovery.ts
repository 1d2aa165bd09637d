import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import type { DeviceInfo } from '../../../shared/contract'
import {
  parseAlsaSources,
  parseAvfoundationDevices,
  parseDshowDevices,
  parsePulseSources,
  parseVideoSize,
  parseX11Windows,
  parseXpropName,
  x11WindowsWithoutName
} from './device-parsers'

/** Runs ffmpeg and returns what it printed (exit codes do not matter: listing commands "fail" by design). */
export type FfmpegRunner = (args: string[], env: NodeJS.ProcessEnv) => Promise<{ stdout: string; stderr: string }>

export const execFfmpeg =
  (ffmpegPath: string): FfmpegRunner =>
  (args, env) =>
    new Promise((resolve) => {
      execFile(ffmpegPath, args, { env, timeout: 5000, maxBuffer: 1024 * 1024, windowsHide: true }, (_error, stdout, stderr) =>
        resolve({ stdout: String(stdout), stderr: String(stderr) })
      )
    })

/** Runs a desktop tool (xwininfo, xprop); null when it is not installed or fails. */
export type ToolRunner = (command: string, args: string[], env: NodeJS.ProcessEnv) => Promise<string | null>

const execTool: ToolRunner = (command, args, env) =>
  new Promise((resolve) => {
    execFile(command, args, { env, timeout: 3000, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout) => resolve(error ? null : String(stdout)))
  })

export interface DeviceDiscoveryOptions {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  run: FfmpegRunner
  /** Capture devices the chosen ffmpeg has (from the capability probe); others are not listed. */
  devices: Set<string>
  /** xwininfo/xprop for the list of windows on Linux, replaceable in tests. */
  runTool?: ToolRunner
  /** Linux /dev and /sys, replaceable in tests. */
  fs?: { list(dir: string): string[]; read(path: string): string | null }
}

const realFs = {
  list: (dir: string) => (existsSync(dir) ? readdirSync(dir) : []),
  read: (path: string) => {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      return null
    }
  }
}

/**
 * What this machine can capture (`onair devices`, `devices:list`), asked through the chosen ffmpeg so the list
 * matches what a live session can open. Test sources are always there.
 */
export async function discoverDevices(options: DeviceDiscoveryOptions): Promise<DeviceInfo[]> {
  const { platform, env, run, devices } = options
  const found: DeviceInfo[] = []
  if (platform === 'linux') {
    if (devices.has('x11grab') && env.DISPLAY) {
      // One frame through x11grab both proves the display opens and tells its size.
      const probe = await run(['-hide_banner', '-f', 'x11grab', '-i', env.DISPLAY, '-frames:v', '1', '-f', 'null', '-'], env)
      const size = parseVideoSize(probe.stderr)
      if (size) {
        const detail = `${size.width}×${size.height}, ${env.DISPLAY}`
        found.push({
          kind: 'screen',
          source: 'screen:0',
          label: `Screen 0 (${size.width}×${size.height}, display ${env.DISPLAY})`,
          ours: { key: 'screen', index: '0', detail }
        })
      }
      found.push(...(await listX11Windows(options.runTool ?? execTool, env)))
    }
    if (devices.has('v4l2')) {
      const fs = options.fs ?? realFs
      for (const entry of fs
        .list('/dev')
        .filter((e) => /^video\d+$/.test(e))
        .sort()) {
        const name = fs.read(`/sys/class/video4linux/${entry}/name`)?.trim()
        found.push({ kind: 'camera', source: `camera:/dev/${entry}`, label: name ? `${name} (/dev/${entry})` : `/dev/${entry}` })
      }
    }
    const pulse = devices.has('pulse') ? parsePulseSources((await run(['-hide_banner', '-sources', 'pulse'], env)).stdout) : []
    found.push(...pulse)
    if (pulse.length === 0 && devices.has('alsa')) found.push(...parseAlsaSources((await run(['-hide_banner', '-sources', 'alsa'], env)).stdout))
  } else if (platform === 'darwin' && devices.has('avfoundation')) {
    found.push(...parseAvfoundationDevices((await run(['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', ''], env)).stderr))
  } else if (platform === 'win32') {
    if (devices.has('gdigrab')) found.push({ kind: 'screen', source: 'screen:0', label: 'Desktop (all screens)', ours: { key: 'desktop' } })
    if (devices.has('dshow')) found.push(...parseDshowDevices((await run(['-hide_banner', '-list_devices', 'true', '-f', 'dshow', '-i', 'dummy'], env)).stderr))
  }
  return found
}

/** The windows x11grab can capture one by one; none when xwininfo (x11-utils) is not installed. */
async function listX11Windows(runTool: ToolRunner, env: NodeJS.ProcessEnv): Promise<DeviceInfo[]> {
  const [tree, clientList] = await Promise.all([runTool('xwininfo', ['-root', '-tree'], env), runTool('xprop', ['-root', '_NET_CLIENT_LIST'], env)])
  if (!tree) return []
  // A title xwininfo cannot print (COMPOUND_TEXT) is read by xprop, which converts it to the locale's encoding: UTF-8.
  const unnamed = x11WindowsWithoutName(tree, clientList).slice(0, MAX_TITLE_LOOKUPS)
  const utf8 = { ...env, LC_ALL: 'C.UTF-8' }
  const named = await Promise.all(
    unnamed.map(async (w): Promise<DeviceInfo | null> => {
      const title = parseXpropName((await runTool('xprop', ['-id', w.id, '_NET_WM_NAME', 'WM_NAME'], utf8)) ?? '')
      return title ? { kind: 'window', source: `window:${w.id}`, label: `${title} (${w.width}×${w.height})` } : null
    })
  )
  return [...parseX11Windows(tree, clientList), ...named.filter((d) => d !== null)]
}

/** At most this many windows are asked their title one by one (each is an xprop process). */
const MAX_TITLE_LOOKUPS = 32

/** `devices:list`: discovery through the ffmpeg the locator picks (the one a live session would use). */
export async function listDevices(
  locator: { locate(needs?: object): Promise<{ path: string; devices: Set<string> }> },
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform
): Promise<DeviceInfo[]> {
  const caps = await locator.locate({})
  return discoverDevices({ platform, env, run: execFfmpeg(caps.path), devices: caps.devices })
}
