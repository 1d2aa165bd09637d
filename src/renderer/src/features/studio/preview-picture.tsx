import { usePreview } from './preview-store'

/**
 * The chosen video source as main captures it, before and through the show (about 12 frames a second): the only
 * component that follows the frames, so nothing around it re-renders for them.
 */
export function PreviewPicture(): React.JSX.Element | null {
  const frame = usePreview((s) => s.frame)
  if (!frame) return null
  return <img className="monitor-preview" alt="" data-testid="monitor-preview" src={`data:${frame.mime};base64,${frame.data}`} />
}
