import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { OnairCore } from '../../../src/main/core/onair-core'
import { OUTPUT_PRESETS } from '../../../src/shared/output-presets'
import { startRtmpIngest, type RtmpIngest } from '../../fixtures/nginx-rtmp'
import { run } from '../../fixtures/run'

/** What the ingest received: its video stream's size and its packets (time, bytes, keyframe). */
async function probeVideo(file: string) {
  const stream = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,codec_name', '-of', 'json', file])
  const packets = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,size,flags', '-of', 'csv=p=0', file])
  return {
    stream: (JSON.parse(stream.stdout) as { streams: Array<{ width: number; height: number; codec_name: string }> }).streams[0],
    packets: packets.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [pts, size, flags] = line.split(',')
        return { pts: Number(pts), size: Number(size), key: flags.includes('K') }
      })
  }
}

/**
 * Issue 9 item 5: the output settings reach the stream. Real ffmpeg (libx264) and nginx-rtmp: the saved preset is
 * what the ingest gets, checked with ffprobe on the ingest's own recording: size, frame rate, bitrate within 10 %,
 * a keyframe every 2 s. testsrc keeps the bitrate steady.
 */
describe('output presets, as the ingest receives them', () => {
  let ingest: RtmpIngest
  let dataDir: string
  let core: OnairCore

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-presets-'))
    core = createCore({ shell: 'cli', version: '0.0.0-test', credentialStore: new MemoryCredentialStore(), dataDir, env: { ...process.env } })
  })
  afterAll(async () => {
    await core?.shutdown()
    await ingest?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it.each(['480p30', '1080p30'] as const)('%s: size, fps and bitrate at the ingest', async (preset) => {
    const key = `preset-${preset}-123456`
    await core.dispatch('accounts:save', { provider: 'custom', profile: preset, fields: { serverUrl: `${ingest.base}/live`, streamKey: key } })
    // Saved like the Studio's picker does; libx264 named so the figures do not depend on this machine's GPU.
    expect(await core.dispatch('settings:set', { output: { preset, encoder: 'libx264' } })).toMatchObject({ ok: true })
    const started = await core.dispatch('live:start', {
      destinations: [{ provider: 'custom', profile: preset }],
      video: 'testsrc',
      audio: 'sine',
      record: false
    })
    expect(started).toMatchObject({ ok: true, value: { state: 'live' } })
    await new Promise((r) => setTimeout(r, 6500))
    await core.dispatch('live:stop', {})
    await ingest.waitForPublishDone(key)

    const file = ingest.recordings().find((f) => f.includes(key))
    expect(file).toBeDefined()
    const { stream, packets } = await probeVideo(file as string)
    const want = OUTPUT_PRESETS[preset]
    expect(stream).toMatchObject({ codec_name: 'h264', width: want.width, height: want.height })

    // Frame rate: frames per second of stream time, over the whole push.
    const span = packets.at(-1)!.pts - packets[0].pts
    expect(span).toBeGreaterThan(3)
    expect(Math.round((packets.length - 1) / span)).toBe(want.fps)
    // Bitrate over whole GOPs, from the second keyframe (the rate control's unit, each keyframe's bits counted once): the
    // first GOP is left out because x264 starts with its VBV buffer 90 % full and may spend it at once.
    const keyTimes = packets.filter((p) => p.key).map((p) => p.pts)
    expect(keyTimes.length).toBeGreaterThanOrEqual(3)
    const gops = packets.filter((p) => p.pts >= keyTimes[1] && p.pts < keyTimes.at(-1)!)
    const kbps = (gops.reduce((sum, p) => sum + p.size, 0) * 8) / 1000 / (keyTimes.at(-1)! - keyTimes[1])
    console.log(
      `${preset}: ${stream.width}x${stream.height}, ${((packets.length - 1) / span).toFixed(2)} fps, ${Math.round(kbps)} kbps (want ${want.videoKbps})`
    )
    expect(Math.abs(kbps - want.videoKbps) / want.videoKbps).toBeLessThan(0.1)
    // Keyframes every 2 s (a Custom RTMP destination has no latency mode).
    for (let i = 1; i < keyTimes.length; i++) expect(keyTimes[i] - keyTimes[i - 1]).toBeCloseTo(2, 1)
  })
})
