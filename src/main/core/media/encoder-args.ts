import { audioKbpsFor, DEFAULT_OUTPUT_SETTINGS, H264_ENCODERS, type H264Encoder } from '../../../shared/output-presets'
import { PREVIEW_PIXEL_FORMAT, PREVIEW_QUALITY } from './preview-args'
import type { SourceInput, VideoSettings } from './source-args'

export { H264_ENCODERS, type H264Encoder }

export type LatencyMode = 'normal' | 'low' | 'ultra-low'

/** What is encoded: size, frame rate and (when chosen) the video bitrate; a preset's bitrate by size otherwise. */
export interface OutputVideo extends VideoSettings {
  videoKbps?: number
}

/** The output when none is chosen: the default preset (720p30). */
export const DEFAULT_OUTPUT: OutputVideo = {
  width: DEFAULT_OUTPUT_SETTINGS.width,
  height: DEFAULT_OUTPUT_SETTINGS.height,
  fps: DEFAULT_OUTPUT_SETTINGS.fps,
  videoKbps: DEFAULT_OUTPUT_SETTINGS.videoKbps
}

/**
 * One encode feeds every destination, so it takes the keyframe interval of the most demanding one: a low-latency
 * channel anywhere in the show means 1 s keyframes for all (a shorter GOP costs a little bitrate, never playback).
 */
export function showLatency(modes: Array<LatencyMode | undefined>): LatencyMode {
  if (modes.includes('ultra-low')) return 'ultra-low'
  return modes.includes('low') ? 'low' : 'normal'
}

export interface EncoderSettings extends VideoSettings {
  encoder: H264Encoder
  videoKbps: number
  audioKbps: number
  /** Seconds between keyframes: 2 normally, 1 in the low-latency modes (what ingests ask for). */
  keyframeSeconds: number
}

/** Bitrate presets by resolution and frame rate (close to what the big platforms recommend for H.264). */
export function bitratePreset(height: number, fps: number): { videoKbps: number; audioKbps: number } {
  const high = fps > 30
  if (height <= 360) return { videoKbps: high ? 1200 : 800, audioKbps: 96 }
  if (height <= 480) return { videoKbps: high ? 1800 : 1200, audioKbps: 128 }
  if (height <= 720) return { videoKbps: high ? 3500 : 2500, audioKbps: 128 }
  if (height <= 1080) return { videoKbps: high ? 6000 : 4500, audioKbps: 160 }
  if (height <= 1440) return { videoKbps: high ? 12000 : 9000, audioKbps: 160 }
  return { videoKbps: high ? 20000 : 14000, audioKbps: 160 }
}

/** What the recording takes per second at most (video + audio, kbit/s): the rate control caps both. */
export function recordingKbps(video: OutputVideo = DEFAULT_OUTPUT): number {
  const { videoKbps, audioKbps } = encoderSettings(video)
  return videoKbps + audioKbps
}

export function encoderSettings(video: OutputVideo, encoder: H264Encoder = 'libx264', latency: LatencyMode = 'normal'): EncoderSettings {
  const { width, height, fps } = video
  const videoKbps = video.videoKbps ?? bitratePreset(height, fps).videoKbps
  return { width, height, fps, encoder, videoKbps, audioKbps: audioKbpsFor(height), keyframeSeconds: latency === 'normal' ? 2 : 1 }
}

/** Codec arguments for one encoder: CBR-like rate control (maxrate = bitrate, 1 s VBV) and a fixed keyframe interval. */
export function videoCodecArgs(s: EncoderSettings): string[] {
  const b = `${s.videoKbps}k`
  const gop = String(Math.round(s.fps * s.keyframeSeconds))
  const rate = ['-b:v', b, '-maxrate', b, '-bufsize', b]
  // Hardware encoders do not all honour -g; forcing keyframes by time makes every one of them obey.
  // https://ffmpeg.org/ffmpeg.html#Advanced-Video-options (-force_key_frames)
  const forced = ['-force_key_frames', `expr:gte(t,n_forced*${s.keyframeSeconds})`]
  switch (s.encoder) {
    case 'libx264':
      // zerolatency: no B-frames and no lookahead, so the first packet leaves at once; sc_threshold 0 keeps the GOP fixed.
      // https://trac.ffmpeg.org/wiki/Encode/H.264
      return ['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', ...rate, '-g', gop, '-keyint_min', gop, '-sc_threshold', '0']
    case 'h264_nvenc':
      return ['-c:v', 'h264_nvenc', '-preset', 'p4', '-tune', 'll', '-rc', 'cbr', ...rate, '-g', gop, '-bf', '0', ...forced]
    case 'h264_qsv':
      return ['-c:v', 'h264_qsv', '-preset', 'veryfast', ...rate, '-g', gop, ...forced]
    case 'h264_vaapi':
      return ['-c:v', 'h264_vaapi', '-rc_mode', 'CBR', ...rate, '-g', gop, ...forced]
    case 'h264_videotoolbox':
      return ['-c:v', 'h264_videotoolbox', '-realtime', '1', ...rate, '-g', gop, ...forced]
    case 'h264_amf':
      return ['-c:v', 'h264_amf', '-usage', 'lowlatency', '-rc', 'cbr', ...rate, '-g', gop, ...forced]
  }
}

/** Pixel format the encoder is fed: all take 4:2:0 (DESIGN §4), some only as NV12 or as hardware frames. */
export function pixelFormatFilters(encoder: H264Encoder): string[] {
  if (encoder === 'h264_vaapi') return ['format=nv12', 'hwupload']
  if (encoder === 'h264_qsv' || encoder === 'h264_amf') return ['format=nv12']
  return ['format=yuv420p']
}

/** Global options an encoder needs before the inputs (the VA-API device). */
export function encoderGlobalArgs(encoder: H264Encoder, env: NodeJS.ProcessEnv = {}): string[] {
  if (encoder === 'h264_vaapi') return ['-vaapi_device', env.ONAIR_VAAPI_DEVICE ?? '/dev/dri/renderD128']
  return []
}

export interface EncoderPlanArgs {
  video: SourceInput
  /** null when the audio comes from the video input itself (the same file). */
  audio: SourceInput | null
  settings: EncoderSettings
  /** The crash-safe local recording (Matroska), or null. */
  recordingPath: string | null
  /** Small JPEG frames for the UI on fd 4, or null when no UI is attached. */
  preview: { fps: number; width: number } | null
  /** Whether the audio starts muted; given, the audio goes through a volume filter `muteCommand` can turn down live. */
  mute?: boolean
  env?: NodeJS.ProcessEnv
}

export const PROGRESS_FD = 3
export const PREVIEW_FD = 4

/**
 * The one encoder (DESIGN §4): capture, scale to the output size, encode H.264 4:2:0 + AAC 48 kHz once, and write
 * (a) FLV to stdout for the fan-out, (b) the Matroska recording, through the tee muxer, plus (c) preview JPEGs.
 *
 * The FLV slave has onfail=abort: if the owner dies, stdout breaks and ffmpeg ends cleanly, finishing the
 * recording (ffmpeg ignores EOF on stdin, so a dead owner is noticed here). The recording slave has onfail=ignore:
 * a full disk must not cut the stream.
 */
export function buildEncoderArgs(plan: EncoderPlanArgs): string[] {
  const s = plan.settings
  const videoChain = [
    ...(plan.video.videoFilters ?? []),
    `scale=${s.width}:${s.height}:force_original_aspect_ratio=decrease`,
    `pad=${s.width}:${s.height}:(ow-iw)/2:(oh-ih)/2`,
    `fps=${s.fps}`
  ]
  const encodeChain = pixelFormatFilters(s.encoder)
  const audioIndex = plan.audio ? 1 : 0
  const audioIn = `${audioIndex}:a:0`
  const audioGraph = plan.mute === undefined ? '' : `;[${audioIn}]volume@mute=volume=${plan.mute ? 0 : 1}[a]`
  const graph = plan.preview
    ? `[0:v]${videoChain.join(',')},split=2[main][pv];[main]${encodeChain.join(',')}[v];[pv]fps=${plan.preview.fps},scale=${plan.preview.width}:-2,format=${PREVIEW_PIXEL_FORMAT}[preview]`
    : `[0:v]${[...videoChain, ...encodeChain].join(',')}[v]`

  const flv = '[f=flv:onfail=abort:flvflags=no_duration_filesize]pipe:1'
  // Clusters of at most 1 s: even if the encoder itself is killed, the file loses at most about a second.
  // https://ffmpeg.org/ffmpeg-formats.html#matroska
  const mkv = plan.recordingPath ? `|[f=matroska:onfail=ignore:cluster_time_limit=1000]${teeEscape(plan.recordingPath)}` : ''
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'warning',
    '-progress',
    `pipe:${PROGRESS_FD}`,
    ...encoderGlobalArgs(s.encoder, plan.env),
    ...plan.video.args,
    ...(plan.audio?.args ?? []),
    '-filter_complex',
    graph + audioGraph,
    '-map',
    '[v]',
    '-map',
    plan.mute === undefined ? audioIn : '[a]',
    ...videoCodecArgs(s),
    '-c:a',
    'aac',
    '-b:a',
    `${s.audioKbps}k`,
    '-ar',
    '48000',
    '-ac',
    '2',
    // The tee muxer needs global headers, or the Matroska branch comes out unplayable (TOOLCHAIN §3).
    '-flags',
    '+global_header',
    '-f',
    'tee',
    flv + mkv,
    ...(plan.preview ? ['-map', '[preview]', '-an', '-c:v', 'mjpeg', '-q:v', String(PREVIEW_QUALITY), '-f', 'image2pipe', `pipe:${PREVIEW_FD}`] : [])
  ]
}

/**
 * What to write on the encoder's stdin to mute or unmute it while it runs: ffmpeg's `c` key sends a command to a
 * filter (here the volume filter named `mute`), so silence replaces the audio without a restart and the AAC track
 * stays (ingests drop a stream whose audio disappears). https://ffmpeg.org/ffmpeg.html#Advanced-options ("c")
 */
export function muteCommand(muted: boolean): string {
  return `cvolume@mute -1 volume ${muted ? 0 : 1}\n`
}

/** Escapes a file name for a tee slave (the tee splits on | and reads [options]). https://ffmpeg.org/ffmpeg-formats.html#tee-1 */
export function teeEscape(path: string): string {
  return path.replace(/[\\|[\]']/g, (c) => `\\${c}`)
}
