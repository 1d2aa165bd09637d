import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { OnairCore } from '../../../src/main/core/onair-core'
import type { AutoHandoffEvent } from '../../../src/shared/auto-handoff'
import type { RecordingSummary } from '../../../src/shared/recordings'
import { startRtmpIngest, type RtmpIngest } from '../../fixtures/nginx-rtmp'
import { waitFor } from '../../fixtures/ports'
import { run } from '../../fixtures/run'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const durationOf = async (file: string) =>
  parseFloat((await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])).stdout)

/**
 * Issue 11 item 6 with the real parts (in process: real ffmpeg, nginx-rtmp recording what it gets): an offline show to
 * a Custom RTMP ingest that is down; after the show, the ingest comes back. Rule on: the pending recording goes to it
 * by itself and the library says handed_off. Rule off: nothing happens.
 */
describe('automatic handoff rule (real ffmpeg, nginx-rtmp)', () => {
  let ingest: RtmpIngest
  let dataDir: string
  let core: OnairCore
  let told: AutoHandoffEvent[]
  const key = () => `auto-${Date.now()}`

  beforeEach(async () => {
    ingest = await startRtmpIngest()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-auto-handoff-'))
    // Checks every 0.5 s instead of 30 s, so the test takes seconds; the rule's pace itself is table-tested.
    core = createCore({
      shell: 'serve',
      version: '0.0.0-test',
      credentialStore: new MemoryCredentialStore(),
      dataDir,
      env: { ...process.env, ONAIR_ENCODER: 'libx264' },
      autoHandoffTuning: { tickMs: 200, probeEveryMs: 500, retryBaseMs: 1000 }
    })
    told = []
    core.onDidEmit((event, payload) => {
      if (event === 'handoff:auto') told.push(payload as AutoHandoffEvent)
    })
  })
  afterEach(async () => {
    await core.shutdown()
    await ingest.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** A 3 s show that reaches no destination (ingest down): its recording ends pending_handoff. */
  async function offlineShow(streamKey: string): Promise<RecordingSummary> {
    const saved = await core.dispatch('accounts:save', { provider: 'custom', fields: { serverUrl: `${ingest.base}/live`, streamKey } })
    expect(saved.ok).toBe(true)
    await ingest.stopServer()
    const started = await core.dispatch('live:start', { destinations: [{ provider: 'custom' }], video: 'testsrc', audio: 'sine', record: true, offline: true })
    if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`)
    expect(started.value.state).toBe('offline')
    await sleep(3000)
    const ended = await core.dispatch('live:stop', {})
    if (!ended.ok) throw new Error(ended.error.message)
    const listed = await core.dispatch('recordings:list', {})
    if (!listed.ok) throw new Error(listed.error.message)
    expect(listed.value).toHaveLength(1)
    expect(listed.value[0]).toMatchObject({ state: 'pending_handoff', path: ended.value.recordingPath })
    return listed.value[0]
  }
  const stateOf = async (id: string) => {
    const listed = await core.dispatch('recordings:list', {})
    return listed.ok ? listed.value.find((r) => r.id === id)?.state : undefined
  }

  it('rule on: the ingest back after the show, the recording is streamed to it by itself and is handed_off', async () => {
    const settled = await core.dispatch('settings:set', { handoff: { auto: true } })
    expect(settled.ok).toBe(true)
    const streamKey = key()
    const recording = await offlineShow(streamKey)
    // The ingest still down: the rule checks and waits.
    await sleep(1000)
    expect(told).toEqual([])
    const back = Date.now()
    await ingest.startServer()
    const published = await ingest.waitForPublish(streamKey, 10_000, back)
    await waitFor(async () => (await stateOf(recording.id)) === 'handed_off', 20_000, 'handed_off')
    await ingest.waitForPublishDone(streamKey, 10_000, back)
    const received = ingest.recordings().find((f) => f.includes(streamKey)) as string
    const [sent, got] = [await durationOf(recording.path), await durationOf(received)]
    console.log(
      `auto handoff: streamed ${((published.time - back) / 1000).toFixed(2)} s after the ingest came back; ${got.toFixed(2)} s of ${sent.toFixed(2)} s received`
    )
    expect(Math.abs(got - sent)).toBeLessThanOrEqual(1)
    expect(told.map((t) => t.state)).toEqual(['started', 'done'])
    expect(told[0]).toMatchObject({ recordingId: recording.id, action: 'stream', fileName: recording.fileName })
    expect(JSON.stringify(told)).not.toContain(streamKey)
  }, 60_000)

  it('rule off: the ingest back, nothing is sent and the recording stays pending', async () => {
    const streamKey = key()
    const recording = await offlineShow(streamKey)
    await ingest.startServer()
    await sleep(2500)
    expect(ingest.callbacks.filter((c) => c.name === streamKey)).toEqual([])
    expect(await stateOf(recording.id)).toBe('pending_handoff')
    expect(told).toEqual([])
  }, 30_000)
})
