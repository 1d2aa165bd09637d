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

interface ShellReport {
  driverError?: string
  handlers: string[]
  window: { webPreferences: Record<string, unknown>; preloadExists: boolean; loadedUrl: string }
  headers: Record<string, string[]>
  permissions: Record<string, boolean>
  windowOpen: { https: string; file: string; openedExternally: string[] }
  navigationPrevented: boolean
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
 */
describe('the built Electron shell (out/main + out/preload)', () => {
  let ingest: RtmpIngest
  let keyring: KeyringSession
  let report: ShellReport
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
  }, 60_000)
  afterAll(async () => {
    await ingest?.close()
    keyring?.close()
  })

  it('opens one hardened window on the built page, with the CSP header and media as the only permission', () => {
    expect(report.window.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
    expect(report.window.preloadExists).toBe(true)
    expect(report.window.loadedUrl).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html$/)
    expect(report.headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(report.headers['X-Test']).toEqual(['1'])
    expect(report.permissions).toEqual({ media: true, notifications: false, geolocation: false })
  })

  it('keeps the window on our page: new windows denied (https links go to the browser), navigation prevented', () => {
    expect(report.windowOpen).toEqual({ https: 'deny', file: 'deny', openedExternally: ['https://onair.example/help'] })
    expect(report.navigationPrevented).toBe(true)
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
