/**
 * Go Live from the Studio with the preview already running (issue 9 item 3), through `onair serve` (real keychain,
 * ffmpeg, nginx-rtmp, Xvfb at 1920×1080). Prints progress on stderr and, as its last stdout line, one JSON object:
 *   studio_golive_median_s     live:start (the app's Go Live) → the ingest's on_publish, preview running, median of 5  [≤ 0.4]
 *   studio_golive_samples_s    every sample
 *   studio_first_keyframe_median_s   live:start → it resolves: the first keyframe has gone out to the ingest (when the app
 *                                    says Live); on_publish comes earlier, as our RTMP client publishes while the encoder starts
 *   bare_ffmpeg_golive_median_s   a bare ffmpeg started cold, capturing the same screen and pushing to the same ingest,
 *                                 → on_publish, median of 5, in the same run (the floor of a cold start on this machine)
 * Each show records (the app's default) and is stopped before the next, as a streamer's next show would be.
 * Run: npm run bench   (BENCH_ONLY=studio runs this alone)
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { startRtmpIngest } from '../test/fixtures/nginx-rtmp'
import { startServe } from '../test/fixtures/serve'
import { WireClient } from '../test/fixtures/wire-client'
import { startXvfb } from '../test/fixtures/xvfb'
import { median, round, sleep } from './bench-stats'

const ONLY = process.env.BENCH_ONLY?.split(',')
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const log = (...a: unknown[]) => console.error('[bench studio]', ...a)

async function main(): Promise<void> {
  if (ONLY && !ONLY.includes('studio')) return console.log('{}')
  const x = await startXvfb('1920x1080x24')
  const [ingest, serve] = await Promise.all([startRtmpIngest(), startServe({ env: { DISPLAY: x.display } })])
  const client = await WireClient.open(serve.origin, serve.token)
  const call = async (command: string, request: unknown) => {
    const answer = await client.call(command, request, 30_000)
    if (!answer.result.ok) throw new Error(`${command}: ${answer.result.error.code} ${answer.result.error.message}`)
    return answer.result.value
  }
  try {
    await call('preview:start', { video: 'screen:0', audio: 'none' })
    await sleep(2000)
    const studio: number[] = []
    const keyframe: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const key = `studio-${i}-${randomBytes(4).toString('hex')}`
      await call('accounts:save', { provider: 'custom', fields: { serverUrl: `${ingest.base}/live`, streamKey: key } })
      const startedAt = Date.now()
      const published = ingest.waitForPublish(key, 20_000, startedAt)
      await call('live:start', { destinations: [{ provider: 'custom', profile: 'default' }], video: 'screen:0', audio: 'none', record: true })
      keyframe.push((Date.now() - startedAt) / 1000)
      const at = (await published).time - startedAt
      studio.push(at / 1000)
      log(`Studio Go Live → on_publish: ${at} ms, → first keyframe sent (Live): ${Math.round(keyframe.at(-1)! * 1000)} ms`)
      await call('live:stop', {})
      await ingest.waitForPublishDone(key, 20_000, startedAt)
      await sleep(1000)
    }
    const bare: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const key = `bare-${i}-${randomBytes(4).toString('hex')}`
      const startedAt = Date.now()
      const published = ingest.waitForPublish(key, 20_000, startedAt)
      const ffmpeg = spawn(
        'ffmpeg',
        [
          '-v',
          'error',
          '-f',
          'x11grab',
          '-framerate',
          '30',
          '-video_size',
          '1920x1080',
          '-i',
          x.display,
          '-vf',
          'scale=1280:720,format=yuv420p',
          '-c:v',
          'libx264',
          '-preset',
          'veryfast',
          '-g',
          '60',
          '-b:v',
          '3500k',
          '-f',
          'flv',
          `${ingest.base}/live/${key}`
        ],
        { stdio: 'ignore' }
      )
      try {
        const at = (await published).time - startedAt
        bare.push(at / 1000)
        log(`bare ffmpeg cold → on_publish: ${at} ms`)
      } finally {
        ffmpeg.kill('SIGINT')
        await new Promise((r) => ffmpeg.once('exit', r))
      }
      await sleep(500)
    }
    console.log(
      JSON.stringify({
        studio_golive_median_s: round(median(studio)),
        studio_golive_samples_s: studio.map((s) => round(s)),
        studio_first_keyframe_median_s: round(median(keyframe)),
        studio_first_keyframe_samples_s: keyframe.map((s) => round(s)),
        bare_ffmpeg_golive_median_s: round(median(bare)),
        bare_ffmpeg_golive_samples_s: bare.map((s) => round(s))
      })
    )
  } finally {
    client.close()
    await serve.stop()
    await ingest.close()
    await x.close()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
