/**
 * Whole-second ticks counted from an anchor (ms since epoch, Date.now()'s clock), shared: everything due on the same
 * tick runs in one task. A show's clock and the second's figures change together, so the page draws one frame a
 * second for both rather than one for each (every frame restyles, lays out and paints the dashboard).
 */

type Tick = (now: number) => void

interface Phase {
  timer: ReturnType<typeof setTimeout> | undefined
  ticks: Set<{ tick: Tick; repeat: boolean }>
}

/** Ticks by their anchor's phase within the second (ms): anchors a whole number of seconds apart tick together. */
const phases = new Map<number, Phase>()

/** Calls `tick` on every whole second since `anchor` until the returned function is called. */
export function everySecond(anchor: number, tick: Tick): () => void {
  return add(anchor, tick, true)
}

/** Calls `tick` once, on the next whole second since `anchor`, unless the returned function is called first. */
export function atNextSecond(anchor: number, tick: Tick): () => void {
  return add(anchor, tick, false)
}

/** How long from `now` until just past the next whole second since `anchor` (a timer may fire a little early). */
export function msToNextSecond(now: number, anchor: number): number {
  return 1000 - ((((now - anchor) % 1000) + 1000) % 1000) + 5
}

function add(anchor: number, tick: Tick, repeat: boolean): () => void {
  const key = ((Math.round(anchor) % 1000) + 1000) % 1000
  let phase = phases.get(key)
  if (!phase) {
    phase = { timer: undefined, ticks: new Set() }
    phases.set(key, phase)
  }
  const entry = { tick, repeat }
  phase.ticks.add(entry)
  schedule(key, phase)
  return () => {
    phase.ticks.delete(entry)
    if (phase.ticks.size === 0) {
      clearTimeout(phase.timer)
      phase.timer = undefined
      forget(key, phase)
    }
  }
}

/** A phase with nothing left to tick leaves the map, unless another has taken its place there since. */
function forget(key: number, phase: Phase): void {
  if (phases.get(key) === phase) phases.delete(key)
}

function schedule(key: number, phase: Phase): void {
  if (phase.timer !== undefined) return
  phase.timer = setTimeout(
    () => {
      phase.timer = undefined
      const now = Date.now()
      for (const entry of [...phase.ticks]) {
        if (!entry.repeat) phase.ticks.delete(entry)
        entry.tick(now)
      }
      if (phase.ticks.size > 0) schedule(key, phase)
      else forget(key, phase)
    },
    msToNextSecond(Date.now(), key)
  )
}
