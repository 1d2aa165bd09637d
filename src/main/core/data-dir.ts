import { homedir } from 'node:os'
import { join } from 'node:path'

/** Where settings, session history and (by default) recordings live: `ONAIR_DATA_DIR`, else the OS's app-data folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ONAIR_DATA_DIR) return env.ONAIR_DATA_DIR
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Onair')
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Onair')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'onair')
}
