import type { LiveState } from '../../../shared/live'

/** Which controls a state shows (presentation only; main owns the state machine). */
export function isActive(state: LiveState): boolean {
  return state === 'preparing' || state === 'connecting' || state === 'live' || state === 'reconnecting' || state === 'offline' || state === 'ending'
}

/** States in which Stop makes sense (ending is already on its way). */
export function canStop(state: LiveState): boolean {
  return state === 'preparing' || state === 'connecting' || state === 'live' || state === 'reconnecting' || state === 'offline'
}
