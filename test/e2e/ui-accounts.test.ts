import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SigmaEmulator } from '../emulators/sigma/sigma-emulator'
import { launchChromium, openAppPage } from '../fixtures/browser'
import { freePort } from '../fixtures/ports'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { goLiveInView, layoutProblems, tabThroughControls, SCREEN_LANGUAGES as LANGUAGES, SCREEN_SIZES as SIZES } from '../fixtures/ui-layout'
import { buildRenderer } from '../fixtures/renderer-build'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')
const SIGMA_SECRET = `e2e-sigma-${randomBytes(8).toString('hex')}`
const RTMP_KEY = `e2e-rtmp-${randomBytes(8).toString('hex')}`
const WRONG_SECRET = `e2e-wrong-${randomBytes(8).toString('hex')}`

// The page-side checks run in Chromium; this project's Node typecheck has no DOM library, so the little used here is named.
declare const document: { activeElement: { id: string; getAttribute(name: string): string | null } | null }

/**
 * Issue 8 item 3 end to end: in Chromium through `onair serve` (real keychain), a streamer opens Accounts by keyboard,
 * adds a Custom RTMP account and a Sigma account pointed at the Sigma emulator, verifies them, edits a label without
 * retyping the secret, and removes one after confirming. Then every screen is photographed in English, Korean and
 * Vietnamese at 1280×800 and 800×600, with the checks a streamer would make by eye: no label wraps or spills out of
 * its button, every control shows a focus ring, Go Live stays in view.
 */
describe('UI: accounts for the providers, through onair serve', () => {
  const emu = new SigmaEmulator({ processingMs: 10, secret: SIGMA_SECRET })
  let serve: ServeProcess
  let browser: Browser
  let page: Page
  let deadPort: number
  const pageProblems: string[] = []
  const shot = (name: string, p: Page = page) => p.screenshot({ path: join(ARTIFACTS, `ui-accounts-${name}.png`) })
  const card = (provider: string, profile = 'default') => page.locator(`[data-testid="account"][data-provider="${provider}"][data-profile="${profile}"]`)

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    buildRenderer()
    ;[serve, deadPort] = await Promise.all([startServe(), freePort(), emu.start()]).then(([s, p]) => [s, p] as const)
    browser = await launchChromium()
    page = await openAppPage(browser, SIZES[0], pageProblems)
    await page.goto(serve.url)
  })

  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
    await emu.close()
  })

  async function expectSecretsHidden(): Promise<void> {
    const html = await page.content()
    for (const secret of [SIGMA_SECRET, RTMP_KEY, WRONG_SECRET]) expect(html).not.toContain(secret)
  }

  it('opens Accounts from the keyboard and says what to do when there is none', async () => {
    await page.getByTestId('language').waitFor()
    // Tab from the page's start reaches the navigation; Enter opens the place and focus lands on its title.
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'nav-accounts'; i++) {
      await page.keyboard.press('Tab')
    }
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('page-title')
    await page.getByTestId('accounts-empty').waitFor()
    await shot('1-empty')
  })

  it('adds a Custom RTMP account; Verify says its ingest does not answer, in the streamer’s language', async () => {
    await page.getByTestId('accounts-add').click()
    await page.getByTestId('account-provider').selectOption('custom')
    expect(await page.getByTestId('account-field-streamKey').getAttribute('type')).toBe('password')
    await page.getByTestId('account-label').fill('Studio RTMP')
    await page.getByTestId('account-field-serverUrl').fill(`rtmp://127.0.0.1:${deadPort}/live`)
    await page.getByTestId('account-field-streamKey').fill(RTMP_KEY)
    await shot('2-add-custom')
    await page.getByTestId('account-save').click()
    await expect.poll(() => card('custom').getByTestId('account-display-streamKey').textContent()).toBe(`••••••••${RTMP_KEY.slice(-4)}`)

    await card('custom').getByTestId('account-verify').click()
    await expect.poll(() => card('custom').getByTestId('account-status').getAttribute('data-status')).toBe('notConnected')
    expect(await card('custom').getByTestId('account-verify-error').getAttribute('data-code')).toBe('ingest_unreachable')
    await page.getByTestId('language').selectOption('ko')
    await expect.poll(() => card('custom').getByTestId('account-verify-error').innerText()).toContain('인제스트 서버가 응답하지 않습니다')
    expect(await card('custom').getByTestId('account-verify-error').innerText()).not.toMatch(/[A-Za-z]{4,}/)
    await page.getByTestId('language').selectOption('en')
    await expectSecretsHidden()
  })

  it('adds a Sigma account pointed at the emulator: saved after the provider accepted it, then verified', async () => {
    await page.getByTestId('accounts-add').click()
    await page.getByTestId('account-provider').selectOption('sigma')
    await page.getByTestId('account-label').fill('Sigma studio')
    await page.getByTestId('account-field-appId').fill(emu.appId)
    await page.getByTestId('account-field-username').fill(emu.username)
    await page.getByTestId('account-field-secret').fill(SIGMA_SECRET)
    await page.getByTestId('account-advanced').click()
    await page.getByTestId('account-field-apiBase').fill(emu.url)
    await shot('3-add-sigma')
    await page.getByTestId('account-save').click()
    await expect.poll(() => card('sigma').getByTestId('account-status').getAttribute('data-status')).toBe('connected')
    expect(await card('sigma').getByTestId('account-display-secret').textContent()).toBe(`••••••••${SIGMA_SECRET.slice(-4)}`)
    expect(await card('sigma').getByTestId('account-display-apiBase').textContent()).toBe(emu.url)

    const before = emu.server.requests.length
    await card('sigma').getByTestId('account-verify').click()
    await expect.poll(() => card('sigma').getByTestId('account-status').textContent()).toMatch(/Connected · checked at \d\d:\d\d:\d\d/)
    // Verify asked the provider now, with the saved credentials.
    expect(emu.server.requests.length).toBeGreaterThan(before)
    await shot('4-verified')
    await expectSecretsHidden()
  })

  it('a second Sigma profile with a wrong secret is refused with the typed reason, and nothing is saved', async () => {
    await page.getByTestId('accounts-add').click()
    await page.getByTestId('account-provider').selectOption('sigma')
    expect(await page.getByTestId('account-profile').inputValue()).toBe('profile-2')
    await page.getByTestId('account-field-appId').fill(emu.appId)
    await page.getByTestId('account-field-username').fill(emu.username)
    await page.getByTestId('account-field-secret').fill(WRONG_SECRET)
    await page.getByTestId('account-advanced').click()
    await page.getByTestId('account-field-apiBase').fill(emu.url)
    await page.getByTestId('account-save').click()
    const error = page.getByTestId('account-form').locator('[data-code]')
    await expect.poll(() => error.getAttribute('data-code')).toBe('auth')
    // Said for the app: no HTTP status, no command line.
    expect(await error.textContent()).toBe('!Sigma Livestream did not accept these credentials. Check them and try again.')
    await shot('5-wrong-secret')
    await page.getByTestId('language').selectOption('vi')
    await expect.poll(() => error.textContent()).toBe('!Sigma Livestream không chấp nhận thông tin đăng nhập này. Hãy kiểm tra rồi thử lại.')
    await page.getByTestId('language').selectOption('en')
    await page.getByTestId('account-cancel').click()
    expect(await card('sigma', 'profile-2').count()).toBe(0)
  })

  it('edits the Sigma label without retyping the secret; the saved secret still works', async () => {
    await card('sigma').getByTestId('account-edit').click()
    expect(await page.getByTestId('account-field-secret').inputValue()).toBe('')
    expect(await page.getByTestId('account-note').innerText()).toContain('Secret fields left empty keep their saved values.')
    await page.getByTestId('account-label').fill('Sigma main studio')
    await shot('6-edit')
    await page.getByTestId('account-save').click()
    await expect.poll(() => card('sigma').getByTestId('account-label-text').textContent()).toBe('Sigma main studio')
    await card('sigma').getByTestId('account-verify').click()
    await expect.poll(() => card('sigma').getByTestId('account-status').textContent()).toMatch(/^Connected · checked/)
    await expectSecretsHidden()
  })

  it('removes the Custom RTMP account after asking', async () => {
    await card('custom').getByTestId('account-remove').click()
    const dialog = page.getByTestId('remove-dialog')
    expect(await dialog.innerText()).toContain('“Studio RTMP” (Custom RTMP)')
    await shot('7-remove-dialog')
    await page.keyboard.press('Escape')
    expect(await dialog.count()).toBe(0)
    expect(await card('custom').count()).toBe(1)
    await card('custom').getByTestId('account-remove').click()
    await page.getByTestId('confirm-ok').click()
    await expect.poll(() => card('custom').count()).toBe(0)
    expect(await card('sigma').count()).toBe(1)
    await shot('8-removed')
  })

  it('every screen in English, Korean and Vietnamese at 1280×800 and 800×600: nothing wraps or spills, Go Live stays in view', async () => {
    const problems: string[] = []
    for (const size of SIZES) {
      await page.setViewportSize(size)
      for (const lang of LANGUAGES) {
        const tag = `${lang}-${size.width}x${size.height}`
        await page.getByTestId('language').selectOption(lang)
        await page.getByTestId('nav-accounts').click()
        await card('sigma').waitFor()
        problems.push(...(await layoutProblems(page, `accounts ${tag}`)))
        await shot(`list-${tag}`)

        // The add form with the Kollus OAuth method, sent empty: the problems beside their fields.
        await page.getByTestId('accounts-add').click()
        await page.getByTestId('account-provider').selectOption('kollus')
        await page.getByTestId('account-shape-1').check()
        await page.getByTestId('account-save').click()
        await page.getByTestId('account-error-clientSecret').waitFor()
        problems.push(...(await layoutProblems(page, `add form ${tag}`)))
        await shot(`add-kollus-${tag}`)
        await page.getByTestId('account-cancel').click()

        // Editing with a new API address asks for the secret again.
        await card('sigma').getByTestId('account-edit').click()
        await page.getByTestId('account-field-apiBase').fill('https://api.sigma.example')
        await page.getByTestId('account-save').click()
        await page.getByTestId('account-error-secret').waitFor()
        problems.push(...(await layoutProblems(page, `edit form ${tag}`)))
        await shot(`edit-moved-${tag}`)
        await page.getByTestId('account-cancel').click()

        await card('sigma').getByTestId('account-remove').click()
        problems.push(...(await layoutProblems(page, `remove dialog ${tag}`)))
        await shot(`remove-${tag}`)
        await page.getByTestId('confirm-cancel').click()

        await page.getByTestId('nav-studio').click()
        await page.getByTestId('go-live').waitFor()
        problems.push(...(await layoutProblems(page, `studio ${tag}`)))
        problems.push(...(await goLiveInView(page, `studio ${tag}`)))
        await shot(`studio-${tag}`)
      }
    }
    await page.getByTestId('language').selectOption('en')
    expect(problems).toEqual([])
  })

  it('shows a focus ring on every control reached with Tab, in both places', async () => {
    await page.setViewportSize(SIZES[0])
    for (const place of ['studio', 'accounts']) {
      await page.getByTestId(`nav-${place}`).click()
      if (place === 'accounts') await card('sigma').getByTestId('account-edit').click()
      const seen = await tabThroughControls(page)
      expect(seen.length, `${place}: controls reached`).toBeGreaterThan(place === 'studio' ? 6 : 10)
      expect(
        seen.filter((c) => !c.ring).map((c) => c.name),
        `${place}: controls without a focus ring`
      ).toEqual([])
      if (place === 'accounts') await page.getByTestId('account-cancel').click()
    }
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('account-edit').focus()
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Tab')
    await shot('9-focus-ring')
  })

  it("kept every secret out of serve's output and the page had no errors", async () => {
    await expectSecretsHidden()
    for (const secret of [SIGMA_SECRET, RTMP_KEY, WRONG_SECRET]) {
      expect(serve.stdout()).not.toContain(secret)
      expect(serve.stderr()).not.toContain(secret)
    }
    expect(pageProblems).toEqual([])
  })
})
