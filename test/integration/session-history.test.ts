import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/compose'
import { MemoryCredentialStore } from '../../src/main/core/credentials/memory-credential-store'
import type { SessionReport, SessionSummary } from '../../src/shared/sessions'
import { NaverEmulator } from '../emulators/naver/naver-emulator'
import { CLI, jsonLines, watchOnair, type JsonLine } from '../fixtures/cli'
import { alive, childrenOf } from '../fixtures/media-probe'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { waitFor } from '../fixtures/ports'
import { run } from '../fixtures/run'

/** `onair live --json` as a child we can watch line by line, signal and kill. */
const onairLive = (args: string[], env: NodeJS.ProcessEnv) => watchOnair(['live', ...args], env)

const states = (lines: JsonLine[]) => lines.filter((l) => l.type === 'state')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Issue 10 items 4-5 with the real parts: a show's history as `onair sessions` reads it back in another process
 * (real ffmpeg, nginx-rtmp), after an ingest outage, after a SIGKILL, and without a single secret in the folder.
 */
describe('session history (real ffmpeg, nginx-rtmp, the NAVER emulator)', () => {
  let ingest: RtmpIngest
  let dataDir: string
  const env = () => ({ ...process.env, ONAIR_DATA_DIR: dataDir, ONAIR_ENCODER: 'libx264' })
  const sessions = async (args: string[]) => {
    const r = await run(process.execPath, [CLI, 'sessions', ...args], { env: env(), timeoutMs: 30_000 })
    expect(r.code, r.stderr).toBe(0)
    return r
  }

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-history-'))
  })
  afterAll(async () => {
    await ingest?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('a 10 s ingest outage: the report has exactly one outage of 10 ± 1.5 s, its cause, one reconnect', async () => {
    const key = `history-outage-${Date.now()}`
    const s = onairLive(['--to', `${ingest.base}/live/${key}`, '--no-record'], env())
    await waitFor(() => states(s.lines).some((l) => l.state === 'live'), 20_000, 'live')
    await ingest.waitForPublish(key)
    await sleep(2000)
    // The ingest goes away for 10 s (nginx stopped: its port refuses), then comes back on the same port.
    const down = Date.now()
    await ingest.stopServer()
    await sleep(down + 10_000 - Date.now())
    await ingest.startServer()
    const republished = await ingest.waitForPublish(key, 15_000, down + 1000)
    await waitFor(() => states(s.lines).at(-1)?.state === 'live', 10_000, 'live again')
    await sleep(2000)
    s.child.kill('SIGINT')
    expect(await s.exited).toBe(0)
    const id = states(s.lines)[0].sessionId as string

    const listed = jsonLines((await sessions(['--json'])).stdout)
    expect(listed.find((l) => l.id === id)).toMatchObject({ type: 'session', ending: 'clean', outages: 1, reconnects: 1 })
    const shown = jsonLines((await sessions(['show', id, '--json'])).stdout)
    const report = shown[0] as JsonLine & SessionReport
    expect(report.type).toBe('report')
    expect(report.outages).toHaveLength(1)
    const [outage] = report.outages
    const measured = (republished.time - down) / 1000
    console.log(`outage: report ${outage.seconds} s, ingest measured ${measured.toFixed(1)} s; on air ${report.onAirSeconds} of ${report.durationSeconds} s`)
    expect(Math.abs(outage.seconds - 10)).toBeLessThanOrEqual(1.5)
    expect(Math.abs(outage.seconds - measured)).toBeLessThanOrEqual(1)
    expect(outage).toMatchObject({ recovery: 'reconnected', destinations: ['d1'], cause: expect.stringMatching(/^ingest_/) })
    expect(outage.attempts).toBeGreaterThanOrEqual(1)
    expect(report.reconnects).toBe(1)
    expect(report.destinations).toEqual([expect.objectContaining({ id: 'd1', reconnects: 1, finalState: 'ended' })])
    expect(report.bitrate?.minKbps).toBe(0)
    expect(report.bitrate?.meanKbps).toBeGreaterThan(500)
    expect(report.health.offline).toBeGreaterThan(0.2)
    // The whole log follows the report, as the show told it.
    const codes = shown.slice(1).map((l) => l.code)
    expect(shown.slice(1).every((l) => l.type === 'event')).toBe(true)
    expect(codes).toEqual(expect.arrayContaining(['live.started', 'pusher.reconnecting', 'pusher.reconnected', 'live.ended']))
    // And in words for a person.
    const human = await sessions(['show', id])
    expect(human.stdout).toMatch(/1 outage, 1 reconnect/)
    expect(human.stdout).toMatch(/outage at .*: (8|9|10|11)(\.\d)? s/)
    expect(readFileSync(join(dataDir, 'sessions', `${id}.ndjson`), 'utf8')).not.toContain(key)
  }, 60_000)

  it('SIGKILL mid-show: the next start lists the show as crashed, with its duration ± 2 s', async () => {
    const key = `history-kill-${Date.now()}`
    const s = onairLive(['--to', `${ingest.base}/live/${key}`, '--no-record'], env())
    await waitFor(() => states(s.lines).some((l) => l.state === 'live'), 20_000, 'live')
    await sleep(4500)
    const children = childrenOf(s.child.pid as number)
    const killedAt = Date.now()
    s.child.kill('SIGKILL')
    await s.exited
    await waitFor(() => children.every((pid) => !alive(pid)), 10_000, 'ffmpeg children to exit')
    const first = states(s.lines)[0]
    const id = first.sessionId as string
    const truth = (killedAt - (first.startedAt as number)) / 1000

    const listed = jsonLines((await sessions(['--json'])).stdout) as Array<JsonLine & SessionSummary>
    const crashed = listed.find((l) => l.id === id)
    console.log(`crashed show: listed ${crashed?.durationSeconds} s, killed after ${truth.toFixed(1)} s`)
    expect(crashed).toMatchObject({ ending: 'crashed' })
    expect(Math.abs((crashed?.durationSeconds ?? 0) - truth)).toBeLessThanOrEqual(2)
    // Newest first: this show before the one of the test above.
    expect(listed[0].id).toBe(id)
    // Closed once, for good: its file now ends with the crash's end line, and a second start reads the same.
    const again = jsonLines((await sessions(['--json'])).stdout).find((l) => l.id === id)
    expect(again).toEqual(crashed)
    const text = readFileSync(join(dataDir, 'sessions', `${id}.ndjson`), 'utf8')
    expect(text.match(/"t":"end"/g)).toHaveLength(1)
    expect(JSON.parse(text.trim().split('\n').at(-1) as string)).toMatchObject({ t: 'end', ending: 'crashed' })
    const human = await sessions([])
    expect(human.stdout).toMatch(new RegExp(`${id}\\t.*\\tcrashed\\t`))
  }, 60_000)

  it('no key or credential in the sessions folder after a show to NAVER (API, backup ingest) and Custom RTMP', async () => {
    const naver = new NaverEmulator()
    // NAVER's own ingest: its emulator decides who may publish there.
    const [naverIngest] = await Promise.all([startRtmpIngest(), naver.start()])
    naver.attachIngest(naverIngest)
    const customKey = `history-custom-${Date.now()}-secret`
    const core = createCore({
      shell: 'serve',
      version: '0.0.0-test',
      credentialStore: new MemoryCredentialStore(),
      dataDir,
      env: { ...process.env, ONAIR_ENCODER: 'libx264' },
      providerTuning: { http: { timeoutMs: 3000, retries: 1, backoffBaseMs: 20 }, tuning: { pollIntervalMs: 50, naverReadyTimeoutMs: 3000 } }
    })
    try {
      const saved = await core.dispatch('accounts:save', {
        provider: 'naver',
        fields: { accessKey: naver.accessKey, secretKey: naver.secretKey, apiBase: naver.url }
      })
      expect(saved.ok).toBe(true)
      const created = await core.dispatch('channels:create', {
        provider: 'naver',
        name: 'history_1',
        options: { qualitySetId: 1, profileId: 7, isStreamFailOver: true }
      })
      if (!created.ok) throw new Error(created.error.message)
      // A key pasted where a URL goes, as users do: the label must still not carry it.
      await core.dispatch('accounts:save', { provider: 'custom', fields: { serverUrl: `${ingest.base}/live`, streamKey: customKey } })
      const started = await core.dispatch('live:start', {
        destinations: [
          { provider: 'naver', channelId: created.value.id, backup: true },
          { provider: 'custom', profile: 'default' }
        ],
        record: true
      })
      if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`)
      await ingest.waitForPublish(customKey)
      await sleep(3000)
      expect((await core.dispatch('live:stop', {})).ok).toBe(true)
      await sleep(100)
      const channel = naver.channels.get(created.value.id)!
      const secrets = [naver.accessKey, naver.secretKey, channel.streamKey, channel.backupStreamKey!, customKey]
      const folder = join(dataDir, 'sessions')
      const file = join(folder, `${started.value.sessionId}.ndjson`)
      const text = readFileSync(file, 'utf8')
      // The show is all there: both NAVER pushes and the Custom RTMP one, the recording, the end.
      expect(text).toContain('NAVER Cloud Live Station · history_1')
      expect(text).toMatch(/"t":"recording"/)
      expect(text.trim().split('\n').at(-1)).toMatch(/"t":"end","time":\d+,"ending":"clean"/)
      for (const name of readdirSync(folder)) {
        const content = readFileSync(join(folder, name), 'utf8')
        for (const secret of secrets) expect(content.includes(secret), `${name} holds a secret`).toBe(false)
      }
      const got = await core.dispatch('sessions:get', { id: started.value.sessionId as string })
      if (!got.ok) throw new Error(got.error.message)
      expect(got.value.report.destinations.map((d) => [d.provider, d.backup ?? false, d.finalState])).toEqual([
        ['naver', false, 'ended'],
        ['naver', true, 'ended'],
        ['custom', false, 'ended']
      ])
      // NAVER's own channel events (its publish, polled at go-live) are in the file, tagged and in NAVER's words.
      console.log(`provider events kept: ${got.value.report.providerEvents.map((e) => JSON.stringify(e.data?.text)).join(', ')}`)
      expect(got.value.report.providerEvents.length).toBeGreaterThan(0)
      expect(got.value.report.providerEvents.every((e) => e.source === 'naver' && e.code === 'provider.event')).toBe(true)
      expect(got.value.report.destinations[0].providerEvents).toBe(got.value.report.providerEvents.length)
      expect(got.value.report.recording).toMatchObject({ complete: true })
      // The recordings library has the same file, and says it is complete.
      expect(got.value.recording).toMatchObject({ sessionId: started.value.sessionId, state: 'complete', path: got.value.report.recording?.path })
      for (const secret of secrets) expect(JSON.stringify(got.value)).not.toContain(secret)
    } finally {
      await core.shutdown()
      await Promise.all([naver.close(), naverIngest.close()])
    }
  }, 60_000)
})
