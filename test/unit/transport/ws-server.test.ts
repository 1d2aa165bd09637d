import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import type { EventName } from '../../../src/shared/contract'
import { startWsServer, type RunningWsServer } from '../../../src/main/core/transport/ws-server'
import { createWsApi, socketUrlFromLocation, type SocketLike } from '../../../src/renderer/src/api/ws-api'

/**
 * The serve transport against the renderer's own shim (the same file the browser runs), with a fake core: the wire
 * format, event push, static files and the refusals, all without a browser or a keychain.
 */
describe('onair serve transport', () => {
  let dir: string
  let server: RunningWsServer
  let emit: (event: EventName, payload: unknown) => void = () => {}
  const core = {
    dispatch: vi.fn(async (command: string, request: unknown) =>
      command === 'app:info' ? { ok: true as const, value: { version: '9.9.9', platform: 'linux', shell: 'serve' as const } } : { ok: false as const, error: { code: 'invalid_request' as const, message: `echo ${JSON.stringify(request)}`, retryable: false } }
    ),
    onDidEmit: (listener: (event: EventName, payload: unknown) => void) => {
      emit = listener
      return () => (emit = () => {})
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onair-renderer-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Onair</title>')
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
    writeFileSync(join(tmpdir(), 'onair-outside.txt'), 'outside')
    server = await startWsServer({ core: core as never, rendererDir: dir })
  })
  afterAll(async () => {
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('binds to loopback on a free port and prints an address that carries the token', () => {
    expect(server.host).toBe('127.0.0.1')
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`)
  })

  it('serves the built UI with a strict CSP, and nothing outside it', async () => {
    const page = await fetch(`${server.origin}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('content-security-policy')).toContain(`ws://127.0.0.1:${server.port}`)
    expect((await fetch(`${server.origin}/assets/index-abc.js`)).headers.get('content-type')).toContain('javascript')
    expect((await fetch(`${server.origin}/..%2fonair-outside.txt`)).status).toBe(404)
    expect((await fetch(`${server.origin}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404)
    expect((await fetch(`${server.origin}/missing.js`)).status).toBe(404)
    expect((await fetch(`${server.origin}/`, { method: 'POST' })).status).toBe(405)
  })

  it('speaks the contract with the renderer shim: commands answered by id, events pushed', async () => {
    let hash = `#token=${server.token}`
    const stored = new Map<string, string>()
    const url = socketUrlFromLocation(
      { hash, pathname: '/', search: '', protocol: 'http:', host: `127.0.0.1:${server.port}` },
      { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => void stored.set(k, v) },
      { replaceState: () => void (hash = '') }
    )
    expect(hash).toBe('') // the token is taken off the address bar
    const api = createWsApi(url, (u) => new WebSocket(u, { origin: server.origin }) as unknown as SocketLike)
    try {
      await expect(api.invoke('app:info', {})).resolves.toEqual({ ok: true, value: { version: '9.9.9', platform: 'linux', shell: 'serve' } })
      await expect(api.invoke('accounts:delete', { provider: 'custom' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } })
      expect(core.dispatch).toHaveBeenCalledWith('accounts:delete', { provider: 'custom' })

      const states: unknown[] = []
      const off = api.on('live:state', (s) => states.push(s))
      emit('live:state', { state: 'live' })
      emit('log:event', { code: 'other' })
      await vi.waitFor(() => expect(states).toEqual([{ state: 'live' }]))
      off()
      expect(server.clients()).toBe(1)
    } finally {
      api.dispose()
    }
  })

  it('closes a socket that sends something other than the wire format', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: server.origin })
    await new Promise((r) => ws.once('open', r))
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
    ws.send('not json')
    expect(await closed).toBe(1003)
  })

  it('refuses to start without a built UI, and says how to build it', async () => {
    await expect(startWsServer({ core: core as never, rendererDir: join(dir, 'nope') })).rejects.toThrow(/npm run build/)
  })
})
