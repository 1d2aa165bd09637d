import type { PreviewFrame } from '../../../../shared/contract'
import type { AudioLevel } from '../../../../shared/preview'
import { decodeBase64 } from './base64-bytes'
import { RIDE_MS, type PainterMessage } from './monitor-painter'

export interface MonitorFeed {
  frame(frame: PreviewFrame): void
  levels(levels: AudioLevel[]): void
}

/**
 * What the page sends the monitor's painter, and when. While the picture plays (a frame went out within RIDE_MS), the
 * levels wait for the next frame and go in the same message: the worker wakes once for both, ~12 times a second
 * instead of ~22. A picture that stalls does not hold them: they go on their own after RIDE_MS. Every level is kept,
 * in order (the meter's number is the loudest peak of each half second). While the window is hidden nothing is sent:
 * a streamer's Onair sits behind the game for most of a show, and decoding a picture no one sees costs a few % of a
 * core; the next frame after it shows again is painted as usual.
 */
export function monitorFeed(
  send: (message: PainterMessage, transfer?: Transferable[]) => void,
  now: () => number = () => performance.now(),
  /** Whether anyone can see the monitor: behind the game or minimised, no frame is decoded and no meter painted. */
  visible: () => boolean = () => typeof document === 'undefined' || document.visibilityState !== 'hidden'
): MonitorFeed {
  let held: AudioLevel[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let frameAt = -Infinity
  /** The base64 of the frame sent last: a still screen's next frame is the same picture. */
  let lastData: string | null = null
  const flush = () => {
    timer = undefined
    if (held.length) send({ type: 'levels', levels: held })
    held = []
  }
  return {
    frame(frame) {
      if (!visible()) return
      clearTimeout(timer)
      timer = undefined
      // Bytes, moved to the worker: a 40 kB string would be copied into it twelve times a second.
      const bytes = decodeBase64(frame.data)
      const painted = { mime: frame.mime, bytes, same: frame.data === lastData }
      lastData = frame.data
      send(held.length ? { type: 'frame', frame: painted, levels: held } : { type: 'frame', frame: painted }, [bytes.buffer])
      held = []
      frameAt = now()
    },
    levels(levels) {
      if (!visible()) return
      if (now() - frameAt > RIDE_MS) {
        flush()
        send({ type: 'levels', levels })
        return
      }
      held.push(...levels)
      timer ??= setTimeout(flush, RIDE_MS)
    }
  }
}
