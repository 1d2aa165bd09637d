import { onairError } from '../../../shared/errors'

export interface SourceInput {
  /** ffmpeg input arguments (everything up to and including `-i X`). */
  args: string[]
  /** ffmpeg input devices this needs (for the capability probe). */
  devices: string[]
}

export interface VideoSettings {
  width: number
  height: number
  fps: number
}

/** Input arguments for a video SOURCE (DESIGN §8). Pure. */
export function videoInput(source: string, video: VideoSettings, platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}): SourceInput {
  const size = `${video.width}x${video.height}`
  if (source === 'testsrc') {
    // -re: lavfi generates as fast as it can; a live stream needs real time.
    return { args: ['-re', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${video.fps}`], devices: ['lavfi'] }
  }
  if (source.startsWith('file:')) return { args: ['-re', '-i', source.slice(5)], devices: [] }
  if (source === 'screen' || source.startsWith('screen:')) {
    const n = source.split(':')[1]
    if (platform === 'linux') {
      const display = n && n.includes(':') ? n : env.DISPLAY ?? ':0'
      return { args: ['-f', 'x11grab', '-framerate', String(video.fps), '-draw_mouse', '1', '-i', display], devices: ['x11grab'] }
    }
  }
  throw onairError('source_unavailable', `The video source "${source}" is not supported here yet.`, { field: 'video' })
}

/** Input arguments for an audio SOURCE. `none` still sends a silent track: many ingests refuse video-only FLV. */
export function audioInput(source: string): SourceInput {
  if (source === 'sine') return { args: ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'], devices: ['lavfi'] }
  if (source === 'none') return { args: ['-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000'], devices: ['lavfi'] }
  if (source.startsWith('file:')) return { args: ['-i', source.slice(5)], devices: [] }
  throw onairError('source_unavailable', `The audio source "${source}" is not supported here yet.`, { field: 'audio' })
}

/** The ffmpeg input devices a choice of sources needs, for the locator's capability probe. */
export function sourceDevices(video: string, audio: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}): string[] {
  const v = videoInput(video, { width: 1280, height: 720, fps: 30 }, platform, env)
  const a = audioInput(audio)
  return [...new Set([...v.devices, ...a.devices])]
}
