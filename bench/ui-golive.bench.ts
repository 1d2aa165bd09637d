/**
 * The app's Go Live (issue 8 item 9), measured in Debian Chromium through `onair serve` (real keychain, real ffmpeg,
 * the NAVER emulator, real nginx-rtmp). Prints progress on stderr and, as its last stdout line, one JSON object:
 *   ui_golive_median_s       click on Go Live → the app shows Live, one NAVER channel, median of 5          [≤ 1.5]
 *   ui_golive_two_median_s   the same with two destinations: the NAVER channel + a Custom RTMP server         [≤ 1.5]
 *   ..._samples_s            every sample, in order
 * Measured in the page: the click and the first frame after the state pill reads Live, so the browser driver's own
 * round trips are not counted. Each show is stopped (NAVER turns the channel off) before the next, so every Go Live
 * includes NAVER's `on`, as a streamer's next show would.
 * Run: npm run bench   (BENCH_ONLY=ui runs this alone; BENCH_RUNS=N changes the 5)
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { NaverEmulator } from '../test/emulators/naver/naver-emulator'
import { launchChromium } from '../test/fixtures/browser'
import { startEmulatorIngest } from '../test/fixtures/emulator-ingest'
import type { RtmpIngest } from '../test/fixtures/nginx-rtmp'
import { startServe } from '../test/fixtures/serve'
import { WireClient } from '../test/fixtures/wire-client'
import { median, round, sleep } from './bench-stats'

const ROOT = join(new URL('..', import.meta.url).pathname)
const ONLY = process.env.BENCH_ONLY?.split(',')
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const CUSTOM_KEY = `bench-${randomBytes(6).toString('hex')}`
const log = (...a: unknown[]) => console.error('[bench ui]', ...a)

/**
 * Clicks Go Live in the page and resolves with the ms until the frame that shows Live (rejects on failed). Sent as
 * source text: tsx would wrap named functions in a helper the page does not have.
 */
const CLICK_TO_LIVE = `new Promise((resolve, reject) => {
  const shown = () => document.querySelector('[data-testid="state"]')?.getAttribute('data-state')
  const startedAt = performance.now()
  const observer = new MutationObserver(() => {
    const state = shown()
    if (state === 'failed') {
      observer.disconnect()
      reject(new Error('the show failed'))
    } else if (state === 'live') {
      observer.disconnect()
      // Live is shown once the browser paints the frame with it.
      requestAnimationFrame(() => resolve(performance.now() - startedAt))
    }
  })
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] })
  const button = document.querySelector('[data-testid="go-live"]')
  if (!button) return reject(new Error('no Go Live button'))
  button.click()
  setTimeout(() => reject(new Error('no Live within 30 s')), 30000)
})`

function clickToLive(page: Page): Promise<number> {
  return page.evaluate(CLICK_TO_LIVE) as Promise<number>
}

async function series(page: Page, ingest: RtmpIngest, keys: string[], name: string): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const before = Date.now()
    const ms = await clickToLive(page)
    // Every destination really has the push (not just the app saying so).
    for (const key of keys) await ingest.waitForPublish(key, 10_000, before)
    samples.push(round(ms / 1000))
    log(`${name} ${i + 1}/${RUNS}: ${(ms / 1000).toFixed(3)} s`)
    await sleep(1000)
    await page.getByTestId('stop').click()
    await page.locator('[data-testid="state"][data-state="ended"]').waitFor({ timeout: 20_000 })
    for (const key of keys) await ingest.waitForPublishDone(key, 10_000, before)
    await sleep(500)
  }
  return samples
}

async function main(): Promise<void> {
  if (ONLY && !ONLY.includes('ui')) {
    console.log('{}')
    return
  }
  // Always build: a stale bundle would measure yesterday's app.
  for (const [cmd, args] of [
    [join(ROOT, 'node_modules/.bin/electron-vite'), ['build']],
    [process.execPath, [join(ROOT, 'scripts/build-cli.mjs')]]
  ] as const) {
    const build = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
    if (build.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${build.stderr}`)
  }
  const naver = new NaverEmulator()
  const [serve] = await Promise.all([startServe(), naver.start()])
  const ingest = await startEmulatorIngest({ naver }, { apps: ['live'] })
  const browser = await launchChromium()
  const result: Record<string, unknown> = {}
  try {
    // The account and channel exist (the e2e tests add them by hand); saved as the app saves them.
    const wire = await WireClient.open(serve.origin, serve.token)
    const call = async (command: string, request: unknown) => {
      const answer = await wire.call(command, request)
      if (!answer.result.ok) throw new Error(`${command}: ${answer.result.error.code} ${answer.result.error.message}`)
      return answer.result.value as { id: string }
    }
    await call('accounts:save', { provider: 'naver', fields: { accessKey: naver.accessKey, secretKey: naver.secretKey, apiBase: naver.url } })
    const channelId = (await call('channels:create', { provider: 'naver', name: '벤치_방송', options: { qualitySetId: 1, profileId: 7 } })).id
    await call('accounts:save', { provider: 'custom', fields: { serverUrl: `${ingest.base}/live`, streamKey: CUSTOM_KEY } })
    wire.close()
    const naverKey = naver.channels.get(channelId)!.streamKey

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
    page.setDefaultTimeout(20_000)
    await page.goto(serve.url)
    await page.locator(`[data-testid="picker-account"][data-provider="naver"]`).click()
    await page.locator(`[data-testid="picker-channel"][data-channel="${channelId}"]`).click()
    await page.getByTestId('destination-chip').waitFor()
    log(`load ${loadavg()[0].toFixed(2)}; one destination (NAVER through its emulator), ${RUNS} runs`)
    const one = await series(page, ingest, [naverKey], 'one')

    await page.getByTestId('add-destination').click()
    await page.getByTestId('picker-custom').click()
    await page.locator('[data-testid="destination-chip"][data-provider="custom"]').waitFor()
    log(`two destinations (NAVER + Custom RTMP), ${RUNS} runs`)
    const two = await series(page, ingest, [naverKey, CUSTOM_KEY], 'two')

    Object.assign(result, {
      ui_golive_median_s: round(median(one)),
      ui_golive_two_median_s: round(median(two)),
      ui_golive_samples_s: one,
      ui_golive_two_samples_s: two,
      ui_golive_provider: 'naver',
      ui_load_average_at_end: loadavg().map((l) => round(l, 2))
    })
  } finally {
    await browser.close()
    await serve.stop()
    await Promise.all([ingest.close(), naver.close()])
  }
  console.log(JSON.stringify(result))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
