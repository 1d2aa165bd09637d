import type { SourceInput } from './source-args'

/** The fd the meter's readings arrive on (fd 3 is `-progress`). */
export const METER_FD = 4
/**
 * The JPEG quality (2 best … 31) of the Studio's picture, from the preview capture or a show's own encoder: 8 keeps a
 * 640 px screen's text readable (only faint small text shows its blocks) at about 18 % fewer bytes than 6, which the
 * renderer pays for in every frame it decodes (~8 % of the monitor's CPU, issue 10 item 8).
 */
export const PREVIEW_QUALITY = 8
/**
 * The Studio's JPEGs are 4:2:2 (full range), not 4:2:0: a browser's ImageDecoder hands a 4:2:0 JPEG back as YUV planes,
 * which then cost a colour conversion per frame, but decodes a 4:2:2 one straight to RGB (libjpeg's fused conversion).
 * In Chromium's monitor worker that is ~0.5 point of a core less at 12 fps for ~19 % more bytes (issue 10 item 8).
 */
export const PREVIEW_PIXEL_FORMAT = 'yuvj422p'

/**
 * The Studio's picture (DESIGN §4, issue 9): the source captured at the preview's own rate, scaled to `width` and
 * written as MJPEG to stdout. No encoder, no muxer that writes a file, no network: nothing leaves the computer.
 * The capture itself runs at `fps` (x11grab grabs only the frames asked for), which is most of the saving.
 */
export function buildPreviewArgs(video: SourceInput, preview: { width: number; fps: number; quality?: number }): string[] {
  const chain = [
    ...(video.videoFilters ?? []),
    `fps=${preview.fps}`,
    // fast_bilinear: a 1920×1080 screen to 640 px is a third of the cost of the default bicubic, and looks the same small.
    `scale=${preview.width}:-2:flags=fast_bilinear`,
    `format=${PREVIEW_PIXEL_FORMAT}`
  ]
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'warning',
    ...video.args,
    '-an',
    '-vf',
    chain.join(','),
    '-c:v',
    'mjpeg',
    '-q:v',
    String(preview.quality ?? PREVIEW_QUALITY),
    '-f',
    'image2pipe',
    'pipe:1'
  ]
}

/**
 * The audio meter: astats over 100 ms blocks (4800 samples at 48 kHz, resampled first so every device gives the same
 * rate), its peak and RMS printed by ametadata to fd METER_FD, the audio itself thrown away. `direct=1` writes each
 * reading at once (buffered, they came in 32 kB lumps, seconds apart). The escaped colon keeps `pipe:4` one value
 * inside the filter's options. https://ffmpeg.org/ffmpeg-filters.html#Notes-on-filtergraph-escaping
 */
export function buildMeterArgs(audio: SourceInput): string[] {
  const filters = [
    'aresample=48000',
    'asetnsamples=n=4800:p=0',
    'astats=metadata=1:reset=1:measure_perchannel=none:measure_overall=Peak_level+RMS_level',
    `ametadata=mode=print:direct=1:file=pipe\\\\:${METER_FD}`
  ]
  return ['-hide_banner', '-nostats', '-loglevel', 'warning', ...audio.args, '-vn', '-af', filters.join(','), '-c:a', 'pcm_s16le', '-f', 'null', '-']
}
