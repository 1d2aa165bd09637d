import { useEffect, useState } from 'react'

/** The current time, re-read every `intervalMs` while `active` (drives the elapsed-time display only). */
export function useNow(active: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    const tick = () => setNow(Date.now())
    // The first read comes at once (a timer, not during the effect, so React does not render twice in a row).
    const first = setTimeout(tick, 0)
    const timer = setInterval(tick, intervalMs)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [active, intervalMs])
  return now
}
