import type { AudioLevel } from '../../../../shared/preview'
import { AMBER_AT, meterPercent, RED_AT } from './meter-scale'

/**
 * One audio meter painted on a canvas (by the monitor's painter, off the main thread): a rounded track with the RMS
 * level as a bar coloured along the scale, the peak as a thin mark ahead of it, and at the right the loudest peak of
 * the last half second in dB (a number that changed ten times a second could not be read).
 */

/** The meter's look, read from the page's CSS (a worker cannot). */
export interface MeterStyle {
  track: string
  line: string
  green: string
  amber: string
  red: string
  mark: string
  text: string
  /** CSS font of the number, e.g. `12px system-ui`. */
  fontFamily: string
  fontPx: number
}

/** How long the number holds the loudest peak before it shows the next half second's. */
export const PEAK_HOLD_MS = 500
/** The widest number the meter shows, which sets the room kept for it. */
const WIDEST = '-60 dB'

export interface MeterPaint {
  readonly canvas: OffscreenCanvas | HTMLCanvasElement
  readonly context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D
  style: MeterStyle
  /** Device pixels per CSS pixel. */
  scale: number
  level: AudioLevel | null
  /** The number shown, and the loudest peak of the half second under way. */
  heldPeak: number | null
  windowPeak: number | null
  windowStart: number
  gradient: CanvasGradient | null
  /** Width kept for the number (device pixels), and the number painted there last (null: paint it again). */
  room: number | null
  painted: string | null
}

export function meterPaint(canvas: MeterPaint['canvas'], context: MeterPaint['context'], style: MeterStyle, scale: number): MeterPaint {
  return { canvas, context, style, scale, level: null, heldPeak: null, windowPeak: null, windowStart: -Infinity, gradient: null, room: null, painted: null }
}

/** A new level: the number takes the loudest peak of each half second. */
export function takeLevel(meter: MeterPaint, level: AudioLevel, now: number): void {
  meter.level = level
  const peak = level.peakDb
  meter.windowPeak = meter.windowPeak === null ? peak : peak === null ? meter.windowPeak : Math.max(meter.windowPeak, peak)
  if (now - meter.windowStart >= PEAK_HOLD_MS) {
    meter.heldPeak = meter.windowPeak
    meter.windowPeak = null
    meter.windowStart = now
  }
}

export function resizeMeter(meter: MeterPaint, width: number, height: number, scale: number): void {
  meter.canvas.width = Math.max(1, Math.round(width))
  meter.canvas.height = Math.max(1, Math.round(height))
  meter.scale = scale
  meter.gradient = null
  meter.room = null
  meter.painted = null
}

/** Paints the bar at every level, and the number when it changes (text is the dear part of a canvas). */
export function paintMeter(meter: MeterPaint): void {
  const { context: g, canvas, style, level, scale } = meter
  const { width, height } = canvas
  const font = `${Math.round(style.fontPx * scale)}px ${style.fontFamily}`
  if (meter.room === null) {
    g.font = font
    meter.room = Math.ceil(g.measureText(WIDEST).width + 8 * scale)
  }
  const barWidth = Math.max(1, width - meter.room)
  const barHeight = Math.min(height, Math.round(10 * scale))
  const top = Math.round((height - barHeight) / 2)
  g.clearRect(0, 0, barWidth, height)

  // The track, clipped to its rounded shape for the bar and the mark.
  g.save()
  g.beginPath()
  g.roundRect(0, top, barWidth, barHeight, barHeight / 2)
  g.fillStyle = style.track
  g.fill()
  g.clip()
  const rms = (meterPercent(level?.rmsDb ?? null) / 100) * barWidth
  if (rms > 0) {
    meter.gradient ??= scaleGradient(g, barWidth, style)
    g.fillStyle = meter.gradient
    g.fillRect(0, top, rms, barHeight)
  }
  const peak = (meterPercent(level?.peakDb ?? null) / 100) * barWidth
  if (peak > 0) {
    const mark = Math.max(1, Math.round(2 * scale))
    g.fillStyle = style.mark
    g.fillRect(Math.max(0, Math.round(peak) - mark), top, mark, barHeight)
  }
  g.restore()
  g.lineWidth = scale
  g.strokeStyle = style.line
  g.beginPath()
  g.roundRect(scale / 2, top + scale / 2, barWidth - scale, barHeight - scale, barHeight / 2)
  g.stroke()

  const number = meter.heldPeak === null ? '−∞' : `${Math.round(meter.heldPeak)} dB`
  if (number === meter.painted) return
  meter.painted = number
  g.clearRect(barWidth, 0, width - barWidth, height)
  g.font = font
  g.fillStyle = style.text
  g.textAlign = 'right'
  g.textBaseline = 'middle'
  g.fillText(number, width, height / 2)
}

/** The colours stay put along the scale (hard stops), so a bar shows red only where it reaches past −6 dBFS. */
function scaleGradient(g: MeterPaint['context'], width: number, style: MeterStyle): CanvasGradient {
  const gradient = g.createLinearGradient(0, 0, width, 0)
  gradient.addColorStop(0, style.green)
  gradient.addColorStop(AMBER_AT, style.green)
  gradient.addColorStop(AMBER_AT, style.amber)
  gradient.addColorStop(RED_AT, style.amber)
  gradient.addColorStop(RED_AT, style.red)
  gradient.addColorStop(1, style.red)
  return gradient
}
