import type { AudioLevel } from '../../../../shared/preview'
import { decodeFrame } from './frame-decode'
import { meterPaint, paintMeter, resizeMeter, takeLevel, type MeterPaint, type MeterStyle } from './meter-paint'

/**
 * Paints the Studio's monitor: the preview picture (about 12 JPEGs a second) and the audio meters (about 10 levels a
 * second), each on its own canvas. It runs in a worker on the canvases' OffscreenCanvas (monitor.ts), so none of
 * those ~22 updates a second costs the page a frame of its own (style, layout, paint, commit: ~2 ms each here). No DOM
 * and no React in here: only canvases, ImageBitmaps and messages, so the same code runs in the page when a browser
 * cannot hand a canvas to a worker.
 */

type Canvas = OffscreenCanvas | HTMLCanvasElement

/** A preview frame as the painter gets it: the JPEG's bytes (moved to the worker, not copied). */
export interface PainterFrame {
  mime: string
  bytes: Uint8Array<ArrayBuffer>
  /** The same picture as the frame before it (a still screen): nothing to decode for a canvas that shows it. */
  same: boolean
}

export type PainterMessage =
  /** Paint the preview on this canvas (`canvas` omitted: a canvas this painter was given before, shown again). */
  | { type: 'picture'; id: number; canvas?: Canvas }
  /** Paint `source`'s level on this canvas, `width`×`height` device pixels, `scale` of them to a CSS pixel. */
  | { type: 'meter'; id: number; canvas?: Canvas; source: string; style: MeterStyle; width: number; height: number; scale: number }
  | { type: 'resize'; id: number; width: number; height: number; scale: number }
  | { type: 'detach'; id: number }
  /** A frame to paint, with the levels that came since the last message (they are painted with it). */
  | { type: 'frame'; frame: PainterFrame; levels?: AudioLevel[] }
  | { type: 'levels'; levels: AudioLevel[] }

/** What the painter tells the page, at most once a second per picture: what it shows. */
export interface PictureShown {
  type: 'shown'
  id: number
  width: number
  height: number
  /** Frames painted on this canvas so far. */
  frames: number
}

const REPORT_MS = 1000
/** How long a meter may wait for the next picture to be painted with it (12 fps: a frame every 83 ms). */
export const RIDE_MS = 150

interface Picture {
  canvas: Canvas
  /** A bitmap renderer: each decoded frame is handed over, never copied into a 2D canvas. */
  context: ImageBitmapRenderingContext
  frames: number
  reportedAt: number
}

interface Meter extends MeterPaint {
  source: string
  /** A level came that is not painted yet. */
  dirty: boolean
}

export class MonitorPainter {
  private readonly pictures = new Map<number, Picture>()
  private readonly meters = new Map<number, Meter>()
  /** Canvases detached but kept, by id: a picture shown again (React remounting the same element) reuses its canvas. */
  private readonly canvases = new Map<number, Canvas>()
  /** The newest frame not painted yet: frames that arrive while one decodes replace each other (never queue up). */
  private pending: PainterFrame | null = null
  private decoding = false
  /** When a frame was painted last (performance.now()). */
  private shownAt = -Infinity
  private meterTimer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly report: (shown: PictureShown) => void = () => {}) {}

  handle(message: PainterMessage): void {
    switch (message.type) {
      case 'picture': {
        const canvas = this.canvas(message.id, message.canvas)
        const context = canvas?.getContext('bitmaprenderer') as ImageBitmapRenderingContext | null | undefined
        if (canvas && context) this.pictures.set(message.id, { canvas, context, frames: 0, reportedAt: 0 })
        return
      }
      case 'meter': {
        const canvas = this.canvas(message.id, message.canvas)
        const context = canvas?.getContext('2d') as MeterPaint['context'] | null | undefined
        if (!canvas || !context) return
        const meter: Meter = { ...meterPaint(canvas, context, message.style, message.scale), source: message.source, dirty: false }
        this.meters.set(message.id, meter)
        resizeMeter(meter, message.width, message.height, message.scale)
        paintMeter(meter)
        return
      }
      case 'resize': {
        const meter = this.meters.get(message.id)
        if (!meter) return
        resizeMeter(meter, message.width, message.height, message.scale)
        paintMeter(meter)
        return
      }
      case 'detach':
        this.pictures.delete(message.id)
        this.meters.delete(message.id)
        this.canvases.delete(message.id)
        return
      case 'frame':
        if (message.levels) this.handle({ type: 'levels', levels: message.levels })
        // A still screen gives the same JPEG frame after frame: nothing to decode again for canvases that show it (the
        // one before it is on them, or waiting: only the newest frame is ever kept).
        if (this.pictures.size === 0 || (message.frame.same && [...this.pictures.values()].every((p) => p.frames > 0))) return
        this.pending = message.frame
        if (!this.decoding) void this.paintFrames()
        return
      case 'levels': {
        const now = Date.now()
        for (const level of message.levels)
          for (const meter of this.meters.values())
            if (meter.source === level.source) {
              takeLevel(meter, level, now)
              meter.dirty = true
            }
        // While the picture plays, the meters are painted with its next frame (one wake-up and one hand-over for both):
        // 12 paints a second instead of 22. Frames that stop coming do not hold them: they go on their own after RIDE_MS.
        if (this.pictures.size === 0 || performance.now() - this.shownAt > RIDE_MS) this.paintMeters()
        else this.meterTimer ??= setTimeout(() => this.paintMeters(), RIDE_MS)
        return
      }
    }
  }

  private paintMeters(): void {
    clearTimeout(this.meterTimer)
    this.meterTimer = undefined
    for (const meter of this.meters.values())
      if (meter.dirty) {
        meter.dirty = false
        paintMeter(meter)
      }
  }

  private canvas(id: number, given: Canvas | undefined): Canvas | undefined {
    const canvas = given ?? this.canvases.get(id)
    if (canvas) this.canvases.set(id, canvas)
    return canvas
  }

  private async paintFrames(): Promise<void> {
    this.decoding = true
    try {
      while (this.pending) {
        const frame = this.pending
        this.pending = null
        let bitmap: ImageBitmap
        try {
          bitmap = await decodeFrame(frame.bytes, frame.mime)
        } catch {
          continue // A frame that does not decode is skipped; the next one will do.
        }
        this.shownAt = performance.now()
        const now = Date.now()
        const { width, height } = bitmap
        const pictures = [...this.pictures]
        for (const [i, [id, picture]] of pictures.entries()) {
          if (picture.canvas.width !== width || picture.canvas.height !== height) {
            picture.canvas.width = width
            picture.canvas.height = height
            picture.reportedAt = 0
          }
          // The last canvas takes the decoded bitmap itself; any other gets a copy (there is one picture on a page).
          picture.context.transferFromImageBitmap(i === pictures.length - 1 ? bitmap : await createImageBitmap(bitmap))
          picture.frames++
          if (now - picture.reportedAt >= REPORT_MS) {
            picture.reportedAt = now
            this.report({ type: 'shown', id, width, height, frames: picture.frames })
          }
        }
        if (pictures.length === 0) bitmap.close()
        this.paintMeters()
      }
    } finally {
      this.decoding = false
    }
  }
}
