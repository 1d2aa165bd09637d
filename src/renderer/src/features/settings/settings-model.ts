import { RECONNECT_WINDOW_LIMITS } from '../../../../shared/settings'

/** A folder or program path must be absolute (POSIX, a Windows drive, or a UNC share), as main checks it too. */
export function absolutePathProblem(text: string): 'settings.pathProblem' | null {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(text.trim()) ? null : 'settings.pathProblem'
}

/** The reconnect window: whole minutes within what main accepts. */
export function minutesProblem(text: string): { key: 'output.range'; min: number; max: number } | null {
  const value = Number(text.trim())
  const { min, max } = RECONNECT_WINDOW_LIMITS
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? null : { key: 'output.range', min, max }
}
