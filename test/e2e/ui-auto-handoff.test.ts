import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, openAppPage } from '../fixtures/browser'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { buildRenderer } from '../fixtures/renderer-build'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { shootEveryScreen } from '../fixtures/ui-shots'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')
const KEY = `e2e-auto-${randomBytes(8).toString('hex')}`

/**
 * Issue 11 items 6 and 7 in Chromium through onair serve: the streamer turns the automatic handoff on in Settings (and
 * sees its choices), a show goes offline with the ingest down, and once the show is over and the ingest is back the
 * recording goes to it by itself: Recordings says so and the card turns Handed off.
 */
describe('UI: the automatic handoff rule', () => {
  let ingest: RtmpIngest
  let serve: ServeProcess
  let browser: Browser
  let page: Page
  const pageProblems: string[] = []
  const state = () => page.getByTestId('state').getAttribute('data-state')

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    buildRenderer()
    ;[ingest, serve] = await Promise.all([startRtmpIngest(), startServe()])
    browser = await launchChromium()
    page = await openAppPage(browser, { width: 1280, height: 800 }, pageProblems)
    await page.goto(serve.url)
  })

  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
    await ingest?.close()
  })

  async function shootAll(name: string, target: string): Promise<void> {
    expect(await shootEveryScreen(page, 'ui-auto-handoff', name, { show: () => page.getByTestId(target).scrollIntoViewIfNeeded() })).toEqual([])
  }

  it('on in Settings; an offline show; the ingest back after it: the recording is sent by itself and Recordings says so', async () => {
    await page.getByTestId('nav-settings').click()
    await page.locator('label', { has: page.getByTestId('settings-auto-handoff') }).click()
    await expect.poll(() => page.getByTestId('settings-auto-handoff-stream').isChecked()).toBe(true)
    // The upload choice with its fields, photographed, then back to streaming.
    await page.getByTestId('settings-auto-handoff-upload').click()
    await expect.poll(() => page.getByTestId('settings-auto-handoff-upload-to').count()).toBe(1)
    await shootAll('settings', 'settings-auto-handoff-fields')
    await page.getByTestId('settings-auto-handoff-stream').click()
    await expect.poll(() => page.getByTestId('settings-auto-handoff-upload-to').count()).toBe(0)

    await page.getByTestId('nav-studio').click()
    await page.getByTestId('server-url').fill(`${ingest.base}/live`)
    await page.getByTestId('stream-key').fill(KEY)
    await page.getByTestId('save-destination').click()
    await expect.poll(() => page.getByTestId('saved-key').textContent()).toBe(`••••••••${KEY.slice(-4)}`)
    await ingest.stopServer()
    await page.getByTestId('go-live').click()
    await expect.poll(state, { timeout: 30_000 }).toBe('offline')
    await page.waitForTimeout(3000)
    await page.getByTestId('stop').click()
    await expect.poll(state, { timeout: 20_000 }).toBe('ended')

    const back = Date.now()
    await ingest.startServer()
    await page.getByTestId('nav-recordings').click()
    // The rule looks every 5 s and checks a destination at most every 30 s: within 40 s at worst.
    await ingest.waitForPublish(KEY, 40_000, back)
    const line = page.getByTestId('auto-handoff-line').first()
    await expect.poll(() => line.getAttribute('data-state'), { timeout: 20_000 }).toBe('done')
    expect(await line.innerText()).toMatch(/^.+\.mkv was sent to rtmp:\/\/127\.0\.0\.1:\d+\/live by itself\.$/)
    await expect.poll(() => page.getByTestId('recording').first().getAttribute('data-state'), { timeout: 10_000 }).toBe('handed_off')
    console.log(`auto handoff (UI): the recording was sent whole and handed off ${((Date.now() - back) / 1000).toFixed(1)} s after it came back`)
    await shootAll('recordings', 'auto-handoff-lines')
    expect(await page.content()).not.toContain(KEY)
    expect(pageProblems).toEqual([])
  }, 150_000)
})
