/**
 * Wraps an expensive async task so callers who ask while it runs share its one answer instead of starting their own
 * (issue 7 item 5: each devices:list spawns several ffmpeg probes; 2,000 at once would spawn thousands). The next
 * call after it settles starts afresh, so nothing stale is kept.
 */
export function shareInFlight<T>(task: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null
  return () => {
    if (!running) {
      const current = task()
      running = current
      const clear = () => {
        if (running === current) running = null
      }
      current.then(clear, clear)
    }
    return running
  }
}
