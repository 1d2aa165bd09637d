/**
 * Media engine benchmarks (issue 4 item 7), measured with Debian ffmpeg, nginx-rtmp and Xvfb on this machine.
 * Prints progress on stderr and, as its last stdout line, one JSON object:
 *   overhead_ratio        CPU s of Onair's pipeline (encoder + recording, and in this process the fan-out and the
 *                         RTMP publisher) ÷ CPU s of one bare ffmpeg doing the same capture, encode, push and
 *                         recording through the tee muxer                                                   [≤ 1.10]
 *   golive_median_s       start of `onair live` → the ingest's on_publish, median of 5                       [≤ 1.0]
 *   reconnect_median_s    ingest down 10 s, back up → republish, median of 5                               [≤ 3.0]
 *   continuity_max_gap_s  largest gap in the recording's video timestamps across those outages            [≤ 0.1]
 *   crash_lost_s          SIGKILL of `onair` mid-show → seconds of show missing from the recording        [≤ 2.0]
 * Run: npm run bench   (BENCH_QUICK=1 shortens the overhead runs; BENCH_ONLY=golive,reconnect picks sections)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildEncoderArgs, encoderSettings } from '../src/main/core/media/encoder-args'
import { FanoutPipeline } from '../src/main/core/media/fanout-pipeline'
import { FfmpegLocator } from '../src/main/core/media/ffmpeg-locator'
import { audioInput, videoInput } from '../src/main/core/media/source-args'
import { parseRtmpDestination } from '../src/shared/rtmp-url'
import { startRtmpIngest, type RtmpIngest } from '../test/fixtures/nginx-rtmp'
import { waitFor } from '../test/fixtures/ports'
import { alive, childrenOf, gapStats, videoPackets } from '../test/fixtures/media-probe'
import { playOnScreen, startXvfb } from '../test/fixtures/xvfb'
import { median, processCpuSeconds, round, sleep } from './bench-stats'

const CLI = join(process.cwd(), 'bin', 'onair.mjs')
const QUICK = process.env.BENCH_QUICK === '1'
const ONLY = process.env.BENCH_ONLY?.split(',')
const section = (name: string) => !ONLY || ONLY.includes(name)
const log = (...a: unknown[]) => console.error('[bench]', ...a)

function selfCpuSeconds(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

interface CliRun {
  child: ChildProcess
  lines: Array<Record<string, unknown>>
  /** When each line arrived. */
  times: number[]
  exited: Promise<number | null>
}
function onair(args: string[], env: NodeJS.ProcessEnv, cli = CLI): CliRun {
  const child = spawn(process.execPath, [cli, ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const run: CliRun = { child, lines: [], times: [], exited: new Promise((r) => child.on('exit', (c) => r(c))) }
  let partial = ''
  child.stdout?.on('data', (d) => {
    partial += d
    const parts = partial.split('\n')
    partial = parts.pop() ?? ''
    for (const p of parts.filter((l) => l.trim())) {
      run.lines.push(JSON.parse(p))
      run.times.push(Date.now())
    }
  })
  child.stderr?.resume()
  return run
}
const states = (r: CliRun) => r.lines.filter((l) => l.type === 'state').map((l) => l.state)

interface Rig {
  ingest: RtmpIngest
  env: NodeJS.ProcessEnv
  dataDir: string
  ffmpeg: string
}

/**
 * Onair's pipeline vs one bare ffmpeg with the tee muxer: same screen capture, same encoder arguments. Both run at
 * the same time, so the load of whatever else runs on the machine falls on both alike; each one's CPU is read
 * from /proc just before it is stopped. Two rounds, the start order swapped.
 */
async function overhead(rig: Rig): Promise<Record<string, unknown>> {
  const seconds = QUICK ? 8 : 25
  const output = { width: 1280, height: 720, fps: 30 }
  const settings = encoderSettings(output)
  let onairCpu = 0
  let bareCpu = 0
  for (let i = 0; i < 2; i++) {
    const key = `overhead-onair-${i}-${Date.now()}`
    let ended: () => void = () => {}
    const done = new Promise<void>((r) => (ended = r))
    const pipeline = new FanoutPipeline(
      {
        ffmpegPath: rig.ffmpeg,
        video: 'screen',
        audio: 'sine',
        destinations: [{ id: 'd1', label: 'bench', rtmp: parseRtmpDestination(`${rig.ingest.base}/live/${key}`) }],
        recordingPath: join(rig.dataDir, `${key}.mkv`),
        platform: 'linux',
        env: rig.env
      },
      { onDestinationLive: () => {}, onStats: () => {}, onLog: () => {}, onEnded: () => ended() }
    )
    // The bare ffmpeg: the same arguments, its tee pushing to RTMP and recording itself.
    const bareKey = `overhead-bare-${i}-${Date.now()}`
    const rec = join(rig.dataDir, `${bareKey}.mkv`)
    const args = buildEncoderArgs({
      video: videoInput('screen', output, 'linux', rig.env),
      audio: audioInput('sine', 'linux'),
      settings,
      recordingPath: rec,
      preview: null
    })
    args[args.indexOf('tee') + 1] = `[f=flv:onfail=ignore]${rig.ingest.base}/live/${bareKey}|[f=matroska]${rec}`
    args.splice(args.indexOf('-progress'), 2)
    const startBare = () => spawn(rig.ffmpeg, args, { env: rig.env, stdio: ['pipe', 'ignore', 'ignore'] })

    const s0 = selfCpuSeconds()
    let bare: ChildProcess
    if (i === 0) {
      await pipeline.start()
      bare = startBare()
    } else {
      bare = startBare()
      await pipeline.start()
    }
    const bareExited = new Promise((r) => bare.on('close', r))
    await sleep(seconds * 1000)
    const children = pipeline.pids().reduce((sum, pid) => sum + processCpuSeconds(pid), 0)
    // The pushers are RTMP connections in this process: all of its CPU (fan-out, publishing, even the ingest
    // fixture's callback server) is counted as Onair's.
    const fanout = selfCpuSeconds() - s0
    const bareNow = processCpuSeconds(bare.pid)
    await pipeline.stop()
    await done
    bare.stdin?.end('q')
    await bareExited
    onairCpu += children + fanout
    bareCpu += bareNow
    log(
      `overhead round ${i + 1}: onair ${(children + fanout).toFixed(2)} CPU s (encoder ${children.toFixed(2)}, fan-out + publisher ${fanout.toFixed(2)}), bare ffmpeg tee ${bareNow.toFixed(2)}, over ${seconds} s side by side`
    )
  }
  return { overhead_ratio: round(onairCpu / bareCpu), overhead_cpu_s: { onair: round(onairCpu, 2), bare_ffmpeg: round(bareCpu, 2), seconds_each: seconds * 2 } }
}

/**
 * `onair live` start → on_publish, through `bin/onair.mjs` as shipped (the CLI bundle that `npm install` builds).
 * Also measured straight from the TypeScript sources (ONAIR_CLI_FROM_SOURCE=1, tsx), to show what the bundle saves.
 */
async function golive(rig: Rig): Promise<Record<string, unknown>> {
  const built = spawnSync(process.execPath, [join(process.cwd(), 'scripts', 'build-cli.mjs')], { stdio: 'ignore' })
  if (built.status !== 0) throw new Error('could not build the CLI bundle (scripts/build-cli.mjs)')
  const variants: Array<[string, NodeJS.ProcessEnv]> = [
    ['shipped', rig.env],
    ['source', { ...rig.env, ONAIR_CLI_FROM_SOURCE: '1' }]
  ]
  const samples: Record<string, number[]> = { shipped: [], source: [] }
  for (let i = 0; i < 6; i++) {
    for (const [name, env] of variants) {
      const key = `golive-${name}-${i}-${Date.now()}`
      const t0 = Date.now()
      const r = onair(['live', '--to', `${rig.ingest.base}/live/${key}`, '--video', 'screen', '--audio', 'sine', '--record', join(rig.dataDir, 'rec')], env)
      const cb = await rig.ingest.waitForPublish(key, 20_000)
      // Round 0 warms the capability cache (and tsx's transform cache), as any second start of the app finds them.
      if (i > 0) samples[name].push((cb.time - t0) / 1000)
      await waitFor(() => states(r).includes('live'), 10_000, 'live')
      r.child.kill('SIGINT')
      await r.exited
    }
  }
  log(`golive (bin/onair.mjs, bundled CLI): ${samples.shipped.map((g) => g.toFixed(3)).join(', ')}`)
  log(`golive (from sources via tsx): ${samples.source.map((g) => g.toFixed(3)).join(', ')}`)
  return {
    golive_median_s: round(median(samples.shipped)),
    golive_samples_s: samples.shipped.map((g) => round(g)),
    golive_from_source_median_s: round(median(samples.source))
  }
}

/** One show through five 10 s outages of the ingest: time to republish, and the recording's largest gap. */
async function reconnect(rig: Rig): Promise<Record<string, unknown>> {
  const key = `reconnect-${Date.now()}`
  const recDir = mkdtempSync(join(tmpdir(), 'onair-bench-rec-'))
  const r = onair(['live', '--to', `${rig.ingest.base}/live/${key}`, '--video', 'screen', '--audio', 'sine', '--record', recDir], rig.env)
  await rig.ingest.waitForPublish(key, 20_000)
  await sleep(2000)
  const samples: number[] = []
  for (let i = 0; i < 5; i++) {
    await rig.ingest.stopServer()
    await sleep(10_000)
    const back = Date.now()
    await rig.ingest.startServer()
    const cb = await rig.ingest.waitForPublish(key, 40_000, back)
    samples.push((cb.time - back) / 1000)
    log(`reconnect ${i + 1}: ${samples.at(-1)?.toFixed(3)} s`)
    await sleep(2000)
  }
  r.child.kill('SIGINT')
  await r.exited
  const gaps = gapStats(await videoPackets(readdirSync(recDir).map((f) => join(recDir, f))[0]))
  return {
    reconnect_median_s: round(median(samples)),
    reconnect_samples_s: samples.map((v) => round(v)),
    continuity_max_gap_s: round(gaps.maxGap),
    continuity_recording_s: round(gaps.last - gaps.first, 2)
  }
}

/** SIGKILL of `onair` mid-show: how much of the show the recording lacks. */
async function crash(rig: Rig): Promise<Record<string, unknown>> {
  const lost: number[] = []
  for (let i = 0; i < 2; i++) {
    const key = `crash-${i}-${Date.now()}`
    const recDir = mkdtempSync(join(tmpdir(), 'onair-bench-rec-'))
    const r = onair(['live', '--to', `${rig.ingest.base}/live/${key}`, '--video', 'screen', '--audio', 'sine', '--record', recDir], rig.env)
    await waitFor(() => states(r).includes('live'), 20_000, 'live')
    await sleep(6000 + i * 1700)
    const children = childrenOf(r.child.pid as number)
    const statsIndex = r.lines.map((l) => l.type).lastIndexOf('stats')
    const lastStats = r.lines[statsIndex] as { mediaTimeMs: number }
    const killedAt = Date.now()
    r.child.kill('SIGKILL')
    await r.exited
    await waitFor(() => children.every((pid) => !alive(pid)), 15_000, 'ffmpeg children to exit')
    // The show at the moment of the kill: the encoder's output time at its last report, plus the time since.
    const showAtKill = lastStats.mediaTimeMs / 1000 + (killedAt - r.times[statsIndex]) / 1000
    const packets = gapStats(await videoPackets(readdirSync(recDir).map((f) => join(recDir, f))[0]))
    const recorded = packets.last + 1 / 30
    lost.push(Math.max(0, showAtKill - recorded))
    log(`crash ${i + 1}: show ${showAtKill.toFixed(2)} s at the kill, recording holds ${recorded.toFixed(2)} s, ffmpeg left ${children.filter(alive).length}`)
  }
  return { crash_lost_s: round(Math.max(...lost)) }
}

async function main() {
  // BENCH_ONLY naming only other benches' sections (ui): nothing to start here.
  if (ONLY && !['overhead', 'golive', 'reconnect', 'crash'].some(section)) return console.log('{}')
  const ingest = await startRtmpIngest()
  const x = await startXvfb('1280x720x24')
  // Something that moves on the captured screen, so the encoder has real work (SDL draws into Xvfb).
  const player = playOnScreen(x, '1280x720', 30, 'onair-bench')
  const dataDir = mkdtempSync(join(tmpdir(), 'onair-bench-'))
  const env = { ...process.env, DISPLAY: x.display, ONAIR_DATA_DIR: dataDir, ONAIR_ENCODER: 'libx264' }
  const result: Record<string, unknown> = {}
  try {
    await sleep(1000)
    const caps = await new FfmpegLocator({ env }).locate({ devices: ['x11grab', 'lavfi'] })
    log(
      `machine: ${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, ffmpeg ${caps.version}`
    )
    const rig: Rig = { ingest, env, dataDir, ffmpeg: caps.path }
    if (section('overhead')) Object.assign(result, await overhead(rig))
    if (section('golive')) Object.assign(result, await golive(rig))
    if (section('reconnect')) Object.assign(result, await reconnect(rig))
    if (section('crash')) Object.assign(result, await crash(rig))
    result.load_average_at_end = loadavg().map((l) => round(l, 2))
  } finally {
    if (player.exitCode === null) player.kill('SIGTERM')
    await x.close()
    await ingest.close()
  }
  const keys = ['overhead_ratio', 'golive_median_s', 'reconnect_median_s', 'continuity_max_gap_s', 'crash_lost_s']
  console.log(JSON.stringify({ ...Object.fromEntries(keys.filter((k) => k in result).map((k) => [k, result[k]])), ...result }))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
