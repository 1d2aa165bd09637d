import { describe, expect, it } from 'vitest'
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  HARDENED_WEB_PREFERENCES,
  isAllowedExternalUrl,
  isAllowedPermission,
  pageOrigin,
  type PermissionAsk,
  type TrustedPage
} from '../../../src/main/window-policy'

describe('window policy (DESIGN §7)', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(HARDENED_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
  })

  it('has a strict CSP: own scripts only, no inline or eval', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/)
  })

  it('serves the UI from a standard, secure app:// origin that does not bypass the CSP', () => {
    expect(APP_ENTRY_URL).toBe('app://onair/index.html')
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true })
    expect(pageOrigin(APP_ENTRY_URL)).toBe('app://onair')
  })
})

describe('isAllowedPermission: media for our own page only', () => {
  const page: TrustedPage = { webContentsId: 3, url: 'app://onair/index.html' }
  const ours: PermissionAsk = { permission: 'media', webContentsId: 3, isMainFrame: true, requesterUrls: ['app://onair/index.html'] }

  it.each<[string, Partial<PermissionAsk>, boolean]>([
    ['media for our page', {}, true],
    ['media, as a check with the origin spelled with a slash', { requesterUrls: ['app://onair/', 'app://onair/index.html#/live'] }, true],
    ['media for a foreign origin', { requesterUrls: ['https://evil.example/'] }, false],
    ['media when one of the named URLs is foreign', { requesterUrls: ['app://onair/index.html', 'https://evil.example/'] }, false],
    ['media for a subframe of our page', { isMainFrame: false }, false],
    ['media for a cross-origin embed', { embeddingOrigin: 'app://onair/' }, false],
    ['media for another window', { webContentsId: 4 }, false],
    ['media without web contents (a service worker)', { webContentsId: null }, false],
    ['media with no requester named', { requesterUrls: [undefined, ''] }, false],
    ['media for a local file', { requesterUrls: ['file:///tmp/x.html'] }, false],
    ...['notifications', 'geolocation', 'midi', 'openExternal', 'clipboard-read', 'display-capture', 'fullscreen', 'hid', 'unknown'].map(
      (permission): [string, Partial<PermissionAsk>, boolean] => [`${permission} for our page`, { permission }, false]
    )
  ])('%s → %s', (_name, change, expected) => {
    expect(isAllowedPermission({ ...ours, ...change }, page)).toBe(expected)
  })

  it('grants nothing before the window exists, and follows the dev server origin under npm run dev', () => {
    expect(isAllowedPermission(ours, null)).toBe(false)
    const dev: TrustedPage = { webContentsId: 3, url: 'http://localhost:5173/' }
    expect(isAllowedPermission({ ...ours, requesterUrls: ['http://localhost:5173/index.html'] }, dev)).toBe(true)
    expect(isAllowedPermission({ ...ours, requesterUrls: ['http://localhost:5174/'] }, dev)).toBe(false)
    expect(isAllowedPermission(ours, dev)).toBe(false)
  })
})

describe('isAllowedExternalUrl: https provider consoles and help pages only', () => {
  it.each([
    ['https://live-kr.kollus.com/', true],
    ['https://docs.kollus.com/en/dev-guide/live', true],
    ['https://portal.sigmaott.com/channels?id=1#top', true],
    ['https://console.ncloud.com/live-station/channel', true],
    ['https://api.ncloud-docs.com/docs/en/media-livestation', true],
    ['HTTPS://DOCS.KOLLUS.COM/', true],
    ['http://docs.kollus.com/', false],
    ['https://evil.example/', false],
    ['https://docs.kollus.com.evil.example/', false],
    ['https://evil.example/?u=https://docs.kollus.com/', false],
    ['https://notdocs.kollus.com/', false],
    ['https://docs.kollus.com./', false],
    ['https://docs.kollus.com:8443/', false],
    ['https://user:pass@docs.kollus.com/', false],
    ['https://user@docs.kollus.com/', false],
    ['https://github.com/sigmaott/docs.sigma.video', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['ftp://docs.kollus.com/', false],
    ['app://onair/index.html', false],
    ['//docs.kollus.com/', false],
    ['not a url', false],
    [`https://docs.kollus.com/${'a'.repeat(3000)}`, false]
  ])('%s → %s', (url, expected) => {
    expect(isAllowedExternalUrl(url)).toBe(expected)
  })

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, { toString: () => 'https://docs.kollus.com/' }]) expect(isAllowedExternalUrl(value)).toBe(false)
  })
})
