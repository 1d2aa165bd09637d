import { PROGRESS_FD } from './encoder-args'
import type { FileSpan } from '../../../shared/live'
import type { SourceInput } from './source-args'

/**
 * A file streamed as it is (a recording's handoff, DESIGN §6): read at its own pace (`-re`, in the file input's
 * arguments), its first video and audio stream copied into FLV on stdout for the fan-out. No decode, no encode, no
 * recording, no preview: the cost is reading and remuxing. The audio map is optional (`?`) so a silent file still goes.
 * FLV takes its codec configuration from the file's own (Matroska/MP4 keep H.264's avcC and AAC's config out of band),
 * so `-flags +global_header`, which only affects encoders, is not needed here.
 */
export function buildCopyArgs(input: SourceInput, span?: FileSpan): string[] {
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'warning',
    '-progress',
    `pipe:${PROGRESS_FD}`,
    ...(span ? withInputSpan(input.args, span) : input.args),
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    '-c',
    'copy',
    // Fill the 32 KB output buffer before writing instead of one pipe write per packet: ~10 wake-ups a second for
    // the fan-out instead of ~80 (a recording needs no per-frame latency). https://ffmpeg.org/ffmpeg-formats.html#Format-Options
    '-flush_packets',
    '0',
    // No seek back to write the duration and size into the header: stdout is a pipe.
    '-flvflags',
    'no_duration_filesize',
    '-f',
    'flv',
    'pipe:1'
  ]
}

/**
 * Only part of the file: `-ss`/`-to` as input options, just before `-i`. A stream copy can only start on a keyframe, so
 * ffmpeg starts at the one at or before `startSeconds` (a recording's keyframes are 1–2 s apart): the part is sent
 * whole, a second or two early at most. Timestamps start again from 0, as for a whole file.
 */
function withInputSpan(args: string[], span: FileSpan): string[] {
  const at = args.indexOf('-i')
  if (at < 0) return args
  return [...args.slice(0, at), '-ss', seconds(span.startSeconds), '-to', seconds(span.endSeconds), ...args.slice(at)]
}

function seconds(n: number): string {
  return (Math.round(n * 1000) / 1000).toString()
}
