import { useEffect, useRef } from 'react'
import { useStores } from '../../app/stores-context'
import { usePreview } from './preview-store'

/**
 * The chosen video source as main captures it, before and through the show (about 12 frames a second): the only
 * component that follows the frames, so nothing around it re-renders for them. React renders it when the picture
 * comes and goes; each frame is set on the <img> by a store subscription, without a render (12 renders a second of
 * a 40 kB string were a tenth of the dashboard's main-thread time). Chromium decodes the JPEG off the main thread
 * when it rasters it; a canvas fed by createImageBitmap cost more here (the Blob's copy to the browser process).
 */
export function PreviewPicture(): React.JSX.Element | null {
  const store = useStores().preview
  const hasFrame = usePreview((s) => s.frame !== null)
  const img = useRef<HTMLImageElement>(null)
  useEffect(() => {
    const picture = img.current
    if (!hasFrame || !picture) return
    const show = (frame: { mime: string; data: string } | null) => {
      if (frame) picture.src = `data:${frame.mime};base64,${frame.data}`
    }
    show(store.getState().frame)
    return store.subscribe((now, before) => {
      if (now.frame !== before.frame) show(now.frame)
    })
  }, [store, hasFrame])
  if (!hasFrame) return null
  return <img ref={img} className="monitor-preview" alt="" data-testid="monitor-preview" />
}
