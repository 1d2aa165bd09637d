import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, openAppPage } from '../fixtures/browser'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { layoutProblems, tabThroughControls, SCREEN_LANGUAGES as LANGUAGES, SCREEN_SIZES as SIZES } from '../fixtures/ui-layout'
import { buildRenderer } from '../fixtures/renderer-build'
import { run } from '../fixtures/run'
import { S3_TEST_KEYS, startS3Store, type S3TestStore } from '../emulators/s3/s3-store'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')
const HOUR = 3600_000

/**
 * Issue 11 items 2, 3 and 7 (the library part), end to end in Chromium through `onair serve`: a data dir as a streamer's
 * would be after a few shows, one of them cut by a crash (its encoder SIGKILLed mid-show: no duration, no index). Serve repairs it at start; the Recordings place lists every recording with its state, length
 * and size, reveals where a file is, and deletes one after asking. Photographed in en/ko/vi at 1280×800 and 800×600.
 */
describe('UI: the recordings library through onair serve', () => {
  let serve: ServeProcess
  let browser: Browser
  let page: Page
  let dataDir: string
  let owner: ChildProcess
  let store: S3TestStore
  const problems: string[] = []
  const files: Record<string, string> = {}
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `ui-recordings-${name}.png`) })
  const card = (id: string) => page.locator(`[data-testid="recording"][data-id="${id}"]`)

  function entry(id: string, fields: Record<string, unknown>) {
    mkdirSync(join(dataDir, 'recordings-library'), { recursive: true })
    writeFileSync(
      join(dataDir, 'recordings-library', `${id}.json`),
      JSON.stringify({ version: 1, id, sessionId: null, kind: 'live', destinations: [], ...fields })
    )
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    buildRenderer()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-ui-recordings-'))
    const folder = join(dataDir, 'recordings')
    mkdirSync(folder, { recursive: true })
    const now = Date.now()
    // The crash: an encoder writing the show's Matroska file in real time, killed 3 s in (SIGKILL, as a power cut
    // leaves it): no duration, no cues, the last cluster cut short.
    files.crashed = join(folder, '2026-11-30_09-00-00-아침-라이브.mkv')
    const encoder = spawn('ffmpeg', [
      '-nostdin',
      '-hide_banner',
      '-v',
      'error',
      '-re',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=640x360:rate=30',
      '-f',
      'lavfi',
      '-i',
      'sine',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-c:a',
      'aac',
      // Packets on disk as they come, as the app's tee muxer writes them (a plain file output holds them back).
      '-flush_packets',
      '1',
      '-cluster_time_limit',
      '1000',
      '-f',
      'matroska',
      files.crashed
    ])
    await new Promise((r) => setTimeout(r, 3000))
    encoder.kill('SIGKILL')
    await new Promise((r) => encoder.once('close', r))
    entry('00000000-0000-4000-8000-00000000c4a5', {
      path: files.crashed,
      destinations: ['NAVER · 아침 라이브', 'Custom RTMP · 127.0.0.1/live'],
      startedAt: now - 2 * HOUR,
      state: 'recording',
      ownerPid: 2 ** 22 + 11
    })
    // A show still being written by another process (here a stand-in that stays alive): in use.
    owner = spawn('sleep', ['600'], { stdio: 'ignore' })
    files.now = join(folder, '2026-11-30_11-00-00-Kênh-tin-tức.mkv')
    writeFileSync(files.now, Buffer.alloc(3_400_000))
    entry('00000000-0000-4000-8000-0000000000a1', {
      path: files.now,
      destinations: ['Sigma · Kênh tin tức 🎮'],
      startedAt: now - 10 * 60_000,
      state: 'recording',
      ownerPid: owner.pid
    })
    files.complete = join(folder, '2026-11-29_20-00-00-Sigma-show.mkv')
    writeFileSync(files.complete, '')
    truncateSync(files.complete, 1_340_000_000)
    entry('00000000-0000-4000-8000-0000000000c0', {
      path: files.complete,
      destinations: ['Sigma · Evening show'],
      startedAt: now - 20 * HOUR,
      endedAt: now - 19 * HOUR,
      durationSeconds: 3725.4,
      state: 'complete'
    })
    files.cut = join(folder, '2026-11-28_18-00-00-recording.mkv')
    writeFileSync(files.cut, Buffer.alloc(2_100_000))
    entry('00000000-0000-4000-8000-0000000000d1', {
      path: files.cut,
      kind: 'record',
      startedAt: now - 40 * HOUR,
      durationSeconds: 6.1,
      state: 'interrupted',
      failure: 'disk_full'
    })
    // A finished show to upload: 60 MB, eight 8 MiB parts (two rounds of four at once).
    files.upload = join(folder, '2026-11-29_10-00-00-Kollus-lecture.mkv')
    writeFileSync(files.upload, Buffer.alloc(60_000_000, 7))
    entry('00000000-0000-4000-8000-0000000000e5', {
      path: files.upload,
      destinations: ['Kollus · 강의 1'],
      startedAt: now - 30 * HOUR,
      durationSeconds: 1800,
      state: 'complete'
    })
    store = await startS3Store({ buckets: ['shows'] })
    serve = await startServe({ env: { ONAIR_DATA_DIR: dataDir } })
    browser = await launchChromium()
    page = await openAppPage(browser, SIZES[0], problems)
    await page.goto(serve.url)
  })

  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
    await store?.stop()
    owner?.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('the show a crash cut is repaired at start and shown as such; the others with their state, length and size', async () => {
    await page.getByTestId('nav-recordings').click()
    const crashed = card('00000000-0000-4000-8000-00000000c4a5')
    await expect.poll(() => crashed.getAttribute('data-state'), { timeout: 30_000 }).toBe('repaired')
    expect(await crashed.getByTestId('recording-note').innerText()).toMatch(/closed unexpectedly.*recovered 0:0[123]/)
    expect(await crashed.getByTestId('recording-where').innerText()).toBe('NAVER · 아침 라이브 · Custom RTMP · 127.0.0.1/live')
    // The file on disk is the repaired one: a player reads its duration now.
    const probed = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', files.crashed])
    expect(parseFloat(probed.stdout)).toBeGreaterThan(1.5)

    expect(
      await page
        .getByTestId('recording')
        .evaluateAll((els) => els.map((el) => `${el.getAttribute('data-state')} ${el.querySelector('[data-testid="recording-size"]')?.textContent}`))
    ).toEqual(['recording 3.4 MB', expect.stringMatching(/^repaired \d+ kB$/), 'complete 1.3 GB', 'complete 60 MB', 'interrupted 2.1 MB'])
    const inUse = card('00000000-0000-4000-8000-0000000000a1')
    expect(await inUse.getByTestId('recording-delete').isDisabled()).toBe(true)
    expect(await card('00000000-0000-4000-8000-0000000000c0').getByTestId('recording-duration').innerText()).toBe('1:02:05')
    await shot('1-library')
  })

  it('reveal says where the file is; delete asks, then removes the file and its entry', async () => {
    const cut = card('00000000-0000-4000-8000-0000000000d1')
    await cut.getByTestId('recording-reveal').click()
    expect(await cut.getByTestId('recording-path').innerText()).toContain(files.cut)
    await cut.getByTestId('recording-delete').click()
    expect(await page.getByTestId('delete-recording-dialog').innerText()).toContain('2026-11-28_18-00-00-recording.mkv')
    await shot('2-delete-dialog')
    await page.getByTestId('confirm-ok').click()
    await expect.poll(() => cut.count()).toBe(0)
    expect(existsSync(files.cut)).toBe(false)
    expect(existsSync(files.complete)).toBe(true)
  })

  it('in English, Korean and Vietnamese at 1280×800 and 800×600: nothing wraps or spills; every control shows a focus ring', async () => {
    const layout: string[] = []
    for (const size of SIZES) {
      await page.setViewportSize(size)
      for (const lang of LANGUAGES) {
        const tag = `${lang}-${size.width}x${size.height}`
        await page.getByTestId('language').selectOption(lang)
        await page.getByTestId('recording').first().waitFor()
        await page.getByTestId('recordings').evaluate((list) => list.closest('main')?.scrollTo(0, 0))
        layout.push(...(await layoutProblems(page, `recordings ${tag}`)))
        await shot(`list-${tag}`)
        await card('00000000-0000-4000-8000-0000000000c0').getByTestId('recording-delete').click()
        layout.push(...(await layoutProblems(page, `delete dialog ${tag}`)))
        await shot(`delete-${tag}`)
        await page.getByTestId('confirm-cancel').click()
      }
    }
    await page.getByTestId('language').selectOption('en')
    expect(layout).toEqual([])
    await page.setViewportSize(SIZES[0])
    // Two walks (each ends where a name repeats, at the next card's first button): from the navigation into the page,
    // and through the buttons of a card whose every button is enabled.
    await page.getByTestId('nav-studio').focus()
    const seen = await tabThroughControls(page)
    await card('00000000-0000-4000-8000-0000000000c0').getByTestId('recording-reveal').focus()
    seen.push(...(await tabThroughControls(page)))
    expect(seen.map((c) => c.name)).toEqual(
      expect.arrayContaining(['button[nav-recordings]', 'button[recording-reveal]', 'button[recording-delete]', 'button[upload-open]'])
    )
    expect(seen.filter((c) => !c.ring).map((c) => c.name)).toEqual([])
    expect(problems).toEqual([])
  })
  it('uploads a recording to S3-compatible storage: the account added in place, progress with speed and time left, then Uploaded', async () => {
    const rec = card('00000000-0000-4000-8000-0000000000e5')
    await page.setViewportSize(SIZES[0])
    await rec.getByTestId('upload-open').click()
    // No storage account yet: its form comes first (the secret in a password field, kept in the keychain).
    await rec.getByTestId('upload-field-accessKeyId').fill(S3_TEST_KEYS.accessKeyId)
    await rec.getByTestId('upload-field-secretAccessKey').fill(S3_TEST_KEYS.secretAccessKey)
    await rec.getByTestId('upload-field-endpoint').fill(store.endpoint)
    await shot('3-upload-account')
    await rec.getByTestId('upload-save-account').click()
    await rec.getByTestId('upload-target').fill('s3://shows/lectures/')
    await shot('4-upload-destination')
    // Each part held a while at the store, so the bar can be seen (and photographed in every language) half-way.
    store.proxy.partDelayMs = 2500
    await rec.getByTestId('upload-start').click()
    await expect.poll(() => rec.getByRole('progressbar').getAttribute('aria-valuenow'), { timeout: 20_000 }).not.toBe('0')
    expect(await rec.getByTestId('upload-pace').innerText()).toMatch(/^\d+% · [\d.]+ (kB|MB)\/s · \d+:\d\d left$/)
    const layout: string[] = []
    for (const size of SIZES) {
      await page.setViewportSize(size)
      for (const lang of LANGUAGES) {
        await page.getByTestId('language').selectOption(lang)
        await rec.scrollIntoViewIfNeeded()
        layout.push(...(await layoutProblems(page, `upload ${lang}-${size.width}x${size.height}`)))
        await shot(`upload-${lang}-${size.width}x${size.height}`)
      }
    }
    await page.getByTestId('language').selectOption('en')
    await page.setViewportSize(SIZES[0])
    store.proxy.partDelayMs = 0
    await expect.poll(() => rec.getAttribute('data-state'), { timeout: 30_000 }).toBe('uploaded')
    expect(await rec.getByTestId('upload-done').innerText()).toContain('Uploaded to s3://shows/lectures/')
    expect(store.proxy.count('CompleteMultipartUpload')).toBe(1)
    expect(store.proxy.count('UploadPart')).toBe(8)
    await rec.scrollIntoViewIfNeeded()
    await shot('5-uploaded')
    expect(layout).toEqual([])
    expect(await page.content()).not.toContain(S3_TEST_KEYS.secretAccessKey)
    expect(problems).toEqual([])
  })
})
