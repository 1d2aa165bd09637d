import { useEffect, useState } from 'react'

/**
 * The current time while `active`, re-read when a whole second has passed since `anchor` (ms since epoch, in the same
 * clock as Date.now()): a clock counting from `anchor` changes exactly then, and renders once a second, not more.
 */
export function useNow(active: boolean, anchor = 0): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    let timer: ReturnType<typeof setTimeout>
    const tick = () => {
      const at = Date.now()
      setNow(at)
      // Just past the next whole second from the anchor (a timer may fire a little early).
      timer = setTimeout(tick, 1000 - ((((at - anchor) % 1000) + 1000) % 1000) + 5)
    }
    // The first read comes at once (a timer, not during the effect, so React does not render twice in a row).
    timer = setTimeout(tick, 0)
    return () => clearTimeout(timer)
  }, [active, anchor])
  return now
}
