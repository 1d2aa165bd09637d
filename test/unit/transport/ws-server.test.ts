import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
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
      command === 'app:info'
        ? { ok: true as const, value: { version: '9.9.9', platform: 'linux', shell: 'serve' as const } }
        : command === 'monitor:watch' && typeof (request as { watching?: unknown }).watching === 'boolean'
          ? { ok: true as const, value: request }
          : { ok: false as const, error: { code: 'invalid_request' as const, message: `echo ${JSON.stringify(request)}`, retryable: false } }
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
    // One symlink that stays inside the UI folder, two that leave it (a file and a folder).
    symlinkSync(join(dir, 'assets', 'index-abc.js'), join(dir, 'inside-link.js'))
    symlinkSync(join(tmpdir(), 'onair-outside.txt'), join(dir, 'assets', 'outside-link.txt'))
    symlinkSync('/etc', join(dir, 'etc-link'))
    server = await startWsServer({ core: core as never, rendererDir: dir })
  })
  afterAll(async () => {
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function openSocket(): Promise<WebSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: server.origin })
    await new Promise((r) => ws.once('open', r))
    return ws
  }
  function collect(ws: WebSocket): unknown[] {
    const answers: unknown[] = []
    ws.on('message', (data) => answers.push(JSON.parse(String(data))))
    return answers
  }

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

  it('follows a symlink only while its real path stays inside the UI folder', async () => {
    expect(await (await fetch(`${server.origin}/inside-link.js`)).text()).toBe('console.log(1)')
    const outside = await fetch(`${server.origin}/assets/outside-link.txt`)
    expect(outside.status).toBe(404)
    expect(await outside.text()).not.toContain('outside')
    expect((await fetch(`${server.origin}/etc-link/hostname`)).status).toBe(404)
    expect((await fetch(`${server.origin}/etc-link/passwd`)).status).toBe(404)
  })

  it('refuses a Host that is not its own (DNS rebinding), for pages and for the socket', async () => {
    const get = (host: string, path = '/', headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: server.port, path, headers: { host, ...headers } }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on('error', reject)
        req.end()
      })
    expect(await get(`127.0.0.1:${server.port}`)).toBe(200)
    expect(await get(`localhost:${server.port}`)).toBe(200)
    expect(await get(`attacker.example:${server.port}`)).toBe(421)
    expect(await get('attacker.example')).toBe(421)
    expect(await get(`127.0.0.1:${server.port + 1}`)).toBe(421)
    const upgrade = {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      Origin: server.origin
    }
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: server.port,
        path: `/ws?token=${server.token}`,
        headers: { host: `attacker.example:${server.port}`, ...upgrade }
      })
      req.on('response', (res) => resolve(res.statusCode ?? 0))
      req.on('upgrade', () => resolve(101))
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(421)
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

  it('a page that cannot show the monitor (a background tab) gets no preview frames or levels, everything else, and both again once seen', async () => {
    const hidden = await openSocket()
    const other = await openSocket()
    const toHidden = collect(hidden)
    const toOther = collect(other)
    try {
      hidden.send(JSON.stringify({ id: 1, command: 'monitor:watch', request: { watching: false } }))
      await vi.waitFor(() => expect(toHidden).toEqual([{ id: 1, result: { ok: true, value: { watching: false } } }]))
      emit('preview:frame', { time: 1, mime: 'image/jpeg', data: '/9j/' })
      emit('audio:levels', { time: 1, levels: [] })
      emit('live:stats', { time: 1 })
      await vi.waitFor(() => expect(toOther).toHaveLength(3))
      await vi.waitFor(() => expect(toHidden).toHaveLength(2))
      expect(toHidden[1]).toEqual({ event: 'live:stats', payload: { time: 1 } })
      // A request the core refuses changes nothing: still not watching.
      hidden.send(JSON.stringify({ id: 2, command: 'monitor:watch', request: { watching: 'yes' } }))
      await vi.waitFor(() => expect(toHidden).toHaveLength(3))
      emit('preview:frame', { time: 2, mime: 'image/jpeg', data: '/9j/' })
      hidden.send(JSON.stringify({ id: 3, command: 'monitor:watch', request: { watching: true } }))
      await vi.waitFor(() => expect(toHidden).toHaveLength(4))
      emit('preview:frame', { time: 3, mime: 'image/jpeg', data: '/9j/' })
      await vi.waitFor(() => expect(toHidden).toHaveLength(5))
      expect(toHidden[4]).toEqual({ event: 'preview:frame', payload: { time: 3, mime: 'image/jpeg', data: '/9j/' } })
      expect(toOther.filter((m) => (m as { event?: string }).event === 'preview:frame')).toHaveLength(3)
    } finally {
      hidden.close()
      other.close()
    }
  })

  it('closes a socket that sends something other than the wire format', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: server.origin })
    await new Promise((r) => ws.once('open', r))
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
    ws.send('not json')
    expect(await closed).toBe(1007)
  })

  it('answers a frame whose command is an object (it once crashed serve) and stays open', async () => {
    const ws = await openSocket()
    const answers = collect(ws)
    ws.send('{"id":5,"command":{"toString":"x"}}')
    ws.send('{"id":6,"command":"app:info"}')
    await vi.waitFor(() => expect(answers).toHaveLength(2))
    expect(answers[0]).toMatchObject({ id: 5, result: { ok: false, error: { code: 'invalid_request', retryable: false } } })
    expect(answers[1]).toMatchObject({ id: 6, result: { ok: true } })
    ws.close()
  })

  it('closes a binary frame with a reason, and the client can connect again', async () => {
    const ws = await openSocket()
    const closed = new Promise<[number, string]>((r) => ws.once('close', (code, reason) => r([code, reason.toString()])))
    ws.send(Buffer.from([1, 2, 3]), { binary: true })
    const [code, reason] = await closed
    expect(code).toBe(1003)
    expect(reason).toMatch(/Binary frames/)
    const again = await openSocket()
    const answers = collect(again)
    again.send(JSON.stringify({ id: 1, command: 'app:info', request: {} }))
    await vi.waitFor(() => expect(answers).toHaveLength(1))
    again.close()
  })

  it('a flood on one socket: the first 32 are run, the rest get a typed busy at once; a throwing core is an internal error', async () => {
    const gates: Array<() => void> = []
    const errors: unknown[] = []
    const slowCore = {
      dispatch: vi.fn(async (command: string) => {
        if (command === 'devices:list') throw new Error('handler bug')
        await new Promise<void>((r) => gates.push(r))
        return { ok: true as const, value: [] }
      }),
      onDidEmit: () => () => {}
    }
    const slow = await startWsServer({ core: slowCore as never, rendererDir: dir, onInternalError: (e) => errors.push(e) })
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${slow.port}/ws?token=${slow.token}`, { origin: slow.origin })
      await new Promise((r) => ws.once('open', r))
      const answers = collect(ws)
      for (let id = 1; id <= 100; id++) ws.send(JSON.stringify({ id, command: 'accounts:list', request: {} }))
      await vi.waitFor(() => expect(answers).toHaveLength(68))
      expect(answers.every((a) => (a as { result: { error: { code: string; retryable: boolean } } }).result.error.code === 'busy')).toBe(true)
      expect(answers[0]).toMatchObject({ result: { ok: false, error: { code: 'busy', retryable: true } } })
      expect(gates).toHaveLength(32)
      for (const open of gates.splice(0)) open()
      await vi.waitFor(() => expect(answers).toHaveLength(100))
      // Slots were given back: the next one runs.
      ws.send(JSON.stringify({ id: 101, command: 'accounts:list', request: {} }))
      await vi.waitFor(() => expect(gates).toHaveLength(1))
      gates.pop()!()
      ws.send(JSON.stringify({ id: 102, command: 'devices:list', request: {} }))
      await vi.waitFor(() => expect(answers).toHaveLength(102))
      expect(answers[101]).toMatchObject({ id: 102, result: { ok: false, error: { code: 'internal' } } })
      expect(JSON.stringify(answers[101])).not.toContain('handler bug')
      expect(errors).toHaveLength(1)
      ws.close()
    } finally {
      await slow.close()
    }
  })

  it('refuses to start without a built UI, and says how to build it', async () => {
    await expect(startWsServer({ core: core as never, rendererDir: join(dir, 'nope') })).rejects.toThrow(/npm run build/)
  })
})
