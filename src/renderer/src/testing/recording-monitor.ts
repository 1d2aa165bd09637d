import type { PreviewFrame } from '../../../shared/contract'
import type { AudioLevel } from '../../../shared/preview'
import type { Monitor } from '../features/studio/monitor'

/**
 * A stand-in for the monitor in a test's DOM, which has no canvas to paint: it keeps what it was given (the canvases
 * shown now, every frame and level), so a test can check that the picture and the levels reach the monitor.
 */
export interface RecordingMonitor extends Monitor {
  readonly frames: PreviewFrame[]
  readonly levelsSent: AudioLevel[][]
  /** The canvases showing the picture now, and the meters with their sources. */
  readonly pictures: Set<HTMLCanvasElement>
  readonly meters: Map<HTMLCanvasElement, string>
}

export function recordingMonitor(): RecordingMonitor {
  const monitor: RecordingMonitor = {
    frames: [],
    levelsSent: [],
    pictures: new Set(),
    meters: new Map(),
    showPicture(canvas) {
      monitor.pictures.add(canvas)
      return () => void monitor.pictures.delete(canvas)
    },
    showMeter(canvas, source) {
      monitor.meters.set(canvas, source)
      return () => void monitor.meters.delete(canvas)
    },
    frame: (frame) => void monitor.frames.push(frame),
    levels: (levels) => void monitor.levelsSent.push(levels),
    dispose: () => {}
  }
  return monitor
}
