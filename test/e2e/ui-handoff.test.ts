import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, openAppPage } from '../fixtures/browser'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { buildRenderer } from '../fixtures/renderer-build'
import { run } from '../fixtures/run'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { layoutProblems, SCREEN_SIZES as SIZES } from '../fixtures/ui-layout'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')
const KEY = `e2e-handoff-${randomBytes(8).toString('hex')}`
const ID = '00000000-0000-4000-8000-0000000000f7'

async function durationOf(file: string): Promise<number> {
  const r = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])
  return parseFloat(r.stdout)
}

/**
 * Issue 11 items 4 and 7 in Chromium through onair serve: a show's recording waiting for a handoff (as an offline show
 * leaves it) is streamed to the Studio's channel from Recordings: the channel picked, a bar with position / length while
 * it goes out (photographed in en/ko/vi at 1280×800 and 800×600), the ingest gets the whole file, the card turns Handed off.
 */
describe('UI: a recording streamed to a channel from Recordings', () => {
  let ingest: RtmpIngest
  let serve: ServeProcess
  let browser: Browser
  let page: Page
  let dataDir: string
  let seconds: number
  const problems: string[] = []

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    buildRenderer()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-ui-handoff-'))
    const file = join(dataDir, 'recordings', '2026-11-30_09-00-00-Custom-RTMP.mkv')
    mkdirSync(join(dataDir, 'recordings'), { recursive: true })
    const made = await run('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '12'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', '-ac', '2', file]
    ])
    expect(made.code, made.stderr).toBe(0)
    seconds = await durationOf(file)
    mkdirSync(join(dataDir, 'recordings-library'))
    writeFileSync(
      join(dataDir, 'recordings-library', `${ID}.json`),
      JSON.stringify({
        version: 1,
        id: ID,
        path: file,
        sessionId: null,
        kind: 'live',
        destinations: ['Custom RTMP'],
        startedAt: Date.now() - 3600_000,
        endedAt: Date.now() - 3588_000,
        durationSeconds: seconds,
        state: 'pending_handoff'
      })
    )
    ;[ingest, serve] = await Promise.all([startRtmpIngest(), startServe({ env: { ONAIR_DATA_DIR: dataDir } })])
    browser = await launchChromium()
    page = await openAppPage(browser, SIZES[0], problems)
    await page.goto(serve.url)
  })

  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
    await ingest?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('picks the channel, shows how far it got while it goes out, and ends Handed off with the whole file at the ingest', async () => {
    // The channel, as a streamer has it in the Studio.
    await page.getByTestId('server-url').fill(`${ingest.base}/live`)
    await page.getByTestId('stream-key').fill(KEY)
    await page.getByTestId('save-destination').click()
    await expect.poll(() => page.getByTestId('saved-key').textContent()).toBe(`••••••••${KEY.slice(-4)}`)

    await page.getByTestId('nav-recordings').click()
    const card = page.locator(`[data-testid="recording"][data-id="${ID}"]`)
    await card.getByTestId('stream-open').click()
    // The Studio's destination is the one offered (by its name, never its key).
    const options = await card.getByTestId('stream-channel').locator('option').allInnerTexts()
    expect(options).toHaveLength(1)
    expect(options[0]).not.toContain(KEY)
    await page.screenshot({ path: join(ARTIFACTS, 'ui-handoff-form-en-1280x800.png') })
    await card.getByTestId('stream-start').click()
    await ingest.waitForPublish(KEY, 15_000)
    const position = card.getByTestId('stream-position')
    await expect.poll(() => position.innerText(), { timeout: 10_000 }).toMatch(/^0:0[1-9] of 0:1\d$/)

    const layout: string[] = []
    for (const size of SIZES) {
      await page.setViewportSize(size)
      for (const lang of ['en', 'ko', 'vi'] as const) {
        await page.getByTestId('language').selectOption(lang)
        await card.scrollIntoViewIfNeeded()
        layout.push(...(await layoutProblems(page, `handoff ${lang}-${size.width}x${size.height}`)))
        await page.screenshot({ path: join(ARTIFACTS, `ui-handoff-running-${lang}-${size.width}x${size.height}.png`) })
      }
    }
    await page.getByTestId('language').selectOption('en')
    await page.setViewportSize(SIZES[0])
    expect(Number(await card.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThan(0)
    // The Studio shows the show, and says it is this recording going out.
    await page.getByTestId('nav-studio').click()
    expect(await page.getByTestId('handoff-note').innerText()).toMatch(
      /^Streaming the recording 2026-11-30_09-00-00-Custom-RTMP\.mkv as it was recorded: 0:\d\d of 0:12\.$/
    )
    layout.push(...(await layoutProblems(page, 'studio during the handoff')))
    await page.screenshot({ path: join(ARTIFACTS, 'ui-handoff-studio-en-1280x800.png') })
    await page.getByTestId('nav-recordings').click()
    expect(layout).toEqual([])

    await expect.poll(() => card.getAttribute('data-state'), { timeout: 20_000 }).toBe('handed_off')
    expect(await card.getByTestId('stream-done').innerText()).toContain('the whole recording went out')
    // Let go of once sent: it can be uploaded or deleted again.
    await expect.poll(() => card.getByTestId('recording-delete').isEnabled()).toBe(true)
    await page.screenshot({ path: join(ARTIFACTS, 'ui-handoff-done-en-1280x800.png') })
    await ingest.waitForPublishDone(KEY)
    const received = ingest.recordings().find((f) => f.includes(KEY)) as string
    expect(Math.abs((await durationOf(received)) - seconds)).toBeLessThanOrEqual(1)
    expect(await page.content()).not.toContain(KEY)
    expect(problems).toEqual([])
  }, 90_000)
})
