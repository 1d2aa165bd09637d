import type { PreviewFrame } from '../../../../shared/contract'
import type { AudioLevel } from '../../../../shared/preview'
import type { MeterStyle } from './meter-paint'
import { monitorFeed } from './monitor-feed'
import { MonitorPainter, type PainterMessage, type PictureShown } from './monitor-painter'

/**
 * The Studio's monitor as the page sees it: canvases for the preview picture and the meters, and the frames and
 * levels to paint on them (monitor-feed.ts sends the levels with the frames). The painting is done in a worker, on the
 * canvases' OffscreenCanvas: ~22 updates a second that would each cost the page a frame (a third of the live
 * dashboard's CPU) cost it a postMessage instead. Where a canvas cannot go to a worker, the same painter runs in the
 * page; where nothing can paint (a test's DOM), nothing is.
 */
export interface Monitor {
  /** Shows the preview on `canvas` until the returned function is called; `shown` hears what it shows, ≤ 1 a second. */
  showPicture(canvas: HTMLCanvasElement, shown: (picture: Omit<PictureShown, 'type' | 'id'>) => void): () => void
  /** Shows `source`'s level on `canvas` until the returned function is called. */
  showMeter(canvas: HTMLCanvasElement, source: string): () => void
  frame(frame: PreviewFrame): void
  levels(levels: AudioLevel[]): void
  dispose(): void
}

interface Port {
  send(message: PainterMessage, transfer?: Transferable[]): void
  close(): void
}

export function createMonitor(): Monitor {
  const listeners = new Map<number, (picture: Omit<PictureShown, 'type' | 'id'>) => void>()
  const onShown = ({ id, width, height, frames }: PictureShown) => listeners.get(id)?.({ width, height, frames })
  const port = workerPort(onShown) ?? pagePort(onShown)
  if (!port) return inertMonitor()
  const offscreen = port.transfers
  let nextId = 1
  /** Canvases handed over, by element: a canvas goes to a worker once, so the same element shown again keeps its id. */
  const handed = new WeakMap<HTMLCanvasElement, { id: number; detach?: ReturnType<typeof setTimeout> }>()

  /** Hands `canvas` to the painter (once per element) with what to paint on it; returns its id and how to take it back. */
  const attach = (canvas: HTMLCanvasElement, message: (id: number, canvas?: OffscreenCanvas | HTMLCanvasElement) => PainterMessage) => {
    let entry = handed.get(canvas)
    if (entry) {
      clearTimeout(entry.detach)
      entry.detach = undefined
      port.send(message(entry.id))
    } else {
      entry = { id: nextId++ }
      handed.set(canvas, entry)
      if (offscreen) {
        const target = canvas.transferControlToOffscreen()
        port.send(message(entry.id, target), [target])
      } else port.send(message(entry.id, canvas))
    }
    const { id } = entry
    // Later, not now: React takes an element away and gives it back at once (a re-render with new props, StrictMode).
    const detach = () => {
      const current = handed.get(canvas)
      if (current)
        current.detach = setTimeout(() => {
          handed.delete(canvas)
          listeners.delete(id)
          port.send({ type: 'detach', id })
        })
    }
    return { id, detach }
  }

  const feed = monitorFeed((message, transfer) => port.send(message, transfer))
  return {
    showPicture(canvas, shown) {
      const { id, detach } = attach(canvas, (id, target) => ({ type: 'picture', id, canvas: target }))
      listeners.set(id, shown)
      return detach
    },
    showMeter(canvas, source) {
      const size = () => ({ width: canvas.clientWidth * devicePixelRatio, height: canvas.clientHeight * devicePixelRatio, scale: devicePixelRatio })
      const { id, detach } = attach(canvas, (id, target) => ({ type: 'meter', id, canvas: target, source, style: meterStyle(canvas), ...size() }))
      const resized = new ResizeObserver(() => port.send({ type: 'resize', id, ...size() }))
      resized.observe(canvas)
      return () => {
        resized.disconnect()
        detach()
      }
    },
    frame: (frame) => feed.frame(frame),
    levels: (levels) => feed.levels(levels),
    dispose: () => port.close()
  }
}

function workerPort(onShown: (shown: PictureShown) => void): (Port & { transfers: true }) | null {
  if (typeof Worker === 'undefined' || typeof HTMLCanvasElement === 'undefined' || !('transferControlToOffscreen' in HTMLCanvasElement.prototype)) return null
  const worker = new Worker(new URL('./monitor-worker.ts', import.meta.url), { type: 'module', name: 'monitor' })
  worker.onmessage = (event: MessageEvent<PictureShown>) => onShown(event.data)
  return { transfers: true, send: (message, transfer = []) => worker.postMessage(message, transfer), close: () => worker.terminate() }
}

function pagePort(onShown: (shown: PictureShown) => void): (Port & { transfers: false }) | null {
  if (typeof createImageBitmap !== 'function') return null
  const painter = new MonitorPainter(onShown)
  return { transfers: false, send: (message) => painter.handle(message), close: () => {} }
}

/** The meter's look from the page's own CSS (styles.css variables, the canvas's font), so it matches the page. */
function meterStyle(canvas: HTMLCanvasElement): MeterStyle {
  const style = getComputedStyle(canvas)
  const value = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback
  return {
    track: value('--bg-input', '#0f1219'),
    line: value('--line', '#252a36'),
    green: value('--green', '#2fd47a'),
    amber: value('--amber', '#ffb020'),
    red: value('--live', '#ff3b4e'),
    mark: value('--text', '#e8eaf0'),
    text: style.color || '#9aa3b5',
    fontFamily: style.fontFamily || 'sans-serif',
    fontPx: parseFloat(style.fontSize) || 12
  }
}

/** Nothing to paint with (a test's DOM): the picture and the meters stay blank, and nothing fails. */
function inertMonitor(): Monitor {
  return { showPicture: () => () => {}, showMeter: () => () => {}, frame: () => {}, levels: () => {}, dispose: () => {} }
}
