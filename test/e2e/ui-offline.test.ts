import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, openAppPage } from '../fixtures/browser'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { buildRenderer } from '../fixtures/renderer-build'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { goLiveInView } from '../fixtures/ui-layout'
import { shootEveryScreen } from '../fixtures/ui-shots'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')
const KEY = `e2e-offline-${randomBytes(8).toString('hex')}`

/**
 * Issue 11 items 1 and 7 (offline mode) in Chromium through onair serve, with offline mode as the app has it by default:
 * the ingest is down at Go Live, the Studio says the show is offline and recording and goes live by itself when the
 * ingest returns; after the show a Pending handoff note leads to Recordings, where the recording waits for a handoff.
 */
describe('UI: an offline show', () => {
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

  async function shootAll(name: string): Promise<void> {
    expect(await shootEveryScreen(page, 'ui-offline', name, { check: (where) => goLiveInView(page, where) })).toEqual([])
  }

  it('ingest down at Go Live: offline and recording, said plainly; live by itself when it returns; then pending handoff', async () => {
    await expect.poll(state).toBe('idle')
    await page.getByTestId('server-url').fill(`${ingest.base}/live`)
    await page.getByTestId('stream-key').fill(KEY)
    await page.getByTestId('save-destination').click()
    await expect.poll(() => page.getByTestId('saved-key').textContent()).toBe(`••••••••${KEY.slice(-4)}`)

    await ingest.stopServer()
    await page.getByTestId('go-live').click()
    await expect.poll(state, { timeout: 30_000 }).toBe('offline')
    const banner = page.getByTestId('off-air')
    await expect.poll(() => banner.getAttribute('data-offline')).toBe('true')
    expect(await banner.innerText()).toMatch(/Offline mode for \d+ s: recording, not on air/)
    expect(await banner.innerText()).toContain('Onair goes live by itself')
    expect(await page.getByTestId('destination-chip').getAttribute('data-state')).toBe('offline')
    await expect.poll(() => page.getByTestId('log').locator('li[data-code="live.offline"]').count()).toBe(1)
    // The figures go on offline: the encoder runs and records.
    await expect.poll(async () => (await page.getByTestId('stat-fps').innerText()).replace(/\D/g, ''), { timeout: 10_000 }).toMatch(/^[1-9]\d*$/)
    await shootAll('during')

    const back = Date.now()
    await ingest.startServer()
    await ingest.waitForPublish(KEY, 15_000, back)
    await expect.poll(state, { timeout: 10_000 }).toBe('live')
    await expect.poll(() => banner.count()).toBe(0)
    await page.waitForTimeout(1500)
    await page.getByTestId('stop').click()
    await expect.poll(state, { timeout: 20_000 }).toBe('ended')

    const note = page.getByTestId('pending-handoff')
    await expect.poll(() => note.count()).toBe(1)
    expect(await note.innerText()).toMatch(/\d+ s of this show reached no destination/)
    await shootAll('after')
    await page.getByTestId('pending-handoff-open').click()
    const card = page.getByTestId('recording').first()
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 10_000 }).toBe('pending_handoff')
    await page.screenshot({ path: join(ARTIFACTS, 'ui-offline-recordings-en-1280x800.png') })
    expect(await page.content()).not.toContain(KEY)
    expect(pageProblems).toEqual([])
  }, 120_000)
})
