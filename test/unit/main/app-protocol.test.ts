import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appRequestPath, createAppProtocolHandler } from '../../../src/main/app-protocol'
import { mimeTypeFor } from '../../../src/main/core/transport/ui-files'

describe('appRequestPath', () => {
  it.each<[string, string[] | null]>([
    ['app://onair/index.html', ['index.html']],
    ['app://onair/', ['index.html']],
    ['app://onair/assets/index-abc.js?v=1#x', ['assets', 'index-abc.js']],
    ['app://onair/assets/%E1%BA%A1.svg', ['assets', 'ạ.svg']],
    ['app://ONAIR/index.html', ['index.html']],
    ['app://evil/index.html', null],
    ['app://onair:81/index.html', null],
    ['https://onair/index.html', null],
    ['file:///etc/passwd', null],
    ['app://onair/..%2f..%2fpackage.json', null],
    // The URL parser folds `..` (and `%2e%2e`) segments itself and cannot climb above the root: these name files
    // inside the UI folder (and 404 there).
    ['app://onair/%2e%2e/%2e%2e/package.json', ['package.json']],
    ['app://onair/assets/%2E%2E', ['index.html']],
    ['app://onair/assets/..%5c..%5cpackage.json', null],
    ['app://onair/%00.html', null],
    ['app://onair/C%3A%5CWindows%5Cwin.ini', null],
    ['app://onair//etc/passwd', null],
    ['app://onair/%E0%A4%A', null],
    ['not a url', null]
  ])('%s → %j', (url, expected) => {
    expect(appRequestPath(url)).toEqual(expected)
  })
})

describe('mimeTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['assets/index-abc.CSS', 'text/css; charset=utf-8'],
    ['favicon.svg', 'image/svg+xml'],
    ['font.woff2', 'font/woff2'],
    ['unknown.bin', 'application/octet-stream'],
    ['no-extension', 'application/octet-stream']
  ])('%s → %s', (path, type) => {
    expect(mimeTypeFor(path)).toBe(type)
  })
})

describe('the app:// handler over a real folder', () => {
  const CSP = "default-src 'none'; script-src 'self'"
  let base: string
  let handler: (request: Request) => Promise<Response>

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'onair-app-protocol-'))
    const root = join(base, 'renderer')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>')
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(base, 'secret.txt'), 'outside-secret')
    mkdirSync(join(base, 'outside-dir'))
    writeFileSync(join(base, 'outside-dir', 'x.js'), 'outside-secret')
    symlinkSync(join(base, 'secret.txt'), join(root, 'leak.txt'))
    symlinkSync(join(base, 'outside-dir'), join(root, 'assets', 'linked-dir'))
    symlinkSync(join(root, 'assets', 'app.js'), join(root, 'alias.js'))
    // The folder itself may be reached through a symlink (a packaged app under a linked home, /tmp on macOS).
    symlinkSync(root, join(base, 'renderer-link'))
    handler = createAppProtocolHandler({ root: join(base, 'renderer-link'), contentSecurityPolicy: CSP })
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  const get = async (url: string, method = 'GET') => {
    const response = await handler(new Request(url, { method }))
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      csp: response.headers.get('content-security-policy'),
      body: await response.text()
    }
  }

  it('serves the page with the CSP header and the script as JavaScript', async () => {
    expect(await get('app://onair/index.html')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', csp: CSP })
    expect(await get('app://onair/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' })
    expect(await get('app://onair/assets/app.js')).toEqual({ status: 200, type: 'text/javascript; charset=utf-8', csp: CSP, body: 'console.log(1)' })
    expect(await get('app://onair/alias.js')).toMatchObject({ status: 200, body: 'console.log(1)' })
    expect(await get('app://onair/assets/app.js', 'HEAD')).toMatchObject({ status: 200, body: '' })
  })

  it.each([
    'app://onair/missing.js',
    'app://onair/assets',
    'app://onair/..%2fsecret.txt',
    'app://onair/%2e%2e/secret.txt',
    'app://onair/assets/..%5c..%5csecret.txt',
    'app://onair/../secret.txt',
    'app://onair/leak.txt',
    'app://onair/assets/linked-dir/x.js',
    'app://evil/index.html'
  ])('refuses %s with a plain 404 that reveals nothing', async (url) => {
    const answer = await get(url)
    expect(answer).toMatchObject({ status: 404, body: 'Not found', csp: CSP })
  })

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://onair/index.html', 'POST')).status).toBe(405)
  })
})
