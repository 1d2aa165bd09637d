import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src/main/window-policy'
import { COMMAND_NAMES } from '../../src/shared/contract'
import { keyringSession, type KeyringSession } from '../fixtures/keyring'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { processesWith } from '../fixtures/processes'

const DRIVER = new URL('../fixtures/electron-shell-driver.cjs', import.meta.url).pathname

interface Answer {
  status: number
  type: string | null
  csp: string | null
}

interface DevServerReport {
  driverError?: string
  loadedUrl: string
  headerHooks: number
  info: { ok: boolean }
  media: { devServer: boolean; appOrigin: boolean }
}

interface ShellReport {
  driverError?: string
  handlers: string[]
  window: { webPreferences: Record<string, unknown>; preloadExists: boolean; loadedUrl: string }
  headers: Record<string, string[]>
  protocol: {
    privileged: Array<{ scheme: string; privileges: Record<string, boolean> }>
    handled: string[]
    page: Answer
    loaded: { status: number; headers: Record<string, string>; subresources: Array<{ url: string; kind: string; type: string; sameOrigin: boolean }> }
    script: Answer
    refused: Record<string, { status: number; leaked: boolean }>
  }
  permissions: { request: Record<string, boolean>; check: Record<string, boolean> }
  windowOpen: Record<string, string>
  navigationPrevented: Record<string, boolean>
  openedExternally: string[]
  warnings: string[]
  exposed: string[]
  apiMembers: string[]
  info: { ok: boolean; value?: { shell: string; version: string } }
  unknownCommand: string
  badPayload: { ok: boolean; error?: { code: string; field?: string } }
  untrusted: Record<string, { ok: boolean; error?: { code: string } }>
  saved: { ok: boolean }
  started: { ok: boolean; value?: { state: string }; error?: unknown }
  stopped: { ok: boolean; value?: { state: string } }
  states: string[]
  listenerArgCounts: number[]
  receivedCount: number
  receivedText: string
  listenersLeft: number
  quitCalls: number
}

/**
 * Electron's binary cannot be downloaded here, so the built shell (out/main and out/preload, exactly as
 * `npm start` and the packaged app load them) runs under Node against a strict stand-in for the `electron` module,
 * inside a real Secret Service, pushing to a real nginx-rtmp. This checks what only the shell does: the window is
 * hardened, the CSP header is set, IPC refuses strangers, the preload exposes the contract and nothing else, and
 * a Custom RTMP go-live through `window.onair` reaches the ingest with the key kept out of the renderer.
 * The page comes from app://onair (never file://), media is granted to that page only, links leave the app only for
 * the providers' consoles and help pages. The packaged binary's fuses are checked in test/unit/main.
 */
describe('the built Electron shell (out/main + out/preload)', () => {
  let ingest: RtmpIngest
  let keyring: KeyringSession
  let report: ShellReport
  let devReport: DevServerReport
  const key = `shell-key-${Date.now()}-abcdef`

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    keyring = keyringSession()
    const userData = mkdtempSync(join(tmpdir(), 'onair-shell-'))
    const r = await keyring.run(process.execPath, [DRIVER], {
      env: { ONAIR_TEST_USERDATA: userData, ONAIR_TEST_INGEST: `${ingest.base}/live`, ONAIR_TEST_KEY: key },
      timeoutMs: 45_000
    })
    const last = r.stdout.trim().split('\n').at(-1) ?? '{}'
    report = JSON.parse(last) as ShellReport
    expect(report.driverError, r.stderr).toBeUndefined()
    expect(r.code, r.stderr).toBe(0)

    // `npm run dev`: the same shell on the dev server's page (nothing listens there; the stand-in loads no http page).
    const dev = await keyring.run(process.execPath, [DRIVER], {
      env: { ONAIR_TEST_USERDATA: mkdtempSync(join(tmpdir(), 'onair-shell-dev-')), ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' },
      timeoutMs: 30_000
    })
    devReport = JSON.parse(dev.stdout.trim().split('\n').at(-1) ?? '{}') as DevServerReport
    expect(devReport.driverError, dev.stderr).toBeUndefined()
  }, 90_000)
  afterAll(async () => {
    await ingest?.close()
    keyring?.close()
  })

  it('opens one hardened window on the built page at app://onair, with the CSP header', () => {
    expect(report.window.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
    expect(report.window.preloadExists).toBe(true)
    expect(report.window.loadedUrl).toBe('app://onair/index.html')
    expect(report.headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(report.headers['X-Test']).toEqual(['1'])
  })

  it('serves the UI over app:// from out/renderer only: page with CSP, bundle with its MIME type, no way out', () => {
    // Registered before ready (the stand-in throws otherwise) as standard + secure + fetch, never bypassing CSP.
    expect(report.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
    expect(report.protocol.handled).toEqual(['app'])
    expect(report.protocol.page).toEqual({ status: 200, type: 'text/html; charset=utf-8', csp: CONTENT_SECURITY_POLICY })
    expect(report.protocol.script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', csp: CONTENT_SECURITY_POLICY })
    // The window loaded the page and its module script, stylesheet and icon, all from the page's own origin,
    // which is what CSP 'self' allows on a standard scheme.
    const kinds = report.protocol.loaded.subresources.map((r) => `${r.kind}:${r.type}`)
    expect(kinds).toEqual(expect.arrayContaining(['script:text/javascript; charset=utf-8', 'link:text/css; charset=utf-8']))
    for (const r of report.protocol.loaded.subresources) expect(r, r.url).toMatchObject({ sameOrigin: true, url: expect.stringMatching(/^app:\/\/onair\//) })
    for (const [attempt, answer] of Object.entries(report.protocol.refused)) expect(answer, attempt).toEqual({ status: 404, leaked: false })
    expect(Object.keys(report.protocol.refused)).toEqual(
      expect.arrayContaining(['dotDot', 'encodedDotDot', 'encodedSlash', 'encodedBackslash', 'symlinkOut', 'otherHost'])
    )
  })

  it('grants media to our own page only; strangers, subframes, other windows and other permissions get nothing', () => {
    expect(report.permissions.request).toEqual({
      media: true,
      foreignOrigin: false,
      subframe: false,
      otherWindow: false,
      notifications: false,
      geolocation: false,
      displayCapture: false
    })
    expect(report.permissions.check).toEqual({ media: true, foreignOrigin: false, subframe: false, noWebContents: false, notifications: false })
  })

  it('keeps the window on our page; only https provider console and help links open, in the browser', () => {
    expect(Object.values(report.windowOpen)).toEqual(Array(Object.keys(report.windowOpen).length).fill('deny'))
    expect(report.navigationPrevented).toEqual({ evil: true, consoleLink: true, ownPage: true })
    expect(report.openedExternally).toEqual(['https://docs.kollus.com/en/dev-guide/live', 'https://console.ncloud.com/'])
    // Every refusal is logged, and the log never carries the secret a refused URL held.
    const refusals = report.warnings.filter((w) => w.includes('refused to open'))
    expect(refusals).toHaveLength(Object.keys(report.windowOpen).length - 1 + 2)
    expect(refusals.join('\n')).toContain('evil.example')
    expect(report.warnings.join('\n')).not.toContain(key)
  })

  it('under npm run dev, shows the dev server page and trusts that origin instead', () => {
    expect(devReport).toMatchObject({ loadedUrl: 'http://127.0.0.1:5173/', headerHooks: 0, info: { ok: true } })
    expect(devReport.media).toEqual({ devServer: true, appOrigin: false })
  })

  it('serves every contract command over IPC, and exposes window.onair with invoke and on only', () => {
    expect(report.handlers).toEqual([...COMMAND_NAMES].sort())
    expect(report.exposed).toEqual(['onair'])
    expect(report.apiMembers).toEqual(['invoke', 'on'])
    expect(report.info).toMatchObject({ ok: true, value: { shell: 'electron', version: '0.0.0-test' } })
  })

  it('refuses what is not ours: unknown commands, bad payloads, other pages, subframes, other windows', () => {
    expect(report.unknownCommand).toMatch(/Unknown command/)
    expect(report.badPayload).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    for (const [who, result] of Object.entries(report.untrusted)) expect(result, who).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('goes live through window.onair: the ingest gets the key, the renderer gets states and stats but never the key', async () => {
    expect(report.saved.ok).toBe(true)
    expect(report.started, JSON.stringify(report.started)).toMatchObject({ ok: true, value: { state: 'live' } })
    expect(report.stopped).toMatchObject({ ok: true, value: { state: 'ended' } })
    await ingest.waitForPublish(key)
    await ingest.waitForPublishDone(key)
    expect(report.states).toEqual(expect.arrayContaining(['preparing', 'connecting', 'live', 'ending', 'ended']))
    // Listeners get the payload alone (never Electron's event, which carries the sender).
    expect(report.listenerArgCounts).toEqual([1])
    expect(report.receivedCount).toBeGreaterThan(5)
    expect(report.receivedText).not.toContain(key)
    expect(report.listenersLeft).toBe(0)
  })

  it('on quit, holds the quit until the session is stopped, then quits; no ffmpeg is left', () => {
    expect(report.quitCalls).toBe(2)
    expect(processesWith(key)).toEqual([])
  })
})
