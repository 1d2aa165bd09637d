import { type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, openAppPage } from '../fixtures/browser'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { processesWith } from '../fixtures/processes'
import { playTone, startPulse, type PulseServer } from '../fixtures/pulse'
import { buildRenderer } from '../fixtures/renderer-build'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { goLiveInView, SCREEN_SIZES as SIZES } from '../fixtures/ui-layout'
import { shootEveryScreen } from '../fixtures/ui-shots'
import { WireClient } from '../fixtures/wire-client'
import { playOnScreen, startXvfb, type XvfbDisplay } from '../fixtures/xvfb'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')
const KEY = `e2e-preview-${randomBytes(6).toString('hex')}`

/**
 * Issue 9 items 2-4 in Chromium through `onair serve`, on a 1920×1080 X screen (Xvfb) with a PulseAudio null sink:
 * the Studio opens on the screen and system audio (not the test signals), shows the picture and a moving meter before
 * anything is pushed, warns of silence, mutes, keeps all of it across a reload, and across a reload mid-show.
 */
describe('UI: the Studio preview and meters through onair serve', () => {
  let x: XvfbDisplay
  let pulse: PulseServer
  let ingest: RtmpIngest
  let serve: ServeProcess
  let browser: Browser
  let page: Page
  let picture: ChildProcess | null = null
  let tone: ChildProcess | null = null
  const pageProblems: string[] = []
  const layout: string[] = []

  /** Frames the page has painted on the picture's canvas (it says so about once a second), and what it shows. */
  const framesShown = async () => Number((await page.getByTestId('monitor-preview').getAttribute('data-frames', { timeout: 15_000 })) ?? 0)
  /** How wide the picture shows on the page (CSS px): the canvas's box with the frame fitted in it (object-fit: contain). */
  const shownWidth = async () => {
    const preview = page.getByTestId('monitor-preview')
    const box = (await preview.boundingBox())!
    const aspect = Number(await preview.getAttribute('data-width')) / Number(await preview.getAttribute('data-height'))
    return Math.min(box.width, box.height * aspect)
  }
  /**
   * The picture alone: the clock and the labels drawn over it are hidden for the shot (the clock moves by itself), by
   * the CSSOM (the page's CSP refuses the inline <style> Playwright's `style` option would add).
   */
  const pictureShot = async () => {
    const overlay = page.locator('.monitor-overlay')
    await overlay.evaluate((el) => ((el as unknown as { style: { visibility: string } }).style.visibility = 'hidden'))
    try {
      return await page.getByTestId('monitor-preview').screenshot()
    } finally {
      await overlay.evaluate((el) => ((el as unknown as { style: { visibility: string } }).style.visibility = ''))
    }
  }
  /** Waits until the picture on screen is no longer `before` (a moving picture, or another source). */
  const pictureChangesFrom = async (before: Buffer) => expect.poll(async () => (await pictureShot()).equals(before), { timeout: 15_000 }).toBe(false)
  const meter = () => page.getByTestId('audio-meter')
  const peak = async () => Number((await meter().getAttribute('data-peak')) || -Infinity)

  async function shootAll(name: string): Promise<void> {
    // The Sources card in view (below the destinations in the side column), the monitor beside it.
    const show = () =>
      page.locator('#sources-title').evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'start' }))
    layout.push(...(await shootEveryScreen(page, 'ui-preview', name, { check: (where) => goLiveInView(page, where), show })))
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    buildRenderer()
    ;[x, pulse, ingest] = await Promise.all([startXvfb('1920x1080x24'), startPulse(), startRtmpIngest()])
    // Something to see on the screen: a moving test picture in a window (SDL draws into Xvfb).
    picture = playOnScreen(x, '960x540', 10, 'onair-e2e')
    serve = await startServe({ env: { DISPLAY: x.display, PULSE_SERVER: `unix:${join(pulse.env.XDG_RUNTIME_DIR as string, 'pulse', 'native')}` } })
    browser = await launchChromium()
    page = await openAppPage(browser, SIZES[0], pageProblems)
    await page.goto(serve.url)
  })

  afterAll(async () => {
    tone?.kill('SIGTERM')
    picture?.kill('SIGTERM')
    await browser?.close()
    await serve?.stop()
    await Promise.all([x?.close(), pulse?.close(), ingest?.close()])
  })

  it('opens on the screen and system audio, shows the picture before Go Live, and warns of silence', async () => {
    await expect.poll(() => page.getByTestId('video-source').inputValue(), { timeout: 20_000 }).toBe('screen:0')
    expect(await page.getByTestId('audio-source').inputValue()).toBe('system')
    // The test signals are offered, apart, and not chosen.
    expect(await page.getByTestId('video-test-signals').getAttribute('label')).toBe('Test signals')
    expect(await page.getByTestId('audio-test-signals').locator('option').getAttribute('value')).toBe('sine')

    // The picture moves (frame after frame, on screen), 640 px wide, before any push.
    await expect.poll(framesShown, { timeout: 15_000 }).toBeGreaterThan(0)
    const first = await framesShown()
    await expect.poll(framesShown).toBeGreaterThan(first)
    await pictureChangesFrom(await pictureShot())
    expect(await page.getByTestId('monitor-preview').getAttribute('data-width')).toBe('640')
    // …and shown at that size in a 1280×800 window, not scaled down to fit the monitor.
    expect(await shownWidth()).toBeGreaterThanOrEqual(640)
    expect(await page.getByTestId('monitor-state').getAttribute('data-state')).toBe('idle')

    // Nothing plays into the sink: after 5 s the meter says so, in the Sources card and in the checklist.
    await expect.poll(() => page.getByTestId('no-signal').isVisible(), { timeout: 12_000 }).toBe(true)
    expect(await page.getByTestId('checklist-no-signal').isVisible()).toBe(true)
    await shootAll('no-signal')
    expect(ingest.callbacks).toEqual([])
  })

  it('moves the meter with a -12 dBFS tone, mutes, and keeps the choice, the picture and the mute across a reload', async () => {
    tone = playTone(pulse, 0.2512, 'e2e-tone')
    await expect.poll(peak, { timeout: 10_000 }).toBeGreaterThan(-13)
    expect(await peak()).toBeLessThan(-11)
    await expect.poll(() => page.getByTestId('no-signal').count()).toBe(0)
    await shootAll('meter')

    // Pick another picture (the test pattern) and back: the preview follows each choice.
    const before = await pictureShot()
    await page.getByTestId('video-source').selectOption('testsrc')
    await pictureChangesFrom(before)
    await page.getByTestId('video-source').selectOption('screen:0')

    await page.getByTestId('mute-toggle').click()
    await expect.poll(() => meter().getAttribute('data-muted')).toBe('true')
    // Muted, the meter still shows the source.
    expect(await peak()).toBeGreaterThan(-13)
    await shootAll('muted')

    await page.reload()
    await expect.poll(() => page.getByTestId('video-source').inputValue()).toBe('screen:0')
    expect(await page.getByTestId('audio-source').inputValue()).toBe('system')
    await expect.poll(framesShown).toBeGreaterThan(0)
    await expect.poll(peak).toBeGreaterThan(-13)
    await expect.poll(() => page.getByTestId('mute-toggle').getAttribute('aria-pressed')).toBe('true')
    await page.getByTestId('mute-toggle').click()
    await expect.poll(() => meter().getAttribute('data-muted')).toBe('false')
    expect(ingest.callbacks).toEqual([])
  })

  it('goes live with the previewed sources; a reload mid-show shows them (locked), the picture and the meter', async () => {
    const client = await WireClient.open(serve.origin, serve.token)
    const saved = await client.call('accounts:save', { provider: 'custom', fields: { serverUrl: `${ingest.base}/live`, streamKey: KEY } })
    client.close()
    expect(saved.result.ok).toBe(true)
    await page.reload()
    await page.getByTestId('picker-custom').click()
    await page.getByTestId('go-live').click()
    await expect.poll(() => page.getByTestId('state').getAttribute('data-state'), { timeout: 30_000 }).toBe('live')
    const publish = await ingest.waitForPublish(KEY, 15_000)
    expect(publish.name).toBe(KEY)

    await page.reload()
    await expect.poll(() => page.getByTestId('state').getAttribute('data-state')).toBe('live')
    expect(await page.getByTestId('video-source').inputValue()).toBe('screen:0')
    expect(await page.getByTestId('audio-source').inputValue()).toBe('system')
    expect(await page.getByTestId('video-source').isDisabled()).toBe(true)
    await expect.poll(framesShown).toBeGreaterThan(0)
    await pictureChangesFrom(await pictureShot())
    await expect.poll(peak).toBeGreaterThan(-13)
    await shootAll('live')

    await page.getByTestId('stop').click()
    await expect.poll(() => page.getByTestId('state').getAttribute('data-state'), { timeout: 20_000 }).toBe('ended')
    await ingest.waitForPublishDone(KEY, 10_000)
  })

  it('leaves no preview ffmpeg behind once the page is gone, and nothing looked broken', async () => {
    await page.context().close()
    // The capture of this display (x11grab reads ":N.0"): running until the page went, stopped within the grace after.
    const captures = () => processesWith(`${x.display}.0`).length
    expect(captures()).toBeGreaterThan(0)
    await expect.poll(captures, { timeout: 15_000 }).toBe(0)
    expect(layout).toEqual([])
    expect(pageProblems).toEqual([])
  })
})
