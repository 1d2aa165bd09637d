import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, openAppPage } from '../fixtures/browser'
import { buildRenderer } from '../fixtures/renderer-build'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { layoutProblems, tabThroughControls, SCREEN_LANGUAGES as LANGUAGES, SCREEN_SIZES as SIZES } from '../fixtures/ui-layout'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')

/**
 * Issue 9 items 1 and 5 in Chromium through `onair serve`: the settings live in main (settings.json in the data dir),
 * not in the page. A damaged file is set aside and said once; the Studio's preset and the Settings place's choices are
 * in the file at once and still there after a reload; the language chosen in Settings is the one a new window opens
 * in. Photographed in en/ko/vi at 1280×800 and 800×600 with the layout checks.
 */
describe('UI: settings through onair serve', () => {
  let serve: ServeProcess
  let browser: Browser
  let page: Page
  const problems: string[] = []
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `ui-settings-${name}.png`) })
  const onDisk = () => JSON.parse(readFileSync(join(serve.dataDir, 'settings.json'), 'utf8'))
  const open = async (place: string) => {
    await page.getByTestId(`nav-${place}`).click()
    await page.locator('#page-title').waitFor()
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    buildRenderer()
    serve = await startServe({ keychain: false })
    // What a crash mid-write on an older Onair (or a hand edit) could leave.
    writeFileSync(join(serve.dataDir, 'settings.json'), '{"version": 1, "output": {"preset": "1080p30", "wid')
    browser = await launchChromium()
    page = await openAppPage(browser, SIZES[0], problems)
  })
  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
  })

  it('says that the damaged settings file was set aside, and where: under the top bar, then in Settings', async () => {
    await page.goto(serve.url)
    const notice = page.getByTestId('settings-recovered-notice')
    await expect.poll(() => notice.textContent()).toContain('The settings file could not be read, so the defaults are in use.')
    await page.setViewportSize(SIZES[1])
    expect(await layoutProblems(page, 'studio with the notice 800x600')).toEqual([])
    await shot('notice-800x600')
    await page.setViewportSize(SIZES[0])
    await page.getByTestId('settings-recovered-open').click()
    await page.locator('#page-title').waitFor()
    expect(await notice.count()).toBe(0)
    const banner = page.getByTestId('settings-recovered')
    await expect.poll(() => banner.textContent()).toContain('The settings file could not be read, so the defaults are in use.')
    const kept = readdirSync(serve.dataDir).filter((f) => f.startsWith('settings.json.corrupt-'))
    expect(kept).toHaveLength(1)
    expect(await banner.textContent()).toContain(join(serve.dataDir, kept[0]))
    expect(await page.getByTestId('output-preset').inputValue()).toBe('720p30')
    await shot('recovered')
  })

  it('keeps the Studio’s preset in main: in the file at once, and after a reload', async () => {
    await open('studio')
    await page.getByTestId('output-preset').selectOption('1080p30')
    await expect.poll(() => onDisk().output).toMatchObject({ preset: '1080p30', width: 1920, height: 1080, fps: 30, videoKbps: 6000 })
    await expect.poll(() => page.getByTestId('output-summary').textContent()).toContain('1920×1080, 30 fps, 6000 kbps')
    await page.reload()
    await expect.poll(() => page.getByTestId('output-preset').inputValue()).toBe('1080p30')
  })

  it('saves the Settings place’s choices, refuses a relative folder beside it, and opens a new window in the chosen language', async () => {
    await open('settings')
    await page.getByTestId('settings-recording-folder').fill('recordings')
    await page.getByTestId('settings-recording-folder-save').click()
    await page.getByTestId('settings-recording-folder-problem').waitFor()
    const folder = join(serve.dataDir, 'my-shows')
    await page.getByTestId('settings-recording-folder').fill(folder)
    await page.getByTestId('settings-recording-folder').press('Enter')
    await page.getByTestId('settings-recording-folder-saved').waitFor()
    await page.getByTestId('settings-reconnect-window').fill('45')
    await page.getByTestId('settings-reconnect-window-save').click()
    await page.getByTestId('settings-reconnect-window-saved').waitFor()
    // The switch shows main's answer (checked once saved), as a streamer sees it flip.
    await page.locator('label', { has: page.getByTestId('settings-auto-handoff') }).click()
    await expect.poll(() => page.getByTestId('settings-auto-handoff').isChecked()).toBe(true)
    await page.getByTestId('output-preset').selectOption('custom')
    await page.getByTestId('output-fps').fill('25')
    await page.getByTestId('output-fps').press('Enter')
    await expect.poll(onDisk).toMatchObject({
      recording: { enabled: true, folder },
      network: { reconnectWindowMinutes: 45 },
      handoff: { auto: true },
      output: { preset: 'custom', fps: 25 }
    })
    await shot('choices')

    await page.getByTestId('settings-language').selectOption('ko')
    await expect.poll(() => page.locator('#page-title').textContent()).toBe('설정')
    await expect.poll(() => onDisk().language).toBe('ko')
    // Another browser, English by its own locale, opens in the language chosen in Settings.
    const other = await openAppPage(browser, SIZES[1], problems)
    await other.goto(serve.url)
    await expect.poll(() => other.getByTestId('nav-settings').textContent()).toBe('설정')
    await other.context().close()
    await page.getByTestId('settings-language').selectOption('auto')
    await expect.poll(() => page.locator('#page-title').textContent()).toBe('Settings')
  })

  it('every screen in en/ko/vi at 1280×800 and 800×600: nothing cut, wrapped or spilling, every control with a focus ring', async () => {
    const layout: string[] = []
    for (const size of SIZES) {
      await page.setViewportSize(size)
      for (const lang of LANGUAGES) {
        await page.getByTestId('language').selectOption(lang)
        const tag = `${lang}-${size.width}x${size.height}`
        await open('settings')
        layout.push(...(await layoutProblems(page, `settings ${tag}`)))
        await shot(`place-${tag}`)
        // The rest of the place, scrolled inside the page (the window itself never scrolls).
        await page.locator('.page').evaluate((el: { scrollTo(x: number, y: number): void; scrollHeight: number }) => el.scrollTo(0, el.scrollHeight))
        layout.push(...(await layoutProblems(page, `settings (end) ${tag}`)))
        await shot(`place-end-${tag}`)
        await open('studio')
        layout.push(...(await layoutProblems(page, `studio ${tag}`)))
        await page.getByTestId('output-card').screenshot({ path: join(ARTIFACTS, `ui-settings-output-card-${tag}.png`) })
      }
    }
    expect(layout).toEqual([])
    await page.getByTestId('language').selectOption('en')
    await page.setViewportSize(SIZES[0])
    await open('settings')
    const seen = await tabThroughControls(page)
    expect(seen.filter((c) => !c.ring)).toEqual([])
    expect(seen.map((c) => c.name)).toEqual(expect.arrayContaining(['select[output-preset]', 'input[settings-recording]', 'select[settings-language]']))
    expect(problems).toEqual([])
  })
})
