import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, openAppPage } from '../fixtures/browser'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { buildRenderer } from '../fixtures/renderer-build'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { goLiveInView, SCREEN_SIZES as SIZES } from '../fixtures/ui-layout'
import { shootEveryScreen } from '../fixtures/ui-shots'
import { WireClient } from '../fixtures/wire-client'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')
const KEY = `e2e-dash-${randomBytes(8).toString('hex')}`

/**
 * Issue 10 items 3 and 6 end to end, in Chromium through `onair serve` (real keychain, ffmpeg, nginx-rtmp): the live
 * dashboard while the ingest is gone (bitrate sent 0, the off-air banner counting, the reconnect countdown), Retry now
 * bringing the show back as soon as the ingest is up, the graphs over the show; a reload mid-show gets the same log
 * and graphs. Photographed in English, Korean and Vietnamese at 1280×800 and 800×600.
 */
describe('UI: the live dashboard through an outage, through onair serve', () => {
  let ingest: RtmpIngest
  let serve: ServeProcess
  let browser: Browser
  let page: Page
  const pageProblems: string[] = []
  const layout: string[] = []
  const state = () => page.getByTestId('state').getAttribute('data-state')
  const sent = async () => Number(((await page.getByTestId('stat-kbps').locator('.stat-value').textContent()) ?? '').replace(/\D/g, ''))

  async function shootAll(name: string): Promise<void> {
    layout.push(...(await shootEveryScreen(page, 'ui-dashboard', name, { check: (where) => goLiveInView(page, where) })))
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    buildRenderer()
    ;[ingest, serve] = await Promise.all([startRtmpIngest(), startServe()])
    const client = await WireClient.open(serve.origin, serve.token)
    const saved = await client.call('accounts:save', { provider: 'custom', fields: { serverUrl: `${ingest.base}/live`, streamKey: KEY } })
    if (!saved.result.ok) throw new Error(saved.result.error.message)
    client.close()
    browser = await launchChromium()
    page = await openAppPage(browser, SIZES[0], pageProblems)
    await page.goto(serve.url)
  })

  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
    await ingest?.close()
  })

  it('goes live and draws the show’s graphs as it goes', async () => {
    // No destination yet: the picker is the card; the saved Custom RTMP account is one click.
    await page.getByTestId('picker-custom').click()
    await expect.poll(() => page.getByTestId('destination-chip').count()).toBe(1)
    const startedAt = Date.now()
    await page.getByTestId('go-live').click()
    await expect.poll(state, { timeout: 30_000 }).toBe('live')
    await ingest.waitForPublish(KEY, 10_000, startedAt)
    await expect.poll(sent, { timeout: 10_000 }).toBeGreaterThan(500)
    await page.getByTestId('graph-sent').waitFor()
    expect(await page.getByTestId('off-air').count()).toBe(0)
  })

  it('the ingest goes away: bitrate sent 0, the off-air banner counts, the countdown runs; Retry now tries at once and brings it back as soon as the ingest is up', async () => {
    await ingest.stopServer()
    await expect.poll(state, { timeout: 15_000 }).toBe('reconnecting')
    const banner = page.getByTestId('off-air')
    await banner.waitFor()
    await expect.poll(sent, { timeout: 10_000 }).toBe(0)
    const chip = page.getByTestId('destination-chip')
    await expect.poll(() => chip.getByTestId('chip-countdown').count(), { timeout: 10_000 }).toBe(1)
    // Counting up while off air, and saying the recording goes on.
    const seconds = async () => Number(((await banner.textContent()) ?? '').match(/(\d+) s/)?.[1] ?? -1)
    const first = await seconds()
    await expect.poll(seconds, { timeout: 5000 }).toBeGreaterThan(first)
    expect(await banner.textContent()).toContain('Recording continues')
    await shootAll('1-outage')

    // A reload mid-outage: the same state, banner, log and graphs (core's snapshot and history).
    const logLines = await page.getByTestId('log').locator('li').count()
    await page.reload()
    await page.getByTestId('off-air').waitFor()
    await expect.poll(() => page.getByTestId('log').locator('li').count()).toBeGreaterThanOrEqual(logLines)
    await page.getByTestId('graph-sent').waitFor()
    expect(await state()).toBe('reconnecting')

    // Retry now skips the wait: with the ingest still down, the attempt is made at once and the backoff starts over.
    const retryNow = page.getByTestId('destination-chip').getByTestId('retry-now')
    const lastAttempt = async () =>
      Number((await page.getByTestId('log').locator('li[data-code="pusher.reconnecting"]').last().textContent())?.match(/attempt (\d+)/)?.[1] ?? 0)
    await expect.poll(lastAttempt, { timeout: 15_000 }).toBeGreaterThan(1)
    await retryNow.click()
    await expect.poll(lastAttempt, { timeout: 5000 }).toBe(1)
    expect(await state()).toBe('reconnecting')

    // The ingest is back: Retry now, or the reachability probe (≤ 1 s) if it gets there first, brings the show back at once.
    await ingest.startServer()
    const upAt = Date.now()
    await retryNow.click({ timeout: 2000 }).catch(async (error: unknown) => {
      if ((await retryNow.count()) > 0) throw error
    })
    await expect.poll(state, { timeout: 10_000 }).toBe('live')
    const backInMs = Date.now() - upAt
    expect(backInMs).toBeLessThan(5000)
    await expect.poll(() => page.getByTestId('off-air').count()).toBe(0)
    await expect.poll(sent, { timeout: 10_000 }).toBeGreaterThan(500)
    await expect.poll(() => page.getByTestId('log').locator('li[data-code="pusher.reconnected"]').count()).toBe(1)
    await shootAll('2-back')
  })

  it('stops, and nothing on the way spilled, hid Go Live / Stop, or failed on the page', async () => {
    await page.getByTestId('stop').click()
    await expect.poll(state, { timeout: 20_000 }).toBe('ended')
    expect(layout).toEqual([])
    expect(pageProblems).toEqual([])
    expect(await page.content()).not.toContain(KEY)
  })
})
