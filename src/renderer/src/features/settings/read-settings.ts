import type { OnairApi } from '../../../../shared/contract'
import type { Settings } from '../../../../shared/settings'

/**
 * main's settings, read once at start (the Studio opens on the last show, the UI in the chosen language). A main that
 * does not answer within `timeoutMs` (a socket still connecting) gives null: the window starts on defaults.
 */
export async function readSettings(api: OnairApi, timeoutMs = 3000): Promise<Settings | null> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)))
  const read = await Promise.race([api.invoke('settings:get', {}), late])
  clearTimeout(timer)
  return read?.ok ? read.value.settings : null
}
