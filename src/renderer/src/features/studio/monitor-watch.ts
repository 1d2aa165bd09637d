import type { OnairApi } from '../../../../shared/contract'
import type { ConnectionSource } from '../../app/shell-store'

/** The part of `document` this needs (tests hand in their own). */
export interface PageVisibility {
  readonly visibilityState: string
  addEventListener(type: 'visibilitychange', listener: () => void): void
  removeEventListener(type: 'visibilitychange', listener: () => void): void
}

/**
 * Tells main whether this page can show the monitor (`monitor:watch`): a tab in the background or a minimised window
 * says no, and main stops sending it the preview's frames and the audio levels (~12 JPEGs and ~10 levels a second it
 * would only receive to drop) until it is seen again. Said at start, on every change, and after each reconnect (a new
 * socket starts out watching). Returns the unsubscribe.
 */
export function connectMonitorWatch(
  api: OnairApi,
  connection: ConnectionSource | null,
  page: PageVisibility | null = typeof document === 'undefined' ? null : document
): () => void {
  if (!page) return () => {}
  let said: boolean | null = null
  const tell = (always = false) => {
    const watching = page.visibilityState !== 'hidden'
    if (!always && watching === said) return
    said = watching
    void api.invoke('monitor:watch', { watching })
  }
  const onChange = () => tell()
  page.addEventListener('visibilitychange', onChange)
  const offConnection = connection?.onConnection((state) => {
    if (state === 'open') tell(true)
  })
  tell(true)
  return () => {
    page.removeEventListener('visibilitychange', onChange)
    offConnection?.()
  }
}
