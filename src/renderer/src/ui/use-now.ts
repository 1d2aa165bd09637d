import { useEffect, useState } from 'react'
import { everySecond } from './second-ticks'

/**
 * The current time while `active`, re-read when a whole second has passed since `anchor` (ms since epoch, in the same
 * clock as Date.now()): a clock counting from `anchor` changes exactly then, and renders once a second, not more. It
 * ticks with everything else due on the same second (second-ticks.ts).
 */
export function useNow(active: boolean, anchor = 0): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    // The first read comes at once (a timer, not during the effect, so React does not render twice in a row).
    const first = setTimeout(() => setNow(Date.now()), 0)
    const stop = everySecond(anchor, setNow)
    return () => {
      clearTimeout(first)
      stop()
    }
  }, [active, anchor])
  return now
}
