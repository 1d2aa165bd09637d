import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { launchChromium } from '../fixtures/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI } from '../fixtures/cli'
import { freePort } from '../fixtures/ports'
import { run } from '../fixtures/run'
import { startServe, type ServeProcess } from '../fixtures/serve'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')
const KEY = 'e2e-errors-0123456789abcdef'

/**
 * Issue 2 item 8, the UI half: bad input and broken setups each get their own error, localised by code, beside the
 * field it concerns. (ui-golive.test.ts covers the rejected key; it builds the renderer this file also uses.)
 */
describe('UI: specific errors for bad input and broken setups', () => {
  let browser: Browser
  const servers: ServeProcess[] = []

  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await Promise.all(servers.map((s) => s.stop()))
  })

  async function open(serve: ServeProcess): Promise<Page> {
    servers.push(serve)
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
    page.setDefaultTimeout(15_000)
    await page.goto(serve.url)
    return page
  }

  async function saveDestination(page: Page, serverUrl: string): Promise<void> {
    await page.getByTestId('server-url').fill(serverUrl)
    await page.getByTestId('stream-key').fill(KEY)
    await page.getByTestId('save-destination').click()
  }

  it('a malformed server URL is refused at save, beside the URL field; an unreachable ingest fails with its own error', async () => {
    const serve = await startServe()
    const page = await open(serve)
    await saveDestination(page, 'http://live.example.com/app')
    const urlError = page.getByTestId('error-serverUrl')
    await expect.poll(() => urlError.getAttribute('data-code')).toBe('invalid_rtmp_url')
    expect(await urlError.innerText()).toMatch(/rtmp:\/\//)
    await page.screenshot({ path: join(ARTIFACTS, 'ui-errors-1-bad-url.png') })

    // Nothing listens on this port: the ingest is unreachable. Offline mode (on by default) would go on recording and
    // wait for it (test/integration/offline-mode.test.ts); turned off, as another process may (the CLI), it fails.
    const off = await run(process.execPath, [CLI, 'settings', 'set', 'offline.enabled=false'], { env: { ...process.env, ONAIR_DATA_DIR: serve.dataDir } })
    expect(off.code, off.stderr).toBe(0)
    await saveDestination(page, `rtmp://127.0.0.1:${await freePort()}/live`)
    await expect.poll(() => page.getByTestId('saved-key').textContent()).toBe(`••••••••${KEY.slice(-4)}`)
    await page.getByTestId('go-live').click()
    await expect.poll(() => page.getByTestId('state').getAttribute('data-state'), { timeout: 40_000 }).toBe('failed')
    await expect.poll(() => page.getByTestId('live-error').getAttribute('data-code')).toBe('ingest_unreachable')
    expect(await page.getByTestId('error-serverUrl').getAttribute('data-code')).toBe('ingest_unreachable')
    await page.screenshot({ path: join(ARTIFACTS, 'ui-errors-2-unreachable.png') })
    expect(await page.content()).not.toContain(KEY)
  })

  it('no ffmpeg: Go Live fails with ffmpeg_missing and says how to install it', async () => {
    const serve = await startServe({ env: { ONAIR_FFMPEG: '/nonexistent/ffmpeg' } })
    const page = await open(serve)
    await saveDestination(page, 'rtmp://127.0.0.1:1935/live')
    await expect.poll(() => page.getByTestId('saved-key').textContent()).toBe(`••••••••${KEY.slice(-4)}`)
    await page.getByTestId('go-live').click()
    const error = page.getByTestId('live-error')
    await expect.poll(() => error.getAttribute('data-code')).toBe('ffmpeg_missing')
    expect(await error.innerText()).toMatch(/install ffmpeg/i)
    expect(await page.getByTestId('state').getAttribute('data-state')).toBe('failed')
    await page.screenshot({ path: join(ARTIFACTS, 'ui-errors-3-no-ffmpeg.png') })
  })

  it('no keychain: the destination form says so (in Vietnamese too), and nothing is saved', async () => {
    const serve = await startServe({ keychain: false })
    const page = await open(serve)
    await saveDestination(page, 'rtmp://127.0.0.1:1935/live')
    const error = page.getByTestId('error-destination')
    await expect.poll(() => error.getAttribute('data-code')).toBe('keychain_unavailable')
    await expect(page.getByTestId('saved-key').count()).resolves.toBe(0)
    await page.getByTestId('language').selectOption('vi')
    await expect.poll(() => error.innerText()).toContain('kho khóa hệ thống')
    await page.screenshot({ path: join(ARTIFACTS, 'ui-errors-4-no-keychain-vi.png') })
    expect(serve.stdout() + serve.stderr()).not.toContain(KEY)
  })
})
