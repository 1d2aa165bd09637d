import { RECONNECT_WINDOW_LIMITS } from '../../../../shared/settings'

/** A folder or program path must be absolute (POSIX, a Windows drive, or a UNC share), as main checks it too. */
export function absolutePathProblem(text: string): 'settings.pathProblem' | null {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(text.trim()) ? null : 'settings.pathProblem'
}

/** A global hotkey as Electron takes it (`CommandOrControl+Shift+F9`), or empty for none; main checks the same. */
export function hotkeyProblem(text: string): 'settings.hotkeyProblem' | null {
  const t = text.trim()
  return t === '' || (t.length <= 64 && /^([A-Za-z0-9]+\+)*[A-Za-z0-9=\-[\];',./`\\]+$/.test(t)) ? null : 'settings.hotkeyProblem'
}

/** The reconnect window: whole minutes within what main accepts. */
export function minutesProblem(text: string): { key: 'output.range'; min: number; max: number } | null {
  const value = Number(text.trim())
  const { min, max } = RECONNECT_WINDOW_LIMITS
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? null : { key: 'output.range', min, max }
}
