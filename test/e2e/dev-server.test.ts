import { type Browser } from 'playwright-core'
import { launchChromium } from '../fixtures/browser'
import { createServer, loadConfigFromFile, type UserConfig, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = new URL('../../', import.meta.url).pathname

/**
 * `npm run dev` serves the renderer from Vite's dev server, which injects CSS as inline <style> and React's refresh
 * preamble as an inline script. The page's CSP (written by electron.vite.config.ts from src/shared) must let exactly
 * those through, or a developer sees an unstyled or blank window. Electron cannot run here, so the renderer part of
 * the electron-vite config is served by Vite itself and opened in Chromium.
 */
describe('npm run dev: the renderer under the Vite dev server', () => {
  let server: ViteDevServer
  let browser: Browser

  beforeAll(async () => {
    const loaded = await loadConfigFromFile({ command: 'serve', mode: 'development' }, 'electron.vite.config.ts', ROOT, 'silent')
    const renderer = (loaded?.config as { renderer: UserConfig }).renderer
    server = await createServer({ ...renderer, configFile: false, logLevel: 'silent', server: { host: '127.0.0.1', port: 0 } })
    await server.listen()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('renders the styled UI with the CSP on: no violation, no inline script allowed beyond the preamble hash', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|preamble/i.test(m.text())) problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    await page.goto(server.resolvedUrls?.local[0] as string)
    // React mounted (the top bar's language picker) and the stylesheet applied (the body's gradient).
    await page.getByTestId('language').waitFor({ timeout: 15_000 })
    await expect.poll(() => page.evaluate<string>('getComputedStyle(document.body).backgroundImage'), { timeout: 10_000 }).toContain('radial-gradient')
    expect(problems).toEqual([])
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/)
    expect(policy).not.toMatch(/script-src[^;]*unsafe/)
    await page.close()
  })
})
