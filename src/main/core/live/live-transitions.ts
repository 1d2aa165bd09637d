import type { LiveState } from '../../../shared/live'

/** The allowed moves of a live session (DESIGN §3). Pure; the session asserts every move against it. */
const TRANSITIONS: Record<LiveState, LiveState[]> = {
  idle: ['preparing'],
  preparing: ['connecting', 'ending', 'failed'],
  connecting: ['live', 'ending', 'failed'],
  live: ['reconnecting', 'ending', 'failed'],
  reconnecting: ['live', 'ending', 'failed'],
  ending: ['ended', 'failed'],
  ended: ['preparing'],
  failed: ['preparing']
}

export function canTransition(from: LiveState, to: LiveState): boolean {
  return TRANSITIONS[from].includes(to)
}

export function isActive(state: LiveState): boolean {
  return state === 'preparing' || state === 'connecting' || state === 'live' || state === 'reconnecting' || state === 'ending'
}
