import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SigmaEmulator } from '../emulators/sigma/sigma-emulator'
import { startRecordingServer, type RecordingServer } from '../fixtures/recording-server'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { WireClient } from '../fixtures/wire-client'

/**
 * Issue 7 item 2 through the real front door: `onair serve` in a private keychain, driven over its WebSocket as any
 * page or script holding the token could. The Sigma account is saved for its emulator; a decoy stands where an
 * attacker would point it. No frame makes the saved secret (Basic auth) leave for the decoy.
 */
describe('onair serve: no socket client can send a saved secret to another host', () => {
  let serve: ServeProcess
  let client: WireClient
  let decoy: RecordingServer
  const emu = new SigmaEmulator({ processingMs: 10 })
  let nextId = 1

  /** One command as raw JSON text, so keys such as "__proto__" arrive as they would from a hostile client. */
  const send = async (command: string, requestJson: string) => {
    const id = 1_000_000 + nextId++
    return (await client.sendRaw(`{"id":${id},"command":${JSON.stringify(command)},"request":${requestJson}}`, { id }))!.result as {
      ok: boolean
      value?: unknown
      error?: { code: string; field?: string; message: string }
    }
  }

  beforeAll(async () => {
    decoy = await startRecordingServer()
    await emu.start()
    serve = await startServe()
    client = await WireClient.open(serve.origin, serve.token)
  })

  afterAll(async () => {
    client?.close()
    await serve?.stop()
    await emu.close()
    await decoy?.close()
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
      ['live:start', `{"destinations":[{"provider":"sigma","channelId":"${channelId}","apiBase":${d}}],"record":false}`],
      ['live:start', `{"destinations":[{"provider":"sigma","channelId":"${channelId}","__proto__":{"apiBase":${d}}}],"record":false}`],
      ['live:start', `{"destinations":[{"provider":"sigma","channelId":"${channelId}"}],"apiBase":${d},"record":false}`],
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
    expect(decoy.requests).toEqual([])
    expect(new Set(emu.server.requests.map((r) => r.headers.host))).toEqual(new Set([new URL(emu.url).host]))
    expect(serve.stdout() + serve.stderr()).not.toContain(emu.secret)
  })
})
