/**
 * The desktop window's security policy (DESIGN §7) as plain values and predicates, so tests can check them
 * without Electron. window.ts applies them.
 */

import { contentSecurityPolicy } from '../shared/content-security-policy'

/** The built app's CSP: only our own bundle, no inline code or styles, no eval. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy()

/** Capture needs camera/microphone access; nothing else (notifications, geolocation, midi...) is granted. */
export function isAllowedPermission(permission: string): boolean {
  return permission === 'media'
}

/** webPreferences every Onair window uses; `preload` is filled in by the caller. */
export const HARDENED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false
} as const
