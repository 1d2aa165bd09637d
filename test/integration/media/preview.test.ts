import { spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { OnairCore } from '../../../src/main/core/onair-core'
import type { EventName, PreviewFrame } from '../../../src/shared/contract'
import type { AudioLevels, PreviewStatus } from '../../../src/shared/preview'
import { startRtmpIngest, type RtmpIngest } from '../../fixtures/nginx-rtmp'
import { waitFor } from '../../fixtures/ports'
import { playTone, startPulse, type PulseServer } from '../../fixtures/pulse'
import { processesWith } from '../../fixtures/processes'
import { startXvfb, type XvfbDisplay } from '../../fixtures/xvfb'

/** Width and height from a baseline or progressive JPEG's SOF marker. */
function jpegSize(jpeg: Buffer): { width: number; height: number } {
  let i = 2
  while (i < jpeg.length) {
    const marker = jpeg[i + 1]
    const length = jpeg.readUInt16BE(i + 2)
    if (marker >= 0xc0 && marker <= 0xc2) return { height: jpeg.readUInt16BE(i + 5), width: jpeg.readUInt16BE(i + 7) }
    i += 2 + length
  }
  throw new Error('no SOF marker')
}

/** Established TCP connections from this machine to `port` (/proc/net/tcp: remote address, state 01). */
function connectionsTo(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0')
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => {
      const f = l.trim().split(/\s+/)
      return f[2]?.endsWith(`:${hex}`) && f[3] === '01'
    }).length
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Issue 9 items 3 and 4 through the contract, with the real parts a streamer has: a 1920×1080 X screen (Xvfb), a
 * PulseAudio null sink (its monitor is "system audio"), ffmpeg, and an nginx-rtmp ingest that must see nothing until
 * Go Live. The picture and the meter come before Go Live and go on through it.
 */
describe('the Studio preview and audio meters (real ffmpeg, Xvfb, PulseAudio)', () => {
  let x: XvfbDisplay
  let pulse: PulseServer
  let ingest: RtmpIngest
  let core: OnairCore
  let dataDir: string
  let player: ChildProcess | null = null
  const events: Array<{ event: EventName; payload: unknown; at: number }> = []
  const frames = (from = 0) => events.filter((e) => e.event === 'preview:frame' && e.at >= from).map((e) => ({ ...(e.payload as PreviewFrame), at: e.at }))
  const levels = (from = 0) => events.filter((e) => e.event === 'audio:levels' && e.at >= from).map((e) => ({ ...(e.payload as AudioLevels), at: e.at }))

  const play = (peak: number) => playTone(pulse, peak)

  beforeAll(async () => {
    ;[x, pulse, ingest] = await Promise.all([startXvfb('1920x1080x24'), startPulse(), startRtmpIngest()])
    dataDir = mkdtempSync(join(tmpdir(), 'onair-preview-'))
    core = createCore({
      shell: 'serve',
      version: '0.0.0-test',
      credentialStore: new MemoryCredentialStore(),
      dataDir,
      env: { ...process.env, ...pulse.env, DISPLAY: x.display, ONAIR_ENCODER: 'libx264' }
    })
    core.onDidEmit((event, payload) => events.push({ event, payload, at: Date.now() }))
  })
  afterAll(async () => {
    player?.kill('SIGTERM')
    await core?.shutdown()
    await Promise.all([x?.close(), pulse?.close(), ingest?.close()])
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('shows the screen at ≥ 10 fps and 640 px, and the meter, before Go Live, with no connection to the ingest', async () => {
    const started = await core.dispatch('preview:start', { video: 'screen:0', audio: 'system' })
    expect(started).toEqual({ ok: true, value: { video: 'screen:0', audio: 'system', muted: false } })
    const t0 = Date.now()
    await sleep(3000)
    const got = frames(t0)
    const fps = got.length / 3
    expect(fps).toBeGreaterThanOrEqual(10)
    const size = jpegSize(Buffer.from(got.at(-1)!.data, 'base64'))
    expect(size).toEqual({ width: 640, height: 360 })
    // A null sink nobody plays to sends nothing at all: the meter still reports (once a second), naming the source.
    expect(levels(t0).length).toBeGreaterThanOrEqual(2)
    expect(levels(t0).at(-1)!.levels).toMatchObject([{ source: 'system', muted: false }])
    // Nothing pushed: the ingest got no publish and no connection, no ffmpeg was told of any rtmp:// address.
    expect(ingest.callbacks).toEqual([])
    expect(connectionsTo(ingest.port)).toBe(0)
    expect(processesWith('rtmp://')).toEqual([])
    expect(core.services.preview!.pids()).toHaveLength(2)
  })

  it('reads a -12 dBFS tone within 1 dB, and says "no signal" after 5 s of silence (not before)', async () => {
    player = play(0.2512) // 20·log10(0.2512) = −12.0 dBFS
    await sleep(1500)
    const t0 = Date.now()
    await sleep(1500)
    const peaks = levels(t0).map((l) => l.levels[0].peakDb)
    // About ten readings a second.
    expect(peaks.length).toBeGreaterThanOrEqual(12)
    for (const peak of peaks) expect(Math.abs((peak ?? -Infinity) + 12)).toBeLessThanOrEqual(1)
    for (const rms of levels(t0).map((l) => l.levels[0].rmsDb)) expect(Math.abs((rms ?? -Infinity) + 15)).toBeLessThanOrEqual(1)
    expect(levels(t0).every((l) => !l.levels[0].noSignal && !l.levels[0].clipped)).toBe(true)

    player.kill('SIGTERM')
    player = null
    const quietFrom = Date.now()
    await waitFor(() => levels(quietFrom).some((l) => l.levels[0].noSignal), 9000, 'no signal')
    const first = levels(quietFrom).find((l) => l.levels[0].noSignal)!
    expect(first.at - quietFrom).toBeGreaterThanOrEqual(4500)
    expect(first.levels[0].peakDb).toBeNull()
  })

  it('marks a clipping tone, mutes, and keeps the picture going through Go Live and Stop; the pushed audio is silent while muted', async () => {
    player = play(1)
    await waitFor(() => levels(Date.now() - 300).some((l) => l.levels[0].clipped), 5000, 'clip mark')
    player.kill('SIGTERM')
    player = play(0.2512)

    const muted = await core.dispatch('audio:mute', { muted: true })
    expect(muted).toMatchObject({ ok: true, value: { muted: true } })
    const mutedAt = Date.now()
    await sleep(400)
    // The meter still shows the source (a muted mic can be checked), and says it is muted.
    expect(levels(mutedAt + 200).at(-1)!.levels[0]).toMatchObject({ muted: true, noSignal: false })

    const key = `preview-${Date.now()}`
    expect(await core.dispatch('accounts:save', { provider: 'custom', fields: { serverUrl: `${ingest.base}/live`, streamKey: key } })).toMatchObject({
      ok: true
    })
    const goLiveAt = Date.now()
    const started = await core.dispatch('live:start', { destinations: [{ provider: 'custom' }], video: 'screen:0', audio: 'system', record: false })
    expect(started.ok, JSON.stringify(started)).toBe(true)
    await ingest.waitForPublish(key)
    await sleep(2500)
    await core.dispatch('live:stop', {})
    await ingest.waitForPublishDone(key)
    await sleep(500)

    // The picture never paused: no gap over half a second from before Go Live to after Stop, and still 640 px.
    const around = frames(goLiveAt - 1000).map((f) => f.at)
    const gaps = around.slice(1).map((t, i) => t - around[i])
    expect(Math.max(...gaps)).toBeLessThan(500)
    expect(around.length / ((Date.now() - goLiveAt + 1000) / 1000)).toBeGreaterThanOrEqual(9)
    expect(core.services.preview!.pids()).toHaveLength(2)

    // What reached the ingest: the AAC track is there, and silent (the tone was playing all along).
    const file = ingest.recordings().find((f) => f.includes(key))!
    const volume = spawnSync('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-'], { encoding: 'utf8' })
    expect(volume.stderr).toMatch(/max_volume: -9\d\.\d dB/)
    await core.dispatch('audio:mute', { muted: false })
  })

  it('stops every preview ffmpeg on preview:stop, and when the last client left (after its grace), never leaving one behind', async () => {
    const stopped = await core.dispatch('preview:stop', {})
    expect(stopped).toEqual({ ok: true, value: { video: null, audio: null, muted: false } satisfies PreviewStatus })
    expect(core.services.preview!.pids()).toEqual([])
    await core.dispatch('preview:start', { video: 'screen:0', audio: 'system' })
    const pids = core.services.preview!.pids()
    expect(pids).toHaveLength(2)
    core.services.preview!.stopSoon(200)
    await waitFor(() => core.services.preview!.pids().length === 0, 5000, 'preview stopped')
    expect(pids.filter((pid) => processesWith(String(x.display)).includes(pid))).toEqual([])
  })
})
