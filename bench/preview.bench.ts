/**
 * The Studio preview's cost (issue 9 item 3), measured with Debian ffmpeg on a 1920×1080 Xvfb screen that shows a
 * moving picture. Prints progress on stderr and, as its last stdout line, one JSON object:
 *   preview_cpu_pct          CPU of the preview's ffmpeg (x11grab at 12 fps → 640 px JPEGs), % of one core   [≤ 15]
 *   preview_node_cpu_pct     CPU of this process meanwhile (JPEG splitting, base64, the frame events), % of one core
 *   preview_fps, preview_width   what the Studio received
 *   encoder_cpu_pct          beside it, the live encoder's own cost on the same screen (capture → 720p30 libx264 +
 *                            AAC, FLV to a pipe, no recording), % of one core, and encoder_fps (30 when it keeps up)
 * Run: npm run bench   (BENCH_ONLY=preview runs this alone; BENCH_QUICK=1 measures 8 s instead of 20)
 */
import { cpus, loadavg } from 'node:os'
import { buildEncoderArgs, encoderSettings } from '../src/main/core/media/encoder-args'
import { FfmpegLocator } from '../src/main/core/media/ffmpeg-locator'
import { FfmpegProcess } from '../src/main/core/media/ffmpeg-process'
import { PreviewCapture } from '../src/main/core/media/preview-capture'
import { audioInput, videoInput } from '../src/main/core/media/source-args'
import { playOnScreen, startXvfb } from '../test/fixtures/xvfb'
import { processCpuSeconds, sleep } from './bench-stats'

const QUICK = process.env.BENCH_QUICK === '1'
const ONLY = process.env.BENCH_ONLY?.split(',')
const SECONDS = QUICK ? 8 : 20
const log = (...a: unknown[]) => console.error('[bench]', ...a)
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d

const selfCpuSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

async function main(): Promise<void> {
  if (ONLY && !ONLY.includes('preview')) return console.log('{}')
  const x = await startXvfb('1920x1080x24')
  const env = { ...process.env, DISPLAY: x.display }
  // Something that moves on the captured screen, so the JPEG encoder has real work (SDL draws into Xvfb).
  const player = playOnScreen(x, '1280x720', 30, 'onair-bench')
  const result: Record<string, unknown> = {}
  try {
    await sleep(1000)
    const locator = new FfmpegLocator({ env })
    const caps = await locator.locate({ devices: ['x11grab', 'lavfi'] })
    log(
      `machine: ${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, ffmpeg ${caps.version}`
    )

    // The preview, as the Studio runs it before Go Live (no audio source: the picture's own cost).
    let frames = 0
    let width = 0
    const preview = new PreviewCapture({
      locator,
      env,
      listener: {
        onFrame: (f) => {
          frames++
          if (!width) width = Buffer.from(f.data, 'base64').readUInt16BE(jpegSofOffset(Buffer.from(f.data, 'base64')) + 7)
        },
        onLevels: () => {},
        onState: () => {}
      }
    })
    await preview.start('screen:0', 'none')
    await sleep(1000)
    const [pid] = preview.pids()
    const cpu0 = processCpuSeconds(pid)
    const self0 = selfCpuSeconds()
    const frames0 = frames
    const t0 = Date.now()
    await sleep(SECONDS * 1000)
    const wall = (Date.now() - t0) / 1000
    result.preview_cpu_pct = round(((processCpuSeconds(pid) - cpu0) / wall) * 100)
    result.preview_node_cpu_pct = round(((selfCpuSeconds() - self0) / wall) * 100)
    result.preview_fps = round((frames - frames0) / wall)
    result.preview_width = width
    await preview.stop()
    log(`preview: ${result.preview_cpu_pct} % of a core (ffmpeg) + ${result.preview_node_cpu_pct} % (node), ${result.preview_fps} fps, ${width} px`)

    // The live encoder on the same screen, for scale: what going live adds.
    const output = { width: 1280, height: 720, fps: 30 }
    let lastFrame = 0
    const encoder = new FfmpegProcess({
      path: caps.path,
      args: buildEncoderArgs({
        video: videoInput('screen:0', output, 'linux', env),
        audio: audioInput('sine', 'linux'),
        settings: encoderSettings(output),
        recordingPath: null,
        preview: null,
        mute: false
      }),
      stdout: 'pipe',
      env,
      onProgress: (p) => (lastFrame = p.frame)
    })
    encoder.child.stdout?.resume()
    await sleep(2000)
    const e0 = processCpuSeconds(encoder.pid!)
    const f0 = lastFrame
    const et0 = Date.now()
    await sleep(SECONDS * 1000)
    const ewall = (Date.now() - et0) / 1000
    result.encoder_cpu_pct = round(((processCpuSeconds(encoder.pid!) - e0) / ewall) * 100)
    // Below 30 the machine could not keep up, and the encoder's figure is lower than it would be.
    result.encoder_fps = round((lastFrame - f0) / ewall)
    await encoder.stop()
    log(`encoder (720p30 libx264 veryfast): ${result.encoder_cpu_pct} % of a core at ${result.encoder_fps} fps`)
    result.preview_load_average_at_end = loadavg().map((l) => round(l, 2))
  } finally {
    if (player.exitCode === null) player.kill('SIGTERM')
    await x.close()
  }
  console.log(JSON.stringify(result))
}

/** Where a JPEG's SOF marker starts (its width is 7 bytes in). */
function jpegSofOffset(jpeg: Buffer): number {
  let i = 2
  while (i < jpeg.length) {
    if (jpeg[i + 1] >= 0xc0 && jpeg[i + 1] <= 0xc2) return i
    i += 2 + jpeg.readUInt16BE(i + 2)
  }
  return 0
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
