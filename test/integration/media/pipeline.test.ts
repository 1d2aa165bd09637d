import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PreviewFrame } from '../../../src/shared/contract'
import type { OnairError } from '../../../src/shared/errors'
import type { LiveStats } from '../../../src/shared/live'
import { parseRtmpDestination } from '../../../src/shared/rtmp-url'
import { FanoutPipeline } from '../../../src/main/core/media/fanout-pipeline'
import type { PipelineListener } from '../../../src/main/core/media/media-pipeline'
import { startRtmpIngest, type RtmpIngest } from '../../fixtures/nginx-rtmp'
import { waitFor } from '../../fixtures/ports'
import { alive, gapStats, videoPackets } from '../../fixtures/media-probe'

/** The pipeline in-process with real ffmpeg and nginx-rtmp, watching what it tells the live session. */
function harness(
  ingest: RtmpIngest,
  keys: string[],
  options: { preview?: boolean; record?: boolean; refresh?: () => Promise<ReturnType<typeof parseRtmpDestination>> } = {}
) {
  const events: Array<{ kind: string; id?: string; code?: string }> = []
  const previews: PreviewFrame[] = []
  const stats: Array<Omit<LiveStats, 'time'>> = []
  let endedWith: OnairError | null | undefined
  const listener: PipelineListener = {
    onDestinationLive: (id) => events.push({ kind: 'live', id }),
    onDestinationReconnecting: (id, error) => events.push({ kind: 'reconnecting', id, code: error.code }),
    onDestinationFailed: (id, error) => events.push({ kind: 'failed', id, code: error.code }),
    onStats: (s) => stats.push(s),
    onEncoderReady: () => events.push({ kind: 'encoderReady' }),
    onPreviewFrame: (f) => previews.push(f),
    onLog: (_level, code) => events.push({ kind: 'log', code }),
    onEnded: (e) => (endedWith = e)
  }
  const recordingPath = options.record === false ? null : join(mkdtempSync(join(tmpdir(), 'onair-pipe-')), 'show.mkv')
  const pipeline = new FanoutPipeline(
    {
      ffmpegPath: 'ffmpeg',
      video: 'testsrc',
      audio: 'sine',
      destinations: keys.map((k, i) => ({ id: `d${i + 1}`, label: k, rtmp: parseRtmpDestination(`${ingest.base}/live/${k}`), refresh: options.refresh })),
      recordingPath,
      platform: 'linux',
      env: process.env,
      preview: options.preview
    },
    listener,
    { stallMs: 2000 }
  )
  return { pipeline, events, previews, stats, recordingPath, ended: () => endedWith }
}

describe('FanoutPipeline with real ffmpeg', () => {
  let ingest: RtmpIngest
  beforeAll(async () => {
    ingest = await startRtmpIngest()
  })
  afterAll(async () => {
    await ingest?.close()
  })

  it('publishes small preview JPEGs at no more than 5 per second', async () => {
    const h = harness(ingest, [`preview-${Date.now()}`], { preview: true, record: false })
    await h.pipeline.start()
    await waitFor(() => h.events.some((e) => e.kind === 'live'), 15_000, 'live')
    const from = h.previews.length
    const t0 = Date.now()
    await new Promise((r) => setTimeout(r, 3000))
    const rate = ((h.previews.length - from) * 1000) / (Date.now() - t0)
    await h.pipeline.stop()
    expect(rate).toBeGreaterThan(1.5)
    expect(rate).toBeLessThanOrEqual(5.5)
    // The encoder's first keyframe is told once, before any push can be live (the checklist's encoder step).
    expect(h.events.filter((e) => e.kind === 'encoderReady')).toHaveLength(1)
    expect(h.events.findIndex((e) => e.kind === 'encoderReady')).toBeLessThan(h.events.findIndex((e) => e.kind === 'live'))
    const jpeg = Buffer.from(h.previews.at(-1)!.data, 'base64')
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8')
    expect(jpeg.length).toBeLessThan(60_000)
  })

  it('a connection the ingest drops comes back by itself, from a keyframe; the encoder and the recording never notice', async () => {
    const key = `pusher-drop-${Date.now()}`
    const h = harness(ingest, [key])
    await h.pipeline.start()
    await waitFor(() => h.events.some((e) => e.kind === 'live'), 15_000, 'live')
    await new Promise((r) => setTimeout(r, 1500))
    const [encoderPid] = h.pipeline.pids()
    const dropAt = Date.now()
    expect(await ingest.dropPublisher(key)).toBe(true)
    await ingest.waitForPublish(key, 10_000, dropAt)
    await waitFor(() => h.events.filter((e) => e.kind === 'live').length === 2, 10_000, 'live again')
    expect(h.pipeline.pids()).toEqual([encoderPid])
    await new Promise((r) => setTimeout(r, 1000))
    await h.pipeline.stop()
    expect(h.ended()).toBe(null)
    expect(gapStats(await videoPackets(h.recordingPath as string)).maxGap).toBeLessThanOrEqual(0.1)
    expect(h.pipeline.pids()).toEqual([])
    // The second push starts on a keyframe, near time 0 (each connection is its own stream).
    await ingest.waitForPublishDone(key, 10_000, dropAt)
    const pushes = ingest
      .recordings()
      .filter((f) => f.includes(key))
      .sort()
    expect(pushes.length).toBe(2)
    const second = await videoPackets(pushes[1])
    expect(second[0].key).toBe(true)
    expect(second[0].pts).toBeLessThan(0.5)
  })

  it('a link that stops moving never stalls the encoder: its queue drops to keyframes, congestion shows it, the recording has no gap', async () => {
    const h = harness(ingest, [`stuck-link-${Date.now()}`])
    await h.pipeline.start()
    await waitFor(() => h.events.some((e) => e.kind === 'live'), 15_000, 'live')
    // nginx stops reading: once the socket buffers are full (a few MB on loopback), nothing more leaves.
    const thaw = ingest.freeze()
    try {
      await waitFor(() => (h.stats.at(-1)?.destinations[0].congestion ?? 0) >= 0.9, 30_000, 'congestion')
      await new Promise((r) => setTimeout(r, 2500))
    } finally {
      thaw()
    }
    const during = h.stats.at(-1)!
    expect(during.destinations[0].droppedFrames).toBeGreaterThan(0)
    expect(during.speed).toBeGreaterThan(0.5)
    await waitFor(() => (h.stats.at(-1)?.destinations[0].congestion ?? 1) < 0.3, 8000, 'congestion to clear')
    await h.pipeline.stop()
    expect(gapStats(await videoPackets(h.recordingPath as string)).maxGap).toBeLessThanOrEqual(0.1)
  })

  it('reports a stalled encoder, and its recovery', async () => {
    const h = harness(ingest, [`stall-${Date.now()}`], { record: false })
    await h.pipeline.start()
    await waitFor(() => h.events.some((e) => e.kind === 'live'), 15_000, 'live')
    const [encoderPid] = h.pipeline.pids()
    process.kill(encoderPid, 'SIGSTOP')
    try {
      await waitFor(() => h.events.some((e) => e.code === 'encoder.stalled'), 8000, 'stall report')
    } finally {
      process.kill(encoderPid, 'SIGCONT')
    }
    await waitFor(() => h.events.some((e) => e.code === 'encoder.recovered'), 8000, 'recovery report')
    await h.pipeline.stop()
  })

  it('a crashed encoder ends the pipeline with a clear error and takes the pushers with it', async () => {
    const keys = [`enc-crash-a-${Date.now()}`, `enc-crash-b-${Date.now()}`]
    const h = harness(ingest, keys, { record: false })
    await h.pipeline.start()
    await waitFor(() => h.events.filter((e) => e.kind === 'live').length === 2, 15_000, 'live')
    // One encoder; the pushers are connections inside this process, not processes of their own.
    const pids = h.pipeline.pids()
    expect(pids.length).toBe(1)
    const crashAt = Date.now()
    process.kill(pids[0], 'SIGKILL')
    await waitFor(() => h.ended() !== undefined, 15_000, 'end')
    expect(h.ended()?.code).toBe('encoder_failed')
    await waitFor(() => pids.every((p) => !alive(p)), 10_000, 'no ffmpeg left')
    for (const key of keys) await ingest.waitForPublishDone(key, 10_000, crashAt)
  })

  it('a refused key: asks the provider for a fresh ingest once and goes live with it', async () => {
    const stale = `stale-${Date.now()}`
    const fresh = `fresh-${Date.now()}`
    ingest.rejectKeys.add(stale)
    let asked = 0
    const h = harness(ingest, [stale], { record: false, refresh: async () => (asked++, parseRtmpDestination(`${ingest.base}/live/${fresh}`)) })
    await h.pipeline.start()
    await ingest.waitForPublish(fresh, 15_000)
    await waitFor(() => h.events.some((e) => e.kind === 'live'), 10_000, 'live')
    expect(asked).toBe(1)
    expect(h.events.some((e) => e.code === 'pusher.refreshingIngest')).toBe(true)
    await h.pipeline.stop()
  })

  it('a refused key with no fresh ingest to be had fails with ingest_rejected_key and ends the pipeline', async () => {
    const key = `refused-${Date.now()}`
    ingest.rejectKeys.add(key)
    const h = harness(ingest, [key], { record: false })
    await h.pipeline.start()
    await waitFor(() => h.ended() !== undefined, 15_000, 'end')
    expect(h.events.find((e) => e.kind === 'failed')?.code).toBe('ingest_rejected_key')
    expect(h.ended()?.code).toBe('ingest_rejected_key')
    expect(h.pipeline.pids()).toEqual([])
  })

  it('stats every second: encoder fps/speed/bitrate and per-destination bytes, kbps, congestion', async () => {
    const h = harness(ingest, [`stats-${Date.now()}`], { record: false })
    await h.pipeline.start()
    await waitFor(() => h.stats.length >= 4, 15_000, 'stats')
    await h.pipeline.stop()
    const s = h.stats.at(-1)!
    // Loose bounds: CI machines are busy; what matters is that the figures are real and flowing.
    expect(s.fps).toBeGreaterThan(15)
    expect(s.speed).toBeGreaterThan(0.5)
    expect(s.bitrateKbps).toBeGreaterThan(500)
    expect(s.destinations[0]).toMatchObject({ id: 'd1', state: 'live', reconnects: 0 })
    expect(s.destinations[0].kbps).toBeGreaterThan(500)
    expect(s.destinations[0].congestion).toBeLessThan(0.5)
  })
})
