import { describe, expect, it, vi } from 'vitest'
import { COMMAND_NAMES, type EventName } from '../../../src/shared/contract'
import { isTrustedSender, registerIpc, type SenderInfo, type TrustedWindow } from '../../../src/main/ipc'

// src/main/ipc.ts imports only types from electron, so it loads under plain Node; nothing here needs the binary.
const PAGE_URL = 'app://onair/index.html'
const trusted: TrustedWindow = { webContentsId: 7, url: PAGE_URL }
const sender = (url: string, extra: Partial<SenderInfo> = {}, isMainFrame = true): SenderInfo => ({ webContentsId: 7, frame: { url, isMainFrame }, ...extra })

describe('isTrustedSender', () => {
  it.each([
    ['our page', sender(PAGE_URL), true],
    ['our page with a hash', sender(`${PAGE_URL}#/live`), true],
    ['our origin, as Chromium spells it upper-cased', sender('app://ONAIR/index.html'), true],
    ['another app:// host', sender('app://evil/index.html'), false],
    ['our host on a port', sender('app://onair:8080/index.html'), false],
    ['credentials before our host', sender('app://x:y@onair/index.html'), false],
    ['a local file', sender('file:///opt/Onair/resources/app.asar/out/renderer/index.html'), false],
    ['a web page', sender('https://evil.example/'), false],
    ['a web page named onair', sender('https://onair/index.html'), false],
    ['a subframe of our page', sender(PAGE_URL, {}, false), false],
    ['another window', sender(PAGE_URL, { webContentsId: 8 }), false],
    ['a destroyed frame', { webContentsId: 7, frame: null }, false],
    ['garbage', sender('not a url'), false]
  ])('%s → %s', (_name, info, expected) => {
    expect(isTrustedSender(info, trusted)).toBe(expected)
  })

  it('compares the origin for the dev server', () => {
    const dev: TrustedWindow = { webContentsId: 1, url: 'http://localhost:5173/' }
    expect(isTrustedSender({ webContentsId: 1, frame: { url: 'http://localhost:5173/index.html', isMainFrame: true } }, dev)).toBe(true)
    expect(isTrustedSender({ webContentsId: 1, frame: { url: 'http://localhost:5174/', isMainFrame: true } }, dev)).toBe(false)
  })

  it('trusts nobody before the window exists', () => {
    expect(isTrustedSender(sender(PAGE_URL), null)).toBe(false)
  })
})

describe('registerIpc', () => {
  function setup() {
    const handlers = new Map<string, (event: unknown, request: unknown) => Promise<unknown>>()
    const ipcMain = {
      handle: vi.fn((channel: string, fn: (event: unknown, request: unknown) => Promise<unknown>) => void handlers.set(channel, fn)),
      removeHandler: vi.fn((channel: string) => void handlers.delete(channel))
    }
    let emit: (event: EventName, payload: unknown) => void = () => {}
    const core = {
      dispatch: vi.fn(async (_command: string, _request: unknown): Promise<{ ok: true; value: unknown }> => ({ ok: true, value: 'dispatched' })),
      onDidEmit: vi.fn((listener: (event: EventName, payload: unknown) => void) => {
        emit = listener
        return () => (emit = () => {})
      })
    }
    const webContents = { send: vi.fn(), isDestroyed: () => false }
    const window = { seen: true }
    const dispose = registerIpc(ipcMain as never, core as never, () => ({ ...trusted, webContents, seen: () => window.seen }))
    const event = (url: string, id = 7) => ({ sender: { id }, senderFrame: { url, parent: null } })
    return { handlers, ipcMain, core, webContents, window, dispose, event, emit: (e: EventName, p: unknown) => emit(e, p) }
  }

  it('registers exactly one handler per contract command', () => {
    const { handlers } = setup()
    expect([...handlers.keys()].sort()).toEqual([...COMMAND_NAMES].sort())
  })

  it('dispatches calls from our window and refuses others before the core sees them', async () => {
    const { handlers, core, event } = setup()
    await expect(handlers.get('live:start')!(event(PAGE_URL), { target: { provider: 'custom' } })).resolves.toEqual({ ok: true, value: 'dispatched' })
    expect(core.dispatch).toHaveBeenCalledWith('live:start', { target: { provider: 'custom' } })

    core.dispatch.mockClear()
    const refused = (await handlers.get('accounts:list')!(event('https://evil.example/'), {})) as { ok: boolean; error: { code: string } }
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await handlers.get('accounts:list')!(event(PAGE_URL, 99), {})
    expect(core.dispatch).not.toHaveBeenCalled()
  })

  it('pushes core events to the window on a channel named after the event, and disposes cleanly', () => {
    const { webContents, emit, dispose, ipcMain } = setup()
    emit('live:state', { state: 'live' })
    expect(webContents.send).toHaveBeenCalledWith('live:state', { state: 'live' })
    dispose()
    emit('live:state', { state: 'ended' })
    expect(webContents.send).toHaveBeenCalledTimes(1)
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(COMMAND_NAMES.length)
  })

  it('sends no preview frames or audio levels to a window hidden to the tray or minimised, every other event still, and both once it shows', () => {
    const { webContents, window, emit } = setup()
    const frame = { time: 1, mime: 'image/jpeg', data: '/9j/' }
    const levels = { time: 1, levels: [] }
    window.seen = false
    emit('preview:frame', frame)
    emit('audio:levels', levels)
    emit('live:stats', { time: 1 })
    emit('log:event', { code: 'pusher.reconnected' })
    expect(webContents.send.mock.calls.map(([name]) => name)).toEqual(['live:stats', 'log:event'])
    window.seen = true
    emit('preview:frame', frame)
    emit('audio:levels', levels)
    expect(webContents.send.mock.calls.slice(2)).toEqual([
      ['preview:frame', frame],
      ['audio:levels', levels]
    ])
  })

  it('sends no preview frames or levels while the page says it cannot show them (monitor:watch), and both once it says it can', async () => {
    const { handlers, core, webContents, emit, event } = setup()
    const frame = { time: 1, mime: 'image/jpeg', data: '/9j/' }
    core.dispatch.mockImplementation(async (_command, request) => ({ ok: true, value: request }))
    await handlers.get('monitor:watch')!(event(PAGE_URL), { watching: false })
    emit('preview:frame', frame)
    emit('live:stats', { time: 1 })
    expect(webContents.send.mock.calls.map(([name]) => name)).toEqual(['live:stats'])
    // Another window's word does not count.
    await handlers.get('monitor:watch')!(event('https://evil.example/'), { watching: true })
    emit('preview:frame', frame)
    expect(webContents.send).toHaveBeenCalledTimes(1)
    await handlers.get('monitor:watch')!(event(PAGE_URL), { watching: true })
    emit('preview:frame', frame)
    expect(webContents.send.mock.calls.at(-1)).toEqual(['preview:frame', frame])
  })
})

describe('registerIpc: recordings:reveal', () => {
  it('shows the file in the OS file manager when our window asks and main knows the recording; never otherwise', async () => {
    const handlers = new Map<string, (event: unknown, request: unknown) => Promise<unknown>>()
    const ipcMain = {
      handle: (channel: string, fn: (event: unknown, request: unknown) => Promise<unknown>) => void handlers.set(channel, fn),
      removeHandler: () => {}
    }
    let known = true
    const core = {
      dispatch: vi.fn(async () =>
        known
          ? { ok: true as const, value: { path: '/rec/2026-11-30_방송.mkv' } }
          : { ok: false as const, error: { code: 'not_found', message: 'x', retryable: false } }
      ),
      onDidEmit: () => () => {}
    }
    const revealed: string[] = []
    registerIpc(
      ipcMain as never,
      core as never,
      () => ({ ...trusted, webContents: { send: () => {}, isDestroyed: () => false } }),
      (p) => revealed.push(p)
    )
    const ours = { sender: { id: 7 }, senderFrame: { url: PAGE_URL, parent: null } }
    await handlers.get('recordings:reveal')!(ours, { id: 'r1' })
    expect(revealed).toEqual(['/rec/2026-11-30_방송.mkv'])
    // Another frame, an unknown recording, another command: nothing opens.
    await handlers.get('recordings:reveal')!({ sender: { id: 7 }, senderFrame: { url: 'https://evil.example/', parent: null } }, { id: 'r1' })
    await handlers.get('recordings:list')!(ours, {})
    known = false
    await handlers.get('recordings:reveal')!(ours, { id: 'nope' })
    expect(revealed).toHaveLength(1)
  })
})
