import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/compose'
import { MemoryCredentialStore } from '../../src/main/core/credentials/memory-credential-store'
import type { LiveSnapshot } from '../../src/shared/live'
import type { SessionReport } from '../../src/shared/sessions'
import { SigmaEmulator } from '../emulators/sigma/sigma-emulator'
import type { RecordingSummary } from '../../src/shared/recordings'
import { CLI, jsonLines, watchOnair, type JsonLine } from '../fixtures/cli'
import { gapStats, videoPackets } from '../fixtures/media-probe'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { waitFor } from '../fixtures/ports'
import { run } from '../fixtures/run'

/** `onair live --json` as a child we can watch line by line, signal and kill. */
const onairLive = (args: string[], env: NodeJS.ProcessEnv) => watchOnair(['live', ...args], env)

const states = (lines: JsonLine[]) => lines.filter((l) => l.type === 'state')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)))

/**
 * Issue 11 item 1 with the real parts (ffmpeg, nginx-rtmp, the CLI bundle): the ingest is down at Go Live, the show
 * records offline and goes live by itself when the ingest returns; the recording has the whole show, the session the
 * unstreamed part, the library the recording as pending handoff. A refused key still fails.
 */
describe('offline mode (real ffmpeg, nginx-rtmp)', () => {
  let ingest: RtmpIngest
  let dataDir: string
  const env = () => ({ ...process.env, ONAIR_DATA_DIR: dataDir, ONAIR_ENCODER: 'libx264' })
  const cli = async (args: string[]) => {
    const r = await run(process.execPath, [CLI, ...args], { env: env(), timeoutMs: 30_000 })
    expect(r.code, r.stderr).toBe(0)
    return jsonLines(r.stdout)
  }

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-offline-'))
  })
  afterAll(async () => {
    await ingest?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('ingest down at Go Live for 15 s: offline and recording, live by itself when it returns, no gap in the recording', async () => {
    const key = `offline-${Date.now()}`
    await ingest.stopServer()
    const recordDir = join(dataDir, 'rec')
    const s = onairLive(['--to', `${ingest.base}/live/${key}`, '--offline', '--record', recordDir], env())
    await waitFor(() => states(s.lines).some((l) => l.state === 'offline'), 20_000, 'offline')
    const offlineAt = Date.now()
    expect(states(s.lines).at(-1)).toMatchObject({ state: 'offline', offlineMode: true, destinations: [{ state: 'offline' }] })
    await sleep(offlineAt + 15_000 - Date.now())
    const back = Date.now()
    await ingest.startServer()
    const published = await ingest.waitForPublish(key, 15_000, back)
    await waitFor(() => states(s.lines).at(-1)?.state === 'live', 10_000, 'live')
    console.log(`offline mode: live ${((published.time - back) / 1000).toFixed(2)} s after the ingest came back`)
    expect(published.time - back).toBeLessThan(3000)
    await sleep(2500)
    const stoppedAt = Date.now()
    s.child.kill('SIGINT')
    expect(await s.exited).toBe(0)

    const last = states(s.lines).at(-1) as JsonLine & { unstreamed?: Array<{ start: number; end: number }>; recordingPath: string; startedAt: number }
    expect(last.state).toBe('ended')
    expect(last.unstreamed).toHaveLength(1)
    const span = (last.unstreamed?.[0].end ?? 0) - (last.unstreamed?.[0].start ?? 0)
    expect(span / 1000).toBeGreaterThan(14)
    expect(span / 1000).toBeLessThan(19)
    // The recording has the whole show, offline part included, without a hole.
    const gaps = gapStats(await videoPackets(last.recordingPath))
    const shown = (Date.now() - (last.startedAt as number)) / 1000
    console.log(
      `offline mode: recording ${gaps.first.toFixed(2)}-${gaps.last.toFixed(2)} s, max gap ${gaps.maxGap.toFixed(3)} s, unstreamed ${(span / 1000).toFixed(1)} s`
    )
    expect(gaps.maxGap).toBeLessThanOrEqual(0.1)
    // From the first second offline to the stop: the offline part and the live part, all there.
    expect(gaps.last - gaps.first).toBeGreaterThan((stoppedAt - (last.unstreamed?.[0].start ?? 0)) / 1000 - 0.5)
    expect(gaps.last - gaps.first).toBeLessThan(shown)

    // The session history lists the unstreamed part, and the library keeps the recording for a handoff.
    const id = states(s.lines)[0].sessionId as string
    const [report] = (await cli(['sessions', 'show', id, '--json'])) as Array<JsonLine & SessionReport>
    expect(report.unstreamed).toHaveLength(1)
    expect(Math.abs((report.unstreamed?.[0].seconds ?? 0) - span / 1000)).toBeLessThanOrEqual(0.2)
    const codes = s.lines.filter((l) => l.type === 'event').map((l) => l.code)
    expect(codes).toEqual(expect.arrayContaining(['destination.offline', 'live.offline', 'live.unstreamed', 'live.started', 'recording.pendingHandoff']))
    const recordings = (await cli(['recordings', '--json'])) as Array<JsonLine & RecordingSummary>
    const kept = recordings.find((r) => r.path === last.recordingPath)
    expect(kept).toMatchObject({ state: 'pending_handoff', sessionId: id })
    // …with the part the audience missed, in seconds of the recording: what a handoff of only that part sends.
    expect(kept?.missed).toHaveLength(1)
    const missed = kept?.missed?.[0] as { startSeconds: number; endSeconds: number }
    expect(missed.startSeconds).toBeLessThanOrEqual(1)
    expect(Math.abs(missed.endSeconds - missed.startSeconds - span / 1000)).toBeLessThanOrEqual(2.5)
  }, 60_000)

  it('a refused key is not offline: it fails as without --offline', async () => {
    const key = `offline-refused-${Date.now()}`
    ingest.rejectKeys.add(key)
    const s = onairLive(['--to', `${ingest.base}/live/${key}`, '--offline', '--no-record'], env())
    expect(await s.exited).toBe(1)
    expect(states(s.lines).map((l) => l.state)).not.toContain('offline')
    expect(s.lines.find((l) => l.type === 'error')).toMatchObject({ code: 'ingest_rejected_key' })
  }, 30_000)
})

describe('offline mode with a provider API out of reach (in process: real ffmpeg, nginx-rtmp, the Sigma emulator)', () => {
  it('Sigma answers 503 at Go Live: offline and recording; asked again, it answers, and its push joins the running show', async () => {
    const ingest = await startRtmpIngest()
    const emu = new SigmaEmulator({ stopTimeoutScaleMs: 20, processingMs: 50 })
    await emu.start()
    emu.attachIngest(ingest)
    const dataDir = mkdtempSync(join(tmpdir(), 'onair-offline-api-'))
    const core = createCore({
      shell: 'serve',
      version: '0.0.0-test',
      credentialStore: new MemoryCredentialStore(),
      dataDir,
      env: { ...process.env, ONAIR_ENCODER: 'libx264' },
      providerTuning: { http: { timeoutMs: 2000, retries: 0, backoffBaseMs: 20 }, tuning: { pollIntervalMs: 50 } }
    })
    const states: LiveSnapshot[] = []
    core.onDidEmit((event, payload) => {
      if (event === 'live:state') states.push(payload as LiveSnapshot)
    })
    try {
      expect(
        (
          await core.dispatch('accounts:save', {
            provider: 'sigma',
            fields: { appId: emu.appId, username: emu.username, secret: emu.secret, apiBase: emu.url }
          })
        ).ok
      ).toBe(true)
      const created = await core.dispatch('channels:create', { provider: 'sigma', name: 'Offline show', options: {} })
      if (!created.ok) throw new Error(created.error.message)
      // The API is down: every call answers 503 until cleared.
      emu.server.inject({ kind: 'status', status: 503 }, { times: 10_000 })
      const started = await core.dispatch('live:start', { destinations: [{ provider: 'sigma', channelId: created.value.id }], record: true, offline: true })
      if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`)
      expect(started.value).toMatchObject({ state: 'offline', destinations: [{ state: 'offline' }] })
      await sleep(4000)
      const back = Date.now()
      emu.server.clearFaults()
      await waitFor(() => states.at(-1)?.state === 'live', 15_000, 'live')
      const channel = emu.channels.get(created.value.id)
      expect(channel?.startCalled).toBe(true)
      console.log(`offline mode (API): live ${((Date.now() - back) / 1000).toFixed(1)} s after Sigma answered again`)
      await sleep(2000)
      const ended = await core.dispatch('live:stop', {})
      if (!ended.ok) throw new Error(ended.error.message)
      expect(ended.value.unstreamed).toHaveLength(1)
      const gaps = gapStats(await videoPackets(ended.value.recordingPath as string))
      console.log(`offline mode (API): recording ${(gaps.last - gaps.first).toFixed(2)} s, max gap ${gaps.maxGap.toFixed(3)} s`)
      expect(gaps.maxGap).toBeLessThanOrEqual(0.1)
      expect(JSON.stringify(states)).not.toContain(emu.secret)
    } finally {
      await core.dispatch('live:stop', {})
      await emu.close()
      await ingest.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
