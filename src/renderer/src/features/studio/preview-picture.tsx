import { useEffect, useRef } from 'react'
import { useStores } from '../../app/stores-context'
import { usePreview } from './preview-store'

/**
 * The chosen video source as main captures it, before and through the show (about 12 frames a second), on a canvas
 * the monitor paints off the main thread (monitor.ts): React renders it when the picture comes and goes, never for a
 * frame. What it shows (size, frames so far) is written on the element about once a second, for whoever looks.
 */
export function PreviewPicture(): React.JSX.Element | null {
  const { monitor } = useStores()
  const hasFrame = usePreview((s) => s.hasFrame)
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const element = canvas.current
    if (!hasFrame || !element) return
    return monitor.showPicture(element, ({ width, height, frames }) => {
      element.dataset.width = String(width)
      element.dataset.height = String(height)
      element.dataset.frames = String(frames)
    })
  }, [monitor, hasFrame])
  if (!hasFrame) return null
  return <canvas ref={canvas} className="monitor-preview" aria-hidden data-testid="monitor-preview" />
}
