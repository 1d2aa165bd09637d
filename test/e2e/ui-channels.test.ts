import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KollusEmulator } from '../emulators/kollus/kollus-emulator'
import { SigmaEmulator } from '../emulators/sigma/sigma-emulator'
import { launchChromium, openAppPage } from '../fixtures/browser'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { layoutProblems, tabThroughControls, SCREEN_LANGUAGES as LANGUAGES, SCREEN_SIZES as SIZES } from '../fixtures/ui-layout'
import { buildRenderer } from '../fixtures/renderer-build'

const ROOT = new URL('../../', import.meta.url).pathname
const ARTIFACTS = join(ROOT, 'test-artifacts')
const SIGMA_SECRET = `e2e-sigma-${randomBytes(8).toString('hex')}`
const KOLLUS_TOKEN = `e2e-pat-${randomBytes(12).toString('hex')}`
const KOLLUS_NAME = '아침 라이브 방송'
const SIGMA_NAME = 'Kênh thử nghiệm tối nay'

// The page-side code runs in Chromium; this project's Node typecheck has no DOM library, so the little used is named here.
declare const navigator: { clipboard: { readText(): Promise<string> } }
declare const document: { activeElement: { id: string } | null; querySelectorAll(selector: string): Array<{ textContent: string | null }> }

/**
 * Issue 8 item 4 end to end: in Chromium through `onair serve` (real keychain), a streamer adds a Kollus and a Sigma
 * account pointed at the emulators, opens each one's channels, creates a channel with the provider's options (Kollus
 * refuses one first, said beside the field), sees it listed with its state, copies its playback URL, and saves a Kollus
 * channel's hand-entered ingest (the key into the keychain, only its mask shown). Then the channels screens are
 * photographed in English, Korean and Vietnamese at 1280×800 and 800×600 with the layout checks of the other e2e tests.
 */
describe('UI: channels of an account, through onair serve', () => {
  const kollus = new KollusEmulator({ accessToken: KOLLUS_TOKEN })
  const sigma = new SigmaEmulator({ processingMs: 10, secret: SIGMA_SECRET })
  let serve: ServeProcess
  let browser: Browser
  let page: Page
  let ingestKey = ''
  const pageProblems: string[] = []
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `ui-channels-${name}.png`) })
  const account = (provider: string) => page.locator(`[data-testid="account"][data-provider="${provider}"]`)
  const channelNamed = (name: string): Locator =>
    page.getByTestId('channel').filter({ has: page.getByTestId('channel-name-text').getByText(name, { exact: true }) })

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    buildRenderer()
    ;[serve] = await Promise.all([startServe(), kollus.start(), sigma.start()])
    browser = await launchChromium()
    // Reading the clipboard back needs the permission; writing it (the app's Copy) is allowed on 127.0.0.1 as a user would have it.
    page = await openAppPage(browser, SIZES[0], pageProblems, { permissions: ['clipboard-read', 'clipboard-write'] })
    page.setDefaultTimeout(20_000)
    await page.goto(serve.url)
    await page.getByTestId('language').waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
    await kollus.close()
    await sigma.close()
  })

  async function expectSecretsHidden(): Promise<void> {
    const html = await page.content()
    for (const secret of [SIGMA_SECRET, KOLLUS_TOKEN, ingestKey].filter(Boolean)) expect(html).not.toContain(secret)
  }

  async function addAccount(provider: string, fields: Record<string, string>, apiBase: string): Promise<void> {
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('accounts-add').click()
    await page.getByTestId('account-provider').selectOption(provider)
    for (const [name, value] of Object.entries(fields)) await page.getByTestId(`account-field-${name}`).fill(value)
    await page.getByTestId('account-advanced').click()
    await page.getByTestId('account-field-apiBase').fill(apiBase)
    await page.getByTestId('account-save').click()
    await expect.poll(() => account(provider).getByTestId('account-status').getAttribute('data-status')).toBe('connected')
  }

  async function copiedText(button: Locator): Promise<string> {
    await button.click()
    await expect.poll(() => button.textContent()).toBe('Copied')
    return page.evaluate(() => navigator.clipboard.readText())
  }

  it('adds a Kollus account and opens its channels: none yet, and the view says so', async () => {
    await addAccount('kollus', { serviceAccountKey: kollus.serviceAccountKey, accessToken: KOLLUS_TOKEN }, kollus.url)
    await account('kollus').getByTestId('account-channels').click()
    await page.getByTestId('channels-empty').waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('page-title')
    await shot('1-kollus-empty')
  })

  it('creates a Kollus channel with options; Kollus refuses it without a customer code first, said beside that field', async () => {
    await page.getByTestId('channels-new').click()
    await page.getByTestId('channel-name').fill(KOLLUS_NAME)
    await page.getByTestId('channel-option-is_shared').selectOption('true')
    await page.getByTestId('channel-option-concurrently_viewer_limit').fill('300')
    await page.getByTestId('channel-create').click()
    const refusal = page.getByTestId('channel-error-customer_code')
    await expect.poll(() => refusal.textContent()).toBe('!Kollus Live did not accept this value. Check it and try again.')
    expect(await page.getByTestId('channel-option-customer_code').getAttribute('aria-invalid')).toBe('true')
    await shot('2-kollus-refused')

    await page.getByTestId('channel-option-customer_code').fill('onair')
    await page.getByTestId('channel-create').click()
    await page.getByTestId('channels-created').waitFor()
    const created = [...kollus.channels.values()].find((c) => c.fields.title === KOLLUS_NAME)
    expect(created?.fields).toMatchObject({ customer_code: 'onair', is_shared: '1', concurrently_viewer_limit: '300' })

    // Listed as Kollus has it, first, with the name as written, our state beside the provider's (Kollus has no word of
    // its own for a channel that never broadcast: Onair's phrase, in the UI's language).
    const card = channelNamed(KOLLUS_NAME)
    expect(await page.getByTestId('channel-name-text').first().textContent()).toBe(KOLLUS_NAME)
    expect(await card.getByTestId('channel-state').getAttribute('data-state')).toBe('idle')
    expect(await card.getByTestId('channel-state').textContent()).toBe('Ready')
    expect(await card.getByTestId('channel-raw-state').textContent()).toBe('No broadcast yet')
    expect(await card.getByTestId('channel-details').innerText()).toMatch(/Customer code\s+onair/)
    const url = `https://v-live-kr.kollus.com/${created?.key}`
    expect(await card.getByTestId('channel-playback-url').textContent()).toBe(url)
    expect(await copiedText(card.getByTestId('channel-copy'))).toBe(url)
    await shot('3-kollus-created')
  })

  it('saves the Kollus channel’s hand-entered ingest: the key into the keychain, its mask shown, still saved after a refresh', async () => {
    const card = channelNamed(KOLLUS_NAME)
    expect(await card.getByTestId('ingest-status').textContent()).toBe('Not entered yet: Go Live needs it.')
    expect(await card.getByTestId('ingest-why').textContent()).toContain('Kollus’s API does not give out a channel’s ingest')
    const created = [...kollus.channels.values()].find((c) => c.fields.title === KOLLUS_NAME)
    const fromConsole = kollus.consoleIngest(created?.key as string)
    ingestKey = fromConsole.key
    await card.getByTestId('ingest-open').click()
    expect(await card.getByTestId('ingest-stream-key').getAttribute('type')).toBe('password')
    await card.getByTestId('ingest-server-url').fill(fromConsole.server)
    await card.getByTestId('ingest-stream-key').fill(fromConsole.key)
    await shot('4-kollus-ingest-form')
    await card.getByTestId('ingest-save').click()
    await expect.poll(() => card.getByTestId('ingest-status').textContent()).toBe('Saved in your system keychain')
    expect(await card.getByTestId('ingest-server').textContent()).toBe(fromConsole.server)
    expect(await card.getByTestId('ingest-key').textContent()).toBe(`••••••••${fromConsole.key.slice(-4)}`)
    await expectSecretsHidden()

    // Main now lists the channel with an ingest saved: it read the keychain, not the page's memory.
    await page.reload()
    await page.getByTestId('nav-accounts').click()
    await account('kollus').getByTestId('account-channels').click()
    await expect.poll(() => channelNamed(KOLLUS_NAME).getByTestId('ingest-status').textContent()).toBe('Saved in your system keychain')
    await shot('5-kollus-ingest-saved')
    await page.getByTestId('channels-back').click()
  })

  it('adds a Sigma account, creates a channel with its options, sees it listed and copies its playback URL', async () => {
    await addAccount('sigma', { appId: sigma.appId, username: sigma.username, secret: SIGMA_SECRET }, sigma.url)
    await account('sigma').getByTestId('account-channels').click()
    await page.getByTestId('channels-empty').waitFor()
    await page.getByTestId('channels-new').click()
    await page.getByTestId('channel-name').fill(SIGMA_NAME)
    await page.getByTestId('channel-option-mode').selectOption('low-latency')
    // The switch as a streamer uses it: a click on its label.
    await page.locator('label', { has: page.getByTestId('channel-option-record') }).click()
    expect(await page.getByTestId('channel-option-record').isChecked()).toBe(true)
    await page.getByTestId('channel-more').click()
    await page.getByTestId('channel-option-tags').fill('thử nghiệm,tối')
    await shot('6-sigma-create')
    await page.getByTestId('channel-create').click()
    await page.getByTestId('channels-created').waitFor()
    const created = [...sigma.channels.values()].find((c) => c.data.name === SIGMA_NAME)
    expect(created?.data).toMatchObject({ mode: 'low-latency', record: true, catchup: false, type: 'transcode', stopTimeout: 30, tags: ['thử nghiệm', 'tối'] })

    const card = channelNamed(SIGMA_NAME)
    expect(await card.getByTestId('channel-state').textContent()).toBe('Ready')
    expect(await card.getByTestId('channel-raw-state').textContent()).toBe('idle')
    const url = await card.getByTestId('channel-playback-url').textContent()
    expect(url).toContain(`/manifest/${created?.id}/`)
    expect(await copiedText(card.getByTestId('channel-copy'))).toBe(url)

    // Refresh asks Sigma again and finds the same channel.
    const before = sigma.server.requests.length
    await page.getByTestId('channels-refresh').click()
    await expect.poll(() => sigma.server.requests.length).toBeGreaterThan(before)
    await expect.poll(() => page.getByTestId('channel').count()).toBe(1)
    await shot('7-sigma-listed')
    await expectSecretsHidden()
  })

  it('the channels screens in English, Korean and Vietnamese at 1280×800 and 800×600: nothing wraps, spills or scrolls the window', async () => {
    const problems: string[] = []
    for (const size of SIZES) {
      await page.setViewportSize(size)
      for (const lang of LANGUAGES) {
        const tag = `${lang}-${size.width}x${size.height}`
        await page.getByTestId('language').selectOption(lang)
        await page.getByTestId('nav-accounts').click()
        if (await page.getByTestId('channels-back').count()) await page.getByTestId('channels-back').click()
        problems.push(...(await layoutProblems(page, `accounts ${tag}`)))
        await shot(`accounts-${tag}`)

        await account('kollus').getByTestId('account-channels').click()
        await channelNamed(KOLLUS_NAME).waitFor()
        if (lang !== 'en') expect(await englishLeft(page), `kollus ${tag}`).toEqual([])
        // The ingest form open, and the create form sent empty: every problem beside its field.
        await channelNamed(KOLLUS_NAME).getByTestId('ingest-open').click()
        problems.push(...(await layoutProblems(page, `kollus channels ${tag}`)))
        await shot(`kollus-channels-${tag}`)
        await channelNamed(KOLLUS_NAME).getByTestId('ingest-cancel').click()
        await page.getByTestId('channels-new').click()
        await page.getByTestId('channel-more').click()
        await page.getByTestId('channel-create').click()
        await page.getByTestId('channel-error-name').waitFor()
        problems.push(...(await layoutProblems(page, `kollus create ${tag}`)))
        await shot(`kollus-create-${tag}`)
        await page.getByTestId('channel-cancel').click()
        await page.getByTestId('channels-back').click()

        await account('sigma').getByTestId('account-channels').click()
        await channelNamed(SIGMA_NAME).waitFor()
        problems.push(...(await layoutProblems(page, `sigma channels ${tag}`)))
        await shot(`sigma-channels-${tag}`)
        if (lang !== 'en') expect(await englishLeft(page), `sigma ${tag}`).toEqual([])
        await page.getByTestId('channels-back').click()
      }
    }
    await page.setViewportSize(SIZES[0])
    await page.getByTestId('language').selectOption('en')
    expect(problems).toEqual([])
  })

  it('shows a focus ring on every control of the channels view reached with Tab', async () => {
    await account('kollus').getByTestId('account-channels').click()
    await channelNamed(KOLLUS_NAME).waitFor()
    // Opening reads the list again; Refresh is disabled until that read is done.
    await expect.poll(() => page.getByTestId('channels-refresh').isEnabled()).toBe(true)
    const seen = await tabThroughControls(page)
    expect(seen.map((c) => c.name)).toEqual(
      expect.arrayContaining(['button[channels-back]', 'button[channels-refresh]', 'button[channel-copy]', 'button[ingest-open]'])
    )
    expect(seen.filter((c) => !c.ring).map((c) => c.name)).toEqual([])
  })

  it("kept every secret out of serve's output and the page had no errors", async () => {
    await expectSecretsHidden()
    for (const secret of [SIGMA_SECRET, KOLLUS_TOKEN, ingestKey]) {
      expect(serve.stdout()).not.toContain(secret)
      expect(serve.stderr()).not.toContain(secret)
    }
    expect(pageProblems).toEqual([])
  })
})

/**
 * Our own words on the channels view that are still English: none may be left in Korean or Vietnamese. What the
 * providers and the streamer wrote (names, raw states, detail values, URLs) is not looked at.
 */
async function englishLeft(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll(
        '.channels-view button, .channels-view h1, .channels-view h4, .channels-view .channel-label, .channels-view dt, .ingest-status, .top-bar .nav-item'
      )
    ]
      .map((el) => (el.textContent ?? '').trim())
      .filter((text) => /^[A-Za-z][A-Za-z ]{3,}$/.test(text))
  )
}
