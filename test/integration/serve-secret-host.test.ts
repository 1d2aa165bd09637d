import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { SigmaEmulator } from '../emulators/sigma/sigma-emulator'
import { startServe, type ServeProcess } from '../fixtures/serve'

/**
 * Issue 7 item 2 through the real front door: `onair serve` in a private keychain, driven over its WebSocket as any
 * page or script holding the token could. The Sigma account is saved for its emulator; a decoy stands where an
 * attacker would point it. No frame makes the saved secret (Basic auth) leave for the decoy.
 */
describe('onair serve: no socket client can send a saved secret to another host', () => {
  let serve: ServeProcess
  let ws: WebSocket
  const emu = new SigmaEmulator({ processingMs: 10 })
  const decoy = { url: '', requests: 0, close: async () => {} }
  const answers = new Map<number, (result: { ok: boolean; value?: unknown; error?: { code: string; field?: string; message: string } }) => void>()
  let nextId = 1

  /** One command as raw JSON text, so keys such as "__proto__" arrive as they would from a hostile client. */
  const send = (command: string, requestJson: string) =>
    new Promise<{ ok: boolean; value?: unknown; error?: { code: string; field?: string; message: string } }>((resolve) => {
      const id = nextId++
      answers.set(id, resolve)
      ws.send(`{"id":${id},"command":${JSON.stringify(command)},"request":${requestJson}}`)
    })

  beforeAll(async () => {
    const server = createServer((req, res) => {
      decoy.requests++
      res.end('{}')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    decoy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    decoy.close = () => new Promise<void>((r) => server.close(() => r()))
    await emu.start()
    serve = await startServe()
    ws = new WebSocket(`${serve.origin.replace(/^http/, 'ws')}/ws?token=${serve.token}`, { origin: serve.origin })
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: never }
      if (message.id !== undefined) answers.get(message.id)?.(message.result as never)
    })
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  })

  afterAll(async () => {
    ws?.close()
    await serve?.stop()
    await emu.close()
    await decoy.close()
  })

  it('every command with an address refuses it; the account keeps talking to its saved host only', async () => {
    const saved = await send(
      'accounts:save',
      JSON.stringify({ provider: 'sigma', fields: { appId: emu.appId, username: emu.username, secret: emu.secret, apiBase: emu.url } })
    )
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true })
    const created = await send('channels:create', JSON.stringify({ provider: 'sigma', name: 'serve', options: { mode: 'low-latency' } }))
    expect(created).toMatchObject({ ok: true })
    const channelId = (created.value as { id: string }).id

    const d = JSON.stringify(decoy.url)
    const refusedFrames: Array<[string, string]> = [
      ['channels:list', `{"provider":"sigma","apiBase":${d}}`],
      ['channels:list', `{"provider":"sigma","profile":"default","baseUrl":${d}}`],
      ['channels:list', `{"__proto__":{"apiBase":${d}},"provider":"sigma"}`],
      ['channels:get', `{"provider":"sigma","channelId":"${channelId}","apiBase":${d}}`],
      ['channels:create', `{"provider":"sigma","name":"x","options":{},"apiBase":${d}}`],
      ['channels:setIngest', `{"provider":"sigma","channelId":"${channelId}","serverUrl":"rtmp://127.0.0.1/app","streamKey":"k-1234","apiBase":${d}}`],
      ['live:start', `{"target":{"provider":"sigma","channelId":"${channelId}","apiBase":${d}},"record":false}`],
      ['live:start', `{"target":{"provider":"sigma","channelId":"${channelId}","__proto__":{"apiBase":${d}}},"record":false}`],
      ['live:start', `{"target":{"provider":"sigma","channelId":"${channelId}"},"apiBase":${d},"record":false}`],
      // Changing the address means saving the account again, secret included: without it nothing is replaced.
      ['accounts:save', `{"provider":"sigma","fields":{"apiBase":${d}}}`],
      ['accounts:save', `{"provider":"sigma","fields":{"appId":"${emu.appId}","username":"${emu.username}","apiBase":${d}}}`]
    ]
    for (const [command, frame] of refusedFrames) {
      const result = await send(command, frame)
      expect(result, `${command} ${frame}`).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
      expect(JSON.stringify(result)).not.toContain(emu.secret)
    }

    const before = emu.server.requests.length
    expect(await send('channels:list', '{"provider":"sigma"}')).toMatchObject({ ok: true })
    expect(await send('channels:get', `{"provider":"sigma","channelId":"${channelId}"}`)).toMatchObject({ ok: true, value: { id: channelId } })
    expect(emu.server.requests.length).toBeGreaterThan(before)
    expect(decoy.requests).toBe(0)
    expect(new Set(emu.server.requests.map((r) => r.headers.host))).toEqual(new Set([new URL(emu.url).host]))
    expect(serve.stdout() + serve.stderr()).not.toContain(emu.secret)
  })
})
