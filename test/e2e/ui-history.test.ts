import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, openAppPage } from '../fixtures/browser'
import { CLI } from '../fixtures/cli'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { freePort, waitFor } from '../fixtures/ports'
import { buildRenderer } from '../fixtures/renderer-build'
import { run } from '../fixtures/run'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { layoutProblems, tabThroughControls, SCREEN_LANGUAGES as LANGUAGES, SCREEN_SIZES as SIZES } from '../fixtures/ui-layout'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Issue 10 item 5 in Chromium through `onair serve`: three real shows made by `onair live` (real ffmpeg, nginx-rtmp)
 * in the data dir first — one with a 4 s ingest outage, one SIGKILLed mid-show, one refused by its ingest — then the
 * History place lists them (the killed one closed as crashed by serve's start), opens the one with the outage (its
 * report, outage, graphs, log) and exports it as JSON. Photographed in en/ko/vi at 1280×800 and 800×600.
 */
describe('UI: the show history through onair serve', () => {
  let ingest: RtmpIngest
  let serve: ServeProcess
  let browser: Browser
  let page: Page
  let dataDir: string
  const problems: string[] = []
  const ids: Record<'outage' | 'killed' | 'refused', string> = { outage: '', killed: '', refused: '' }
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `ui-history-${name}.png`) })
  const card = (id: string) => page.locator(`[data-testid="session"][data-id="${id}"]`)

  /** `onair live --json` into the data dir; resolves with its session id once live (or failed) and the child. */
  async function show(args: string[], record = false) {
    const child = spawn(process.execPath, [CLI, 'live', ...args, ...(record ? [] : ['--no-record']), '--json'], {
      env: { ...process.env, ONAIR_DATA_DIR: dataDir, ONAIR_ENCODER: 'libx264' },
      stdio: ['ignore', 'pipe', 'ignore']
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    const exited = new Promise<void>((r) => child.once('close', () => r()))
    await waitFor(() => /"state":"(live|failed)"/.test(out), 30_000, 'the show to go live or fail')
    const id = (/"sessionId":"([^"]+)"/.exec(out) as RegExpExecArray)[1]
    return { child, id, exited }
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    buildRenderer()
    ingest = await startRtmpIngest()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-ui-history-'))
    // A show with a 4 s outage of its ingest, recorded, stopped cleanly.
    const outage = await show(['--to', `${ingest.base}/live/history-ui-${Date.now()}`], true)
    await sleep(2500)
    await ingest.stopServer()
    await sleep(4000)
    await ingest.startServer()
    await sleep(4000)
    outage.child.kill('SIGINT')
    await outage.exited
    ids.outage = outage.id
    // A show whose process is killed: serve's start closes it as crashed.
    const killed = await show(['--to', `${ingest.base}/live/history-kill-${Date.now()}`])
    await sleep(3000)
    killed.child.kill('SIGKILL')
    await killed.exited
    ids.killed = killed.id
    // A show whose ingest never answers.
    const refused = await show(['--to', `rtmp://127.0.0.1:${await freePort()}/live/history-refused`])
    await refused.exited
    ids.refused = refused.id
    serve = await startServe({ env: { ONAIR_DATA_DIR: dataDir } })
    browser = await launchChromium()
    page = await openAppPage(browser, SIZES[0], problems, { acceptDownloads: true })
    await page.goto(serve.url)
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
    await ingest?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('lists every show, newest first, with how it ended', async () => {
    await page.getByTestId('nav-history').click()
    await page.getByTestId('session').first().waitFor()
    expect(await page.getByTestId('session').evaluateAll((els) => els.map((el) => [el.getAttribute('data-id'), el.getAttribute('data-ending')]))).toEqual([
      [ids.refused, 'failed'],
      [ids.killed, 'crashed'],
      [ids.outage, 'clean']
    ])
    expect(await card(ids.outage).getByTestId('session-outages').innerText()).toBe('1')
    await shot('1-list')
  })

  it('opens the show with the outage: its report, the outage and how it came back, graphs and the log; exports it', async () => {
    await card(ids.outage).getByTestId('session-open').click()
    const report = page.getByTestId('session-report')
    await report.waitFor()
    expect(await page.getByTestId('outage').count()).toBe(1)
    const outage = await page.getByTestId('outage').innerText()
    expect(outage).toMatch(/off air for 0:0[4-6]/)
    expect(outage).toMatch(/came back on its own/)
    expect(await report.getByTestId('report-reconnects').innerText()).toBe('1')
    expect(await page.getByTestId('session-graphs').isVisible()).toBe(true)
    // Its recording, and what the recordings library says of it now.
    expect(await report.getByTestId('report-recording-library').getAttribute('data-state')).toBe('complete')
    expect(await page.getByTestId('session-log').locator('li[data-code="pusher.reconnected"]').count()).toBe(1)
    await shot('2-detail')
    await page.locator('main').evaluate((main) => main.scrollTo(0, 1e6))
    await shot('3-detail-bottom')
    await page.locator('main').evaluate((main) => main.scrollTo(0, 0))
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('session-export').click()])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^onair-show-\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d-${ids.outage.slice(0, 8)}\\.json$`))
    const saved = JSON.parse(readFileSync((await download.path()) as string, 'utf8')) as { report: { id: string; outages: unknown[] }; log: unknown[] }
    expect(saved.report.id).toBe(ids.outage)
    expect(saved.report.outages).toHaveLength(1)
    // The same show as the command line reads it.
    const cli = await run(process.execPath, [CLI, 'sessions', 'show', ids.outage, '--json'], { env: { ...process.env, ONAIR_DATA_DIR: dataDir } })
    expect(JSON.parse(cli.stdout.split('\n')[0])).toMatchObject({
      type: 'report',
      id: ids.outage,
      outages: [expect.objectContaining({ seconds: expect.any(Number) })]
    })
    expect(saved.log).toHaveLength(cli.stdout.trim().split('\n').length - 1)
  })

  it('in English, Korean and Vietnamese at 1280×800 and 800×600: nothing wraps or spills; every control shows a focus ring', async () => {
    const layout: string[] = []
    for (const size of SIZES) {
      await page.setViewportSize(size)
      for (const lang of LANGUAGES) {
        const tag = `${lang}-${size.width}x${size.height}`
        await page.getByTestId('language').selectOption(lang)
        await page.getByTestId('session-report').waitFor()
        await page.locator('main').evaluate((main) => main.scrollTo(0, 0))
        layout.push(...(await layoutProblems(page, `detail ${tag}`)))
        await shot(`detail-${tag}`)
        await page.getByTestId('history-back').click()
        await page.getByTestId('session').first().waitFor()
        layout.push(...(await layoutProblems(page, `list ${tag}`)))
        await shot(`list-${tag}`)
        await card(ids.killed).getByTestId('session-open').click()
        await page.getByTestId('session-report').waitFor()
        layout.push(...(await layoutProblems(page, `crashed ${tag}`)))
        await shot(`crashed-${tag}`)
        await page.getByTestId('history-back').click()
        await card(ids.outage).getByTestId('session-open').click()
      }
    }
    await page.getByTestId('language').selectOption('en')
    expect(layout).toEqual([])
    await page.setViewportSize(SIZES[0])
    const seen = await tabThroughControls(page)
    expect(seen.map((c) => c.name)).toEqual(expect.arrayContaining(['button[nav-history]', 'button[history-back]', 'button[session-export]']))
    expect(seen.filter((c) => !c.ring).map((c) => c.name)).toEqual([])
    expect(problems).toEqual([])
  })
})
