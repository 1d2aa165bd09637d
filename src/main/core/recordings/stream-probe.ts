import { spawn as nodeSpawn } from 'node:child_process'
import { onairError, type OnairError } from '../../../shared/errors'
import type { SpawnFn } from '../media/ffmpeg-process'
import { ffprobePath } from './recording-repair'

/** What a handoff needs to know of a file before it streams it: its length and its first video and audio codecs. */
export interface FileProbe {
  durationSeconds: number | null
  video: string | null
  audio: string | null
}

/** ffprobe's JSON (`-show_entries format=duration:stream=codec_type,codec_name`) as a FileProbe. */
export function parseFileProbe(json: string): FileProbe {
  let parsed: { format?: { duration?: string }; streams?: Array<{ codec_type?: string; codec_name?: string }> }
  try {
    parsed = JSON.parse(json) as typeof parsed
  } catch {
    return { durationSeconds: null, video: null, audio: null }
  }
  const seconds = Number.parseFloat(parsed.format?.duration ?? '')
  const first = (type: string) => parsed.streams?.find((s) => s.codec_type === type)?.codec_name ?? null
  return { durationSeconds: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 10) / 10 : null, video: first('video'), audio: first('audio') }
}

// What RTMP's FLV carries without re-encoding (the codecs every ingest of DESIGN's providers takes).
const FLV_VIDEO = new Set(['h264'])
const FLV_AUDIO = new Set(['aac', 'mp3'])

/**
 * Why a file cannot be streamed as it is, or null when it can. A stream copy cannot change a codec: a file of
 * another codec would need the encode the handoff exists to avoid, so it is refused before anything connects.
 */
export function copyProblem(probe: FileProbe): OnairError | null {
  if (!probe.video) return onairError('unsupported', 'This file has no video to stream.', { field: 'recording' })
  if (!FLV_VIDEO.has(probe.video))
    return onairError('unsupported', `This file's video is ${probe.video}; it can be streamed as it is only when it is H.264 (Onair's recordings are).`, {
      field: 'recording'
    })
  if (probe.audio && !FLV_AUDIO.has(probe.audio))
    return onairError('unsupported', `This file's audio is ${probe.audio}; it can be streamed as it is only when it is AAC or MP3 (Onair's recordings are).`, {
      field: 'recording'
    })
  return null
}

/** Asks the ffprobe beside `ffmpegPath`; null when there is none (ffmpeg-static has none): the stream then goes unchecked. */
export function probeFile(ffmpegPath: string, path: string, spawn: SpawnFn = nodeSpawn): Promise<FileProbe | null> {
  return new Promise((resolve) => {
    const child = spawn(
      ffprobePath(ffmpegPath),
      ['-v', 'error', '-protocol_whitelist', 'file', '-show_entries', 'format=duration:stream=codec_type,codec_name', '-of', 'json', `file:${path}`],
      { stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true }
    )
    let out = ''
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (d: string) => (out += d))
    child.once('error', () => resolve(null))
    child.once('close', (code) => resolve(code === 0 ? parseFileProbe(out) : { durationSeconds: null, video: null, audio: null }))
  })
}
