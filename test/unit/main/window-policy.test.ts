import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, HARDENED_WEB_PREFERENCES, isAllowedPermission } from '../../../src/main/window-policy'

describe('window policy (DESIGN §7)', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(HARDENED_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
  })

  it('allows media capture and nothing else', () => {
    expect(isAllowedPermission('media')).toBe(true)
    for (const p of ['notifications', 'geolocation', 'midi', 'openExternal', 'clipboard-read', 'display-capture', 'fullscreen']) expect(isAllowedPermission(p)).toBe(false)
  })

  it('has a strict CSP: own scripts only, no inline or eval', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/)
  })
})
