import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keyringSession, type KeyringSession } from '../fixtures/keyring'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { processesWith } from '../fixtures/processes'

const DRIVER = new URL('../fixtures/desktop-shell-driver.cjs', import.meta.url).pathname

interface TrayNow {
  looks: string
  tooltip: string
  labels: string[]
  enabled: Record<string, boolean>
}

interface DesktopReport {
  driverError?: string
  warnings: string[]
  trays: number
  scaleFactors: number[]
  imageSize: { width: number; height: number }
  atStart: TrayNow
  afterSettings: TrayNow
  whenLive: TrayNow
  whileReconnecting: TrayNow
  shortcutsAtStart: string[]
  shortcutsAfterSettings: string[]
  shortcutsAtQuit: string[]
  saved: { ok: boolean }
  settingsSet: { ok: boolean }
  refusalLogged: Array<{ level: string; code: string; data: Record<string, string> }>
  pressTaken: boolean
  pressGoLive: boolean
  flapSeconds: number
  transitions: number
  notificationsDuringShow: Array<{ title: string; body: string }>
  notifications: Array<{ title: string; body: string }>
  closeReturned: boolean
  afterClose: { destroyed: boolean; visible: boolean; windows: number }
  afterOpen: { visible: boolean; windows: number }
  hiddenAgain: boolean
  afterNotificationClick: boolean
  quitQuestion: { type: string; title: string; message: string; buttons: string[]; cancelId: number; defaultId: number }
  quitParent: string | null
  afterCancel: { quit: boolean; state: string; windowOpen: boolean }
  states: string[]
  trayDestroyed: boolean
  quitCalls: number
}

/**
 * The desktop shell's everyday parts (issue 9 item 8, DESIGN §10) in the built bundles, under the strict Electron
 * stand-in: the tray follows a real show to a real nginx-rtmp (its picture read pixel by pixel), a link that flaps
 * three times makes a few notifications, not six; hotkeys come from the settings (one held by another program is
 * refused out loud); closing while live hides to the tray and quitting asks first. The OS prefers Korean.
 */
describe('the desktop shell: tray, notifications, hotkeys, close and quit (out/main)', () => {
  let ingest: RtmpIngest
  let keyring: KeyringSession
  let report: DesktopReport
  const key = `desktop-key-${Date.now()}-abcdef`

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    keyring = keyringSession()
    const r = await keyring.run(process.execPath, [DRIVER], {
      env: {
        ONAIR_TEST_USERDATA: mkdtempSync(join(tmpdir(), 'onair-desktop-')),
        ONAIR_TEST_INGEST: `${ingest.base}/live`,
        ONAIR_TEST_KEY: key,
        ONAIR_TEST_CONTROL: ingest.controlUrl
      },
      timeoutMs: 90_000
    })
    report = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as DesktopReport
    expect(report.driverError, r.stderr).toBeUndefined()
    expect(r.code, r.stderr).toBe(0)
  }, 120_000)
  afterAll(async () => {
    await ingest?.close()
    keyring?.close()
  })

  it('shows one tray icon whose picture, tooltip and menu follow the show, in the OS language', () => {
    expect(report.trays).toBe(1)
    expect(report.scaleFactors).toEqual([1, 2])
    expect(report.imageSize).toEqual({ width: 16, height: 16 })
    // Nothing saved yet: Go Live is there but cannot be chosen.
    expect(report.atStart).toEqual({
      looks: 'idle',
      tooltip: 'Onair: 준비됨',
      labels: ['방송 시작', '중지', 'Onair 열기', '종료'],
      enabled: { goLive: false, stop: false, open: true, quit: true }
    })
    expect(report.afterSettings.enabled).toEqual({ goLive: true, stop: false, open: true, quit: true })
    expect(report.whenLive).toMatchObject({ looks: 'live', tooltip: 'Onair: 방송 중', enabled: { goLive: false, stop: true } })
    expect(report.whileReconnecting).toMatchObject({ looks: 'reconnecting', tooltip: 'Onair: 재연결 중', enabled: { goLive: false, stop: true } })
  })

  it('holds the hotkeys the settings name, again when they change; one the OS refuses is said in the log, on stderr and as a notification', () => {
    expect(report.shortcutsAtStart).toEqual(['CommandOrControl+Shift+F9', 'CommandOrControl+Shift+F10'])
    expect(report.settingsSet.ok).toBe(true)
    expect(report.shortcutsAfterSettings).toEqual(['Alt+Shift+F9'])
    expect(report.refusalLogged).toEqual([
      expect.objectContaining({ level: 'warn', code: 'desktop.hotkeyRefused', data: { accelerator: 'Control+Alt+P', action: 'stop', reason: 'taken' } })
    ])
    expect(report.warnings.join('\n')).toMatch(/Control\+Alt\+P.*could not be set/)
    expect(report.notifications[0]).toEqual({ title: '단축키를 쓸 수 없습니다', body: expect.stringContaining('Control+Alt+P(중지)') as string })
    expect(report.pressTaken).toBe(false)
    // The other key works: it went live with the saved destination and sources.
    expect(report.pressGoLive).toBe(true)
    expect(report.shortcutsAtQuit).toEqual([])
  })

  it('a link that flaps three times in a minute: reconnecting is notified, then the notifications stop at three', async () => {
    await ingest.waitForPublish(key)
    expect(report.flapSeconds).toBeLessThan(60)
    expect(report.transitions).toBeGreaterThanOrEqual(6)
    const during = report.notificationsDuringShow.slice(1)
    expect(during[0]).toEqual({
      title: '연결이 끊겼습니다',
      body: expect.stringMatching(/: 다시 연결하는 중입니다\. Onair가 알아서 계속 시도합니다\.$/) as string
    })
    expect(during.map((n) => n.title)).toContain('다시 방송 중')
    expect(during).toHaveLength(3)
    expect(JSON.stringify(report.notifications)).not.toContain(key)
  })

  it('closing the window while live hides it to the tray (said once); Open in the tray or a click on a notification brings it back', () => {
    expect(report.closeReturned).toBe(false)
    expect(report.afterClose).toEqual({ destroyed: false, visible: false, windows: 1 })
    expect(report.notifications).toContainEqual({ title: 'Onair는 아직 방송 중입니다', body: expect.stringContaining('트레이') as string })
    expect(report.afterOpen).toEqual({ visible: true, windows: 1 })
    expect(report.hiddenAgain).toBe(true)
    expect(report.afterNotificationClick).toBe(true)
    expect(report.notifications.filter((n) => n.title === 'Onair는 아직 방송 중입니다')).toHaveLength(1)
  })

  it('quitting while live asks; Keep streaming keeps the show, Stop and quit ends it and the app quits', async () => {
    expect(report.quitQuestion).toMatchObject({
      type: 'question',
      title: '방송을 중지할까요?',
      message: '방송 중입니다. 종료하면 모든 송출 대상에서 방송이 멈춥니다.',
      buttons: ['중지하고 종료', '계속 방송'],
      cancelId: 1,
      defaultId: 1
    })
    expect(report.quitParent).toBe('window')
    expect(report.afterCancel).toEqual({ quit: false, state: 'live', windowOpen: true })
    expect(report.states.at(-1)).toBe('ended')
    await ingest.waitForPublishDone(key)
    expect(report.notifications.at(-1)).toEqual({ title: '방송 종료', body: '모든 송출 대상에서 방송이 끝났습니다.' })
    expect(report.trayDestroyed).toBe(true)
    expect(processesWith(key)).toEqual([])
  })
})
