import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../fixtures/run'
import { startServe, type ServeProcess } from '../fixtures/serve'
import { notATypedResult, WireClient, type WireAnswer } from '../fixtures/wire-client'

const PER_KIND = 2000
const SOCKETS = 8
const KINDS: Record<string, (i: number) => unknown> = {
  'accounts:list': () => ({}),
  'accounts:save': (i) => ({ provider: 'custom', profile: `burst-${i % 40}`, fields: { serverUrl: 'rtmp://127.0.0.1:1/live', streamKey: `burst-key-${i}` } }),
  'devices:list': () => ({}),
  'app:info': () => ({}),
  'providers:list': () => ({}),
  'live:snapshot': () => ({})
}

/** Sends PER_KIND requests of every kind at once, spread over the sockets, and waits for every answer. */
async function burst(clients: WireClient[]): Promise<Array<{ command: string; answer: WireAnswer }>> {
  const sent: Array<Promise<{ command: string; answer: WireAnswer }>> = []
  for (let i = 0; i < PER_KIND; i++) {
    for (const [command, request] of Object.entries(KINDS)) {
      const client = clients[sent.length % clients.length]
      sent.push(client.call(command, request(i), 60_000).then((answer) => ({ command, answer })))
    }
  }
  return Promise.all(sent)
}

/**
 * Issue 7 item 5: bounded work per client. 2,000 concurrent requests of each kind once crashed gnome-keyring-daemon
 * (it came back locked) and left serve at 100 % CPU ignoring SIGTERM. Against a real `onair serve` and the real
 * Secret Service: every request is answered or refused with a typed `busy`, the keychain still answers afterwards,
 * and SIGTERM right after a burst ends serve within 5 s.
 */
describe('onair serve under a burst of concurrent requests', () => {
  let serve: ServeProcess
  let clients: WireClient[] = []

  beforeAll(async () => {
    serve = await startServe()
    clients = await Promise.all(Array.from({ length: SOCKETS }, () => WireClient.open(serve.origin, serve.token)))
  })
  afterAll(async () => {
    for (const c of clients) c.close()
    await serve?.stop()
  })

  it(`answers ${PER_KIND} concurrent requests of each kind or refuses them with busy, and the keychain stays unlocked`, async () => {
    const started = performance.now()
    const answers = await burst(clients)
    const seconds = (performance.now() - started) / 1000

    const tally: Record<string, Record<string, number>> = {}
    const wrong: string[] = []
    for (const { command, answer } of answers) {
      const problem = notATypedResult(answer)
      if (problem) wrong.push(`${command}: ${problem}`)
      const outcome = answer.result.ok ? 'ok' : answer.result.error.code
      if (!answer.result.ok && (answer.result.error.code !== 'busy' || answer.result.error.retryable !== true))
        wrong.push(`${command}: ${JSON.stringify(answer.result.error)}`)
      ;(tally[command] ??= {})[outcome] = (tally[command]?.[outcome] ?? 0) + 1
    }
    console.log(`serve burst: ${answers.length} requests over ${SOCKETS} sockets answered in ${seconds.toFixed(1)} s: ${JSON.stringify(tally)}`)
    expect(wrong.slice(0, 10)).toEqual([])
    for (const command of Object.keys(KINDS)) expect(tally[command].ok, command).toBeGreaterThan(0)

    // The keychain serve uses still answers, unlocked: what a save put there is read back by another client of it.
    const saved = answers.find((a) => a.command === 'accounts:save' && a.answer.result.ok)!.answer.result as { value: { profile: string } }
    const lookup = await run('secret-tool', ['lookup', 'service', 'onair', 'username', `custom:${saved.value.profile}`], {
      env: serve.sessionEnv(),
      timeoutMs: 10_000
    })
    expect(lookup.code, lookup.stderr).toBe(0)
    expect(lookup.stdout).toMatch(/"streamKey":"burst-key-\d+"/)
    // And serve itself reads them: every profile a save succeeded for is listed (the saves dropped the list cache).
    const savedProfiles = new Set(
      answers.filter((a) => a.command === 'accounts:save' && a.answer.result.ok).map((a) => (a.answer.result as { value: { profile: string } }).value.profile)
    )
    const list = await clients[0].call('accounts:list')
    expect(list.result.ok, JSON.stringify(list)).toBe(true)
    expect(new Set((list.result as { value: Array<{ profile: string }> }).value.map((a) => a.profile))).toEqual(savedProfiles)
  })

  it('SIGTERM right after a burst ends serve within 5 s', async () => {
    const pending = burst(clients).catch(() => [])
    // Let the burst reach serve and the first requests start.
    await new Promise((r) => setTimeout(r, 300))
    const started = performance.now()
    const code = await serve.stop()
    const ms = performance.now() - started
    console.log(`serve burst: SIGTERM mid-burst, serve exited with ${code} after ${Math.round(ms)} ms`)
    expect(ms).toBeLessThan(5000)
    expect(code).toBe(0)
    for (const c of clients) c.close()
    await pending
  })
})
