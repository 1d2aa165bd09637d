import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/compose'
import { MemoryCredentialStore } from '../../src/main/core/credentials/memory-credential-store'
import type { OnairCore } from '../../src/main/core/onair-core'
import type { EventName } from '../../src/shared/contract'
import { SESSION_LOG_MAX, type LiveSnapshot, type LiveStats, type LogEvent } from '../../src/shared/live'
import { NaverEmulator } from '../emulators/naver/naver-emulator'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { waitFor } from '../fixtures/ports'

/**
 * Issue 8 item 5 through the contract: one `live:start` with an API provider (NAVER, through its emulator, with its
 * backup ingest) and a Custom RTMP account, one encode, real ffmpeg and real nginx-rtmp. One destination's ingest
 * refuses its key; the others stay live, and the snapshot says which one failed and why. A second client asking
 * mid-show sees the same show as the first one, which followed the events.
 */
describe('multistream: one encode, several destinations, one of them refused', () => {
  let naverIngest: RtmpIngest
  let plainIngest: RtmpIngest
  const naver = new NaverEmulator()
  let dataDir: string

  beforeAll(async () => {
    ;[naverIngest, plainIngest] = await Promise.all([startRtmpIngest(), startRtmpIngest(), naver.start()])
    // The NAVER ingest asks the emulator about every publish: keys it did not hand out are refused (403).
    naver.attachIngest(naverIngest)
    dataDir = mkdtempSync(join(tmpdir(), 'onair-multistream-'))
  })
  afterAll(async () => {
    await Promise.all([naverIngest?.close(), plainIngest?.close(), naver.close()])
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function setUp(name: string): Promise<{ core: OnairCore; events: Array<{ event: EventName; payload: unknown }>; channelId: string }> {
    const core = createCore({
      shell: 'serve',
      version: '0.0.0-test',
      credentialStore: new MemoryCredentialStore(),
      dataDir,
      env: { ...process.env, ONAIR_ENCODER: 'libx264' },
      providerTuning: { http: { timeoutMs: 3000, retries: 1, backoffBaseMs: 20 }, tuning: { pollIntervalMs: 50, naverReadyTimeoutMs: 3000 } }
    })
    const events: Array<{ event: EventName; payload: unknown }> = []
    core.onDidEmit((event, payload) => events.push({ event, payload }))
    expect(
      await core.dispatch('accounts:save', { provider: 'naver', fields: { accessKey: naver.accessKey, secretKey: naver.secretKey, apiBase: naver.url } })
    ).toMatchObject({ ok: true, value: { connected: true } })
    const created = await core.dispatch('channels:create', {
      provider: 'naver',
      name,
      options: { qualitySetId: 1, profileId: 7, isStreamFailOver: true }
    })
    if (!created.ok) throw new Error(created.error.message)
    expect(created.value.details).toMatchObject({ backupIngest: true })
    return { core, events, channelId: created.value.id }
  }

  const statsOf = (events: Array<{ event: EventName; payload: unknown }>) => events.filter((e) => e.event === 'live:stats').map((e) => e.payload as LiveStats)
  const bytes = (stats: LiveStats | undefined, id: string) => stats?.destinations.find((d) => d.id === id)?.bytesSent ?? 0

  it('NAVER main + backup stay live while the Custom RTMP ingest refuses its key; a second client sees the same show', async () => {
    const { core, events, channelId } = await setUp('multi_1')
    const refusedKey = `refused-custom-${Date.now()}`
    // The same nginx as NAVER's: the emulator never handed out this key, so on_publish answers 403.
    await core.dispatch('accounts:save', { provider: 'custom', fields: { serverUrl: `${naverIngest.base}/live`, streamKey: refusedKey } })

    const started = await core.dispatch('live:start', {
      destinations: [
        { provider: 'naver', channelId, backup: true },
        { provider: 'custom', profile: 'default' }
      ],
      video: 'testsrc',
      audio: 'sine',
      record: false
    })
    if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`)
    const name = `NAVER Cloud Live Station · multi_1`
    expect(started.value).toMatchObject({
      state: 'live',
      sources: { video: 'testsrc', audio: 'sine' },
      destinations: [
        { id: 'd1', provider: 'naver', channelId, label: name, state: 'live' },
        { id: 'd2', provider: 'naver', channelId, backup: true, label: `${name} (backup)`, state: 'live' },
        { id: 'd3', provider: 'custom', label: `${naverIngest.base}/live`, state: 'failed', error: { code: 'ingest_rejected_key', retryable: false } }
      ]
    })
    const channel = naver.channels.get(channelId)!
    expect(channel.channelStatus).toBe('PUBLISHING')
    expect(channel.backupPublishing).toBe(true)
    // Main first, as NAVER asks: the backup's publish reached the ingest after the main one's.
    const publishes = naverIngest.callbacks.filter((c) => c.call === 'publish').map((c) => c.name)
    expect(publishes.indexOf(channel.backupStreamKey!)).toBeGreaterThan(publishes.indexOf(channel.streamKey))
    expect(publishes).toContain(refusedKey)

    // The two NAVER pushes keep sending; the refused one sends nothing more (its handshake and publish were all).
    const at = statsOf(events).length
    await waitFor(() => statsOf(events).length >= at + 3, 10_000, 'three more stats samples')
    const [before, after] = [statsOf(events)[at], statsOf(events).at(-1)]
    expect(bytes(after, 'd1')).toBeGreaterThan(bytes(before, 'd1'))
    expect(bytes(after, 'd2')).toBeGreaterThan(bytes(before, 'd2'))
    expect(bytes(after, 'd3')).toBe(bytes(before, 'd3'))
    expect(bytes(after, 'd3')).toBeLessThan(10_000)

    // A window that reloads now: live:snapshot is what a client that followed every event holds.
    const second = await core.dispatch('live:snapshot', {})
    if (!second.ok) throw new Error(second.error.message)
    const first = followed(events)
    expect(second.value).toEqual(first)
    expect(second.value.log.map((l) => l.code)).toEqual(
      expect.arrayContaining(['live.preparing', 'destination.ready', 'live.started', 'error.ingest_rejected_key'])
    )
    expect(second.value.log.find((l) => l.code === 'error.ingest_rejected_key')?.data).toMatchObject({ destination: `${naverIngest.base}/live` })
    for (const secret of [naver.secretKey, channel.streamKey, channel.backupStreamKey!, refusedKey]) expect(JSON.stringify(events)).not.toContain(secret)

    const stopped = await core.dispatch('live:stop', {})
    expect(stopped).toMatchObject({ ok: true, value: { state: 'ended', destinations: [{ state: 'ended' }, { state: 'ended' }, { state: 'failed' }] } })
    // The end is told to NAVER once (off → BLOCK), for the channel both pushes went to.
    expect(channel.channelStatus).toBe('BLOCK')
    await core.shutdown()
  }, 60_000)

  it('the NAVER ingest refuses the channel key: its backup never starts, the Custom RTMP destination goes live alone', async () => {
    const { core, channelId } = await setUp('multi_2')
    const channel = naver.channels.get(channelId)!
    naverIngest.rejectKeys.add(channel.streamKey)
    const key = `plain-custom-${Date.now()}`
    await core.dispatch('accounts:save', { provider: 'custom', profile: 'plain', fields: { serverUrl: `${plainIngest.base}/live`, streamKey: key } })

    const started = await core.dispatch('live:start', {
      destinations: [
        { provider: 'naver', channelId, backup: true },
        { provider: 'custom', profile: 'plain' }
      ],
      record: false
    })
    if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`)
    expect(started.value).toMatchObject({
      state: 'live',
      destinations: [
        { id: 'd1', state: 'failed', error: { code: 'ingest_rejected_key' } },
        { id: 'd2', backup: true, state: 'failed', error: { code: 'ingest_failed' } },
        { id: 'd3', provider: 'custom', profile: 'plain', state: 'live' }
      ]
    })
    await plainIngest.waitForPublish(key)
    // The refused key was asked for again once (a fresh ingest), then given up; the backup key was never pushed.
    expect(naverIngest.callbacks.filter((c) => c.call === 'publish' && c.name === channel.streamKey).length).toBe(2)
    expect(naverIngest.callbacks.some((c) => c.name === channel.backupStreamKey)).toBe(false)
    await new Promise((r) => setTimeout(r, 1500))
    expect(core.services.live.snapshot()).toMatchObject({ state: 'live', destinations: [{ state: 'failed' }, { state: 'failed' }, { state: 'live' }] })
    expect(await core.dispatch('live:stop', {})).toMatchObject({ ok: true, value: { state: 'ended' } })
    await core.shutdown()
  }, 60_000)
})

/** What a client that followed the events holds: the last live:state, with every log:event after it appended. */
function followed(events: Array<{ event: EventName; payload: unknown }>): LiveSnapshot {
  let view: LiveSnapshot | null = null
  for (const { event, payload } of events) {
    if (event === 'live:state') view = structuredClone(payload as LiveSnapshot)
    else if (event === 'log:event' && view) view.log = [...view.log, payload as LogEvent].slice(-SESSION_LOG_MAX)
  }
  return view as LiveSnapshot
}
