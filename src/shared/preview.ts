import type { OnairErrorValue } from './errors'

/** Below this peak for NO_SIGNAL_MS the meter says "no signal" (a mic's own noise floor is well above it). */
export const NO_SIGNAL_DB = -70
/** How long an audio source may stay silent (or send nothing) before the Studio warns. */
export const NO_SIGNAL_MS = 5000
/** A peak at or above this is a clipped sample (16-bit full scale reads −0.0003 dBFS). */
export const CLIP_DB = -0.1
/** The preview's size and rate (DESIGN §4): wide enough to judge a screen's text, cheap enough to run all the time. */
export const PREVIEW_WIDTH = 640
export const PREVIEW_FPS = 12

/** One audio source's level over its last ~100 ms, measured by ffmpeg (astats) on the source itself, before any mute. */
export interface AudioLevel {
  /** The SOURCE string (`mic:…`, `system`, `sine`, `file:…`). */
  source: string
  /** dBFS of the loudest sample; null for digital silence or before the first reading. */
  peakDb: number | null
  /** dBFS RMS of the same block; null for silence. */
  rmsDb: number | null
  /** A sample reached full scale within the last second. */
  clipped: boolean
  /** Nothing above NO_SIGNAL_DB (or nothing at all) for NO_SIGNAL_MS: a warning for the checklist, never a blocker. */
  noSignal: boolean
  /** The show sends silence for this source (the meter still shows the source, so the mic can be checked muted). */
  muted: boolean
}

/** `audio:levels`, about ten times a second while a preview runs. */
export interface AudioLevels {
  time: number
  levels: AudioLevel[]
}

/** What the Studio's preview is showing (`preview:start|stop`, `preview:state`). */
export interface PreviewStatus {
  /** The sources being previewed; null when no preview runs. */
  video: string | null
  audio: string | null
  /** The audio of the show is muted (silence is sent; the track stays). Kept across previews and shows. */
  muted: boolean
  /** Why the preview could not show a source (the device could not be opened, the capture stopped). */
  error?: OnairErrorValue
}
