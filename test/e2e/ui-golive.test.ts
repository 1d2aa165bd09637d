import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { launchChromium, openAppPage } from '../fixtures/browser'
import { buildRenderer } from '../fixtures/renderer-build'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { startServe, type ServeProcess } from '../fixtures/serve'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')
const GOOD_KEY = `e2e-good-${randomBytes(8).toString('hex')}`
const BAD_KEY = `e2e-rejected-${randomBytes(8).toString('hex')}`

/**
 * Issue 2 item 7 end to end: a streamer in Chromium, through `onair serve` (real keychain, real ffmpeg), goes live to a
 * real nginx-rtmp with a Custom RTMP destination, sees Live with a running clock, stops; a rejected key gets its own error.
 */
describe('UI: go live from the browser through onair serve', () => {
  let ingest: RtmpIngest
  let serve: ServeProcess
  let browser: Browser
  let page: Page
  const pageProblems: string[] = []

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    // Always build: a stale out/renderer would test yesterday's UI (the build takes 1–2 s).
    buildRenderer()
    ;[ingest, serve] = await Promise.all([startRtmpIngest(), startServe()])
    ingest.rejectKeys.add(BAD_KEY)
    browser = await launchChromium()
    page = await openAppPage(browser, { width: 1280, height: 800 }, pageProblems)
    await page.goto(serve.url)
  })

  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
    await ingest?.close()
  })

  async function expectKeysHidden(): Promise<void> {
    const html = await page.content()
    const text = await page.locator('body').innerText()
    for (const key of [GOOD_KEY, BAD_KEY]) {
      expect(html).not.toContain(key)
      expect(text).not.toContain(key)
    }
  }

  it('saves a Custom RTMP destination, goes live, shows the running clock and stats, and stops', async () => {
    await expect.poll(() => page.getByTestId('state').getAttribute('data-state')).toBe('idle')
    // The token left the address bar once the page had it.
    expect(page.url()).not.toContain('token')
    await page.getByTestId('server-url').fill(`${ingest.base}/live`)
    await page.getByTestId('stream-key').fill(GOOD_KEY)
    await page.screenshot({ path: join(ARTIFACTS, 'ui-1-setup.png') })
    await page.getByTestId('save-destination').click()

    // From now on the key is shown masked (from accounts:list's display), never in full.
    await expect.poll(() => page.getByTestId('saved-key').textContent()).toBe(`••••••••${GOOD_KEY.slice(-4)}`)
    expect(await page.getByTestId('saved-server').textContent()).toBe(`${ingest.base}/live`)
    await expectKeysHidden()

    const startedAt = Date.now()
    await page.getByTestId('go-live').click()
    await expect.poll(() => page.getByTestId('state').getAttribute('data-state'), { timeout: 30_000 }).toBe('live')
    const publish = await ingest.waitForPublish(GOOD_KEY, 15_000, startedAt)
    expect(publish.app).toBe('live')

    // The clock runs from the snapshot's liveSince, and stats arrive from the encoder.
    const first = await page.getByTestId('elapsed').textContent()
    await expect.poll(() => page.getByTestId('elapsed').textContent(), { timeout: 5000 }).not.toBe(first)
    const statValue = async (id: string) => ((await page.getByTestId(id).locator('.stat-value').textContent()) ?? '').replace(/[^\d.,]+$/, '')
    await expect.poll(async () => Number(await statValue('stat-fps')), { timeout: 15_000 }).toBeGreaterThan(0)
    await expect.poll(() => statValue('stat-kbps'), { timeout: 15_000 }).toMatch(/^[\d,]+$/)
    await expect.poll(() => page.getByTestId('log').locator('li[data-code="live.started"]').count()).toBe(1)
    await page.waitForTimeout(2200)
    expect(await page.getByTestId('elapsed').textContent()).toMatch(/^00:00:0[2-9]$/)
    await expectKeysHidden()
    const liveShot = join(ARTIFACTS, 'ui-2-live.png')
    await page.screenshot({ path: liveShot })
    // The README's picture: written when missing or asked for, so ordinary runs leave the checkout clean.
    const readmeShot = join(ROOT, 'docs', 'screenshot.png')
    if (!existsSync(readmeShot) || process.env.ONAIR_UPDATE_SCREENSHOT === '1') {
      mkdirSync(join(ROOT, 'docs'), { recursive: true })
      copyFileSync(liveShot, readmeShot)
    }

    await page.getByTestId('stop').click()
    await expect.poll(() => page.getByTestId('state').getAttribute('data-state'), { timeout: 20_000 }).toBe('ended')
    await ingest.waitForPublishDone(GOOD_KEY, 10_000, startedAt)
    await expect(page.getByTestId('go-live').isEnabled()).resolves.toBe(true)
    await page.screenshot({ path: join(ARTIFACTS, 'ui-3-ended.png') })
    await expectKeysHidden()
  })

  it('shows the specific error beside the stream key when the ingest rejects it', async () => {
    await page.getByTestId('change-destination').click()
    await page.getByTestId('stream-key').fill(BAD_KEY)
    await page.getByTestId('save-destination').click()
    await expect.poll(() => page.getByTestId('saved-key').textContent()).toBe(`••••••••${BAD_KEY.slice(-4)}`)

    const startedAt = Date.now()
    await page.getByTestId('go-live').click()
    await expect.poll(() => page.getByTestId('state').getAttribute('data-state'), { timeout: 30_000 }).toBe('failed')
    expect(ingest.callbacks.some((c) => c.call === 'publish' && c.name === BAD_KEY && c.time >= startedAt)).toBe(true)
    const fieldError = page.getByTestId('error-streamKey')
    await expect.poll(() => fieldError.getAttribute('data-code')).toBe('ingest_rejected_key')
    expect(await fieldError.innerText()).toMatch(/refused the stream key/i)
    await page.screenshot({ path: join(ARTIFACTS, 'ui-4-rejected-key.png') })
    await expectKeysHidden()
  })

  it('switches language and shows the error in Korean and Vietnamese', async () => {
    await page.getByTestId('language').selectOption('ko')
    await expect.poll(() => page.getByTestId('error-streamKey').innerText()).toContain('스트림 키를 거부')
    expect(await page.getByTestId('go-live').innerText()).toBe('방송 시작')
    await page.screenshot({ path: join(ARTIFACTS, 'ui-5-korean.png') })
    await page.getByTestId('language').selectOption('vi')
    await expect.poll(() => page.getByTestId('go-live').innerText()).toBe('Phát trực tiếp')
    // The choice is remembered across reloads.
    await page.reload()
    await expect.poll(() => page.getByTestId('go-live').innerText()).toBe('Phát trực tiếp')
    await page.getByTestId('language').selectOption('en')
  })

  it('refuses a WebSocket without the token, with a wrong token, or from another origin', async () => {
    const port = new URL(serve.origin).port
    const attempt = (path: string, origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, origin ? { origin } : {})
        ws.on('open', () => {
          ws.close()
          resolve(101)
        })
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.on('error', () => resolve(-1))
      })
    expect(await attempt('/ws', serve.origin)).toBe(401)
    expect(await attempt(`/ws?token=${'x'.repeat(serve.token.length)}`, serve.origin)).toBe(401)
    expect(await attempt(`/ws?token=${serve.token}`, 'http://evil.example')).toBe(403)
    expect(await attempt(`/ws?token=${serve.token}`)).toBe(403)
    expect(await attempt(`/ws?token=${serve.token}`, serve.origin)).toBe(101)
  })

  it('ends a running show cleanly when serve gets SIGTERM: publish done, no ffmpeg left, exit 0', async () => {
    await page.getByTestId('change-destination').click()
    await page.getByTestId('stream-key').fill(GOOD_KEY)
    await page.getByTestId('save-destination').click()
    await expect.poll(() => page.getByTestId('saved-key').textContent()).toBe(`••••••••${GOOD_KEY.slice(-4)}`)
    const startedAt = Date.now()
    await page.getByTestId('go-live').click()
    await expect.poll(() => page.getByTestId('state').getAttribute('data-state'), { timeout: 30_000 }).toBe('live')
    expect(groupMembers(serve.pid).some((p) => p.comm === 'ffmpeg')).toBe(true)

    const code = await serve.stop()
    expect(code, `serve's stderr:\n${serve.stderr()}`).toBe(0)
    await ingest.waitForPublishDone(GOOD_KEY, 10_000, startedAt)
    expect(serve.stderr()).toContain('Stopped.')
    // serve and its ffmpeg are gone (the session bus it ran in is the fixture's to clean up).
    expect(groupMembers(serve.pid).filter((p) => p.comm === 'ffmpeg' || p.comm === 'node')).toEqual([])
  })

  it("kept the stream key out of serve's output and the page had no errors", () => {
    for (const key of [GOOD_KEY, BAD_KEY]) {
      expect(serve.stdout()).not.toContain(key)
      expect(serve.stderr()).not.toContain(key)
    }
    // Only the expected failure (the rejected key) may reach the console; CSP violations would show up here.
    expect(pageProblems.filter((p) => !/status of 40\d|WebSocket/.test(p))).toEqual([])
  })
})

/** Processes still running in a process group (zombies left to a non-reaping init do not count). */
function groupMembers(pgid: number): Array<{ pid: number; comm: string }> {
  const out: Array<{ pid: number; comm: string }> = []
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(pgrp) === pgid && state !== 'Z') out.push({ pid: Number(entry), comm })
  }
  return out
}
