import { onairError } from '../../../shared/errors'
import { isLocalFilePath } from '../../../shared/live'

/**
 * ffmpeg input arguments for the SOURCE strings of DESIGN §8, per operating system. Pure and snapshot-tested:
 * the only knowledge of the machine comes in through `CaptureContext` (env, and defaults found by device discovery).
 *
 * Video: `screen[:N][@WxH+X+Y]`, `window:ID`, `camera[:ID]`, `testsrc`, `file:PATH`.
 * Audio: `mic[:ID]`, `system`, `sine`, `none`, `file:PATH`.
 */
export interface SourceInput {
  /** ffmpeg input arguments (everything up to and including `-i X`). */
  args: string[]
  /** ffmpeg input devices this needs (for the capability probe). */
  devices: string[]
  /** Filters the encoder puts first on this input's video (a region crop where the device cannot crop). */
  videoFilters?: string[]
}

export interface VideoSettings {
  width: number
  height: number
  fps: number
}

export interface CaptureContext {
  platform: NodeJS.Platform
  env?: NodeJS.ProcessEnv
  /** Device names discovery found, for OSes whose capture API has no "default" (Windows dshow). */
  defaults?: { camera?: string; mic?: string; system?: string }
}

interface Region {
  width: number
  height: number
  x: number
  y: number
}

const unavailable = (message: string, field: 'video' | 'audio') => onairError('source_unavailable', message, { field })

/** `screen`, `screen:1`, `screen:0@1280x720+100+50`, and on Linux `screen::99` / `screen::99.1` (an explicit X display). */
export function parseScreen(source: string): { index: number; display?: string; region?: Region } {
  const m = /^screen(?::(:?[^@\s]*))?(?:@(\d+)x(\d+)\+(\d+)\+(\d+))?$/.exec(source)
  if (!m) throw unavailable(`"${source}" is not a screen; write screen, screen:N or screen:N@WIDTHxHEIGHT+X+Y.`, 'video')
  const region = m[2] ? { width: Number(m[2]), height: Number(m[3]), x: Number(m[4]), y: Number(m[5]) } : undefined
  const id = m[1] ?? ''
  if (id.startsWith(':')) {
    const [display, screen] = id.split('.')
    return { index: screen ? Number(screen) : 0, display, region }
  }
  if (id !== '' && !/^\d+$/.test(id)) throw unavailable(`"${source}": the screen number must be 0, 1, 2...`, 'video')
  return { index: id === '' ? 0 : Number(id), region }
}

/**
 * `file:PATH`: a file on this computer, nothing else. ffmpeg gets the path with an explicit `file:` prefix (so a
 * path such as `concat:a|b` or `subfile,…` is a file name, not a protocol) and `-protocol_whitelist file`, which
 * also holds for what the file refers to: a concat list or an HLS playlist naming http:// or rtmp:// is refused.
 * https://ffmpeg.org/ffmpeg-protocols.html#Protocol-Options (protocol_whitelist)
 */
function fileInput(source: string, field: 'video' | 'audio'): SourceInput {
  const path = source.slice(5)
  if (!isLocalFilePath(path)) throw unavailable('A file source must name a file on this computer: file:PATH takes a path, not a URL or a protocol.', field)
  return { args: ['-re', '-protocol_whitelist', 'file', '-i', `file:${path}`], devices: [] }
}

const rest = (source: string, prefix: string): string | undefined => (source.length > prefix.length ? source.slice(prefix.length + 1) : undefined)

// Capture threads hand frames to the encoder through a queue; the default (8) overflows on a busy machine.
// https://ffmpeg.org/ffmpeg.html#Main-options (-thread_queue_size)
const QUEUE = ['-thread_queue_size', '1024']

/** Input arguments for a video SOURCE. */
export function videoInput(
  source: string,
  video: VideoSettings,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv = {},
  defaults: CaptureContext['defaults'] = {}
): SourceInput {
  const fps = String(video.fps)
  if (source === 'testsrc') {
    // -re: lavfi generates as fast as it can; a live stream needs real time.
    return { args: ['-re', '-f', 'lavfi', '-i', `testsrc2=size=${video.width}x${video.height}:rate=${fps}`], devices: ['lavfi'] }
  }
  if (source.startsWith('file:')) return fileInput(source, 'video')

  if (source === 'screen' || source.startsWith('screen:') || source.startsWith('screen@')) {
    const screen = parseScreen(source)
    const r = screen.region
    if (platform === 'linux') {
      const base = (screen.display ?? env.DISPLAY ?? ':0').replace(/\.\d+$/, '')
      const display = `${base}.${screen.index}${r ? `+${r.x},${r.y}` : ''}`
      // https://ffmpeg.org/ffmpeg-devices.html#x11grab
      return {
        args: [...QUEUE, '-f', 'x11grab', '-framerate', fps, '-draw_mouse', '1', ...(r ? ['-video_size', `${r.width}x${r.height}`] : []), '-i', display],
        devices: ['x11grab']
      }
    }
    if (platform === 'darwin') {
      // avfoundation names screens "Capture screen N" and takes names as well as indexes; it cannot crop.
      // https://ffmpeg.org/ffmpeg-devices.html#avfoundation
      return {
        args: [...QUEUE, '-f', 'avfoundation', '-capture_cursor', '1', '-framerate', fps, '-pixel_format', 'nv12', '-i', `Capture screen ${screen.index}:none`],
        devices: ['avfoundation'],
        videoFilters: r ? [`crop=${r.width}:${r.height}:${r.x}:${r.y}`] : undefined
      }
    }
    if (platform === 'win32') {
      if (screen.index > 0) {
        // gdigrab sees one virtual desktop; Desktop Duplication picks a monitor (ffmpeg ≥ 6).
        // https://ffmpeg.org/ffmpeg-filters.html#ddagrab
        return {
          args: [
            '-f',
            'lavfi',
            '-i',
            `ddagrab=output_idx=${screen.index}:framerate=${fps}${r ? `:video_size=${r.width}x${r.height}:offset_x=${r.x}:offset_y=${r.y}` : ''},hwdownload,format=bgra`
          ],
          devices: ['lavfi']
        }
      }
      // https://ffmpeg.org/ffmpeg-devices.html#gdigrab
      const region = r ? ['-offset_x', String(r.x), '-offset_y', String(r.y), '-video_size', `${r.width}x${r.height}`] : []
      return { args: [...QUEUE, '-f', 'gdigrab', '-framerate', fps, '-draw_mouse', '1', ...region, '-i', 'desktop'], devices: ['gdigrab'] }
    }
  }

  if (source.startsWith('window:')) {
    const id = source.slice(7)
    if (platform === 'linux')
      return { args: [...QUEUE, '-f', 'x11grab', '-framerate', fps, '-draw_mouse', '1', '-window_id', id, '-i', env.DISPLAY ?? ':0'], devices: ['x11grab'] }
    if (platform === 'win32') return { args: [...QUEUE, '-f', 'gdigrab', '-framerate', fps, '-draw_mouse', '1', '-i', `title=${id}`], devices: ['gdigrab'] }
    throw unavailable('Capturing a single window is not available on macOS; capture the screen (optionally a region: screen:0@WxH+X+Y).', 'video')
  }

  if (source === 'camera' || source.startsWith('camera:')) {
    const id = rest(source, 'camera')
    if (platform === 'linux') {
      const device = id === undefined ? '/dev/video0' : /^\d+$/.test(id) ? `/dev/video${id}` : id
      // https://ffmpeg.org/ffmpeg-devices.html#video4linux2_002c-v4l2
      return { args: [...QUEUE, '-f', 'v4l2', '-framerate', fps, '-i', device], devices: ['v4l2'] }
    }
    if (platform === 'darwin') {
      return { args: [...QUEUE, '-f', 'avfoundation', '-framerate', fps, '-i', `${id ?? 'default'}:none`], devices: ['avfoundation'] }
    }
    if (platform === 'win32') {
      const name = id ?? defaults.camera
      if (!name) throw unavailable('No camera was found. Connect one, then pick it from "onair devices".', 'video')
      // https://ffmpeg.org/ffmpeg-devices.html#dshow ; a larger real-time buffer avoids "real-time buffer too full" drops.
      return { args: [...QUEUE, '-f', 'dshow', '-rtbufsize', '256M', '-framerate', fps, '-i', `video=${name}`], devices: ['dshow'] }
    }
  }
  throw unavailable(`The video source "${source}" is not available on ${platformName(platform)}.`, 'video')
}

/** Input arguments for an audio SOURCE. `none` still sends a silent track: many ingests refuse video-only FLV. */
export function audioInput(source: string, platform: NodeJS.Platform = 'linux', defaults: CaptureContext['defaults'] = {}): SourceInput {
  if (source === 'sine') return { args: ['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'], devices: ['lavfi'] }
  if (source === 'none') return { args: ['-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000'], devices: ['lavfi'] }
  if (source.startsWith('file:')) return fileInput(source, 'audio')
  const isMic = source === 'mic' || source.startsWith('mic:')
  if (!isMic && source !== 'system') throw unavailable(`The audio source "${source}" is not one of mic[:ID], system, sine, none.`, 'audio')
  const id = isMic ? rest(source, 'mic') : undefined

  if (platform === 'linux') {
    if (id?.startsWith('alsa:')) return { args: [...QUEUE, '-f', 'alsa', '-i', id.slice(5) || 'default'], devices: ['alsa'] }
    // PulseAudio (and PipeWire's pulse server) name the monitor of the default output @DEFAULT_MONITOR@.
    // https://ffmpeg.org/ffmpeg-devices.html#pulse
    const name = isMic ? (id ?? 'default') : '@DEFAULT_MONITOR@'
    return { args: [...QUEUE, '-f', 'pulse', '-i', name], devices: ['pulse'] }
  }
  if (platform === 'darwin') {
    if (!isMic) {
      if (defaults.system) return { args: [...QUEUE, '-f', 'avfoundation', '-i', `none:${defaults.system}`], devices: ['avfoundation'] }
      throw unavailable(
        'macOS cannot capture system audio by itself. Install a loopback device (for example BlackHole) and pick it with --audio mic:NAME.',
        'audio'
      )
    }
    return { args: [...QUEUE, '-f', 'avfoundation', '-i', `none:${id ?? 'default'}`], devices: ['avfoundation'] }
  }
  if (platform === 'win32') {
    const name = isMic ? (id ?? defaults.mic) : defaults.system
    if (!name) {
      throw unavailable(
        isMic
          ? 'No microphone was found. Connect one, then pick it from "onair devices".'
          : 'No system-audio device was found. Enable "Stereo Mix" in the Windows sound settings (or install a loopback device), then pick it.',
        'audio'
      )
    }
    return { args: [...QUEUE, '-f', 'dshow', '-i', `audio=${name}`], devices: ['dshow'] }
  }
  throw unavailable(`The audio source "${source}" is not available on ${platformName(platform)}.`, 'audio')
}

/** The ffmpeg input devices a choice of sources needs, for the locator's capability probe. */
export function sourceDevices(
  video: string,
  audio: string,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv = {},
  defaults: CaptureContext['defaults'] = {}
): string[] {
  // Discovery may not have run yet; a placeholder name is enough to learn the device kind.
  const named = { camera: 'camera', mic: 'mic', system: 'system', ...defaults }
  const v = videoInput(video, { width: 1280, height: 720, fps: 30 }, platform, env, named)
  const a = audioInput(audio, platform, named)
  return [...new Set([...v.devices, ...a.devices])]
}

function platformName(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'macOS' : platform === 'win32' ? 'Windows' : platform === 'linux' ? 'Linux' : platform
}
