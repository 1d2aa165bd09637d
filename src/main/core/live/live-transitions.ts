import type { LiveState } from '../../../shared/live'

/** The allowed moves of a live session (DESIGN §3). Pure; the session asserts every move against it. */
const TRANSITIONS: Record<LiveState, LiveState[]> = {
  idle: ['preparing'],
  preparing: ['connecting', 'ending', 'failed'],
  connecting: ['live', 'offline', 'ending', 'failed'],
  live: ['reconnecting', 'offline', 'ending', 'failed'],
  reconnecting: ['live', 'offline', 'ending', 'failed'],
  // Offline mode: recording on, no destination reached; a destination that returns makes the show live from then on.
  offline: ['live', 'reconnecting', 'ending', 'failed'],
  ending: ['ended', 'failed'],
  ended: ['preparing'],
  failed: ['preparing']
}

export function canTransition(from: LiveState, to: LiveState): boolean {
  return TRANSITIONS[from].includes(to)
}

export function isActive(state: LiveState): boolean {
  return state === 'preparing' || state === 'connecting' || state === 'live' || state === 'reconnecting' || state === 'offline' || state === 'ending'
}

/**
 * A running show's state from its destinations' (once it left `connecting`): reconnecting while one that was live is
 * being retried, else live while one has the show, else offline while one is still being tried. A destination offline
 * beside a live one leaves the show live (its chip says offline). Null when none is left (all failed).
 */
export function runningState(destinations: readonly LiveState[]): 'live' | 'reconnecting' | 'offline' | null {
  if (destinations.includes('reconnecting')) return 'reconnecting'
  if (destinations.includes('live')) return 'live'
  if (destinations.includes('offline') || destinations.includes('connecting')) return 'offline'
  return null
}
