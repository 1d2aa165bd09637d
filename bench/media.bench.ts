/**
 * Media engine benchmarks (issue 4 item 7), measured with Debian ffmpeg, nginx-rtmp and Xvfb on this machine.
 * Prints progress on stderr and, as its last stdout line, one JSON object:
 *   overhead_ratio        CPU s of Onair's pipeline (encoder + fan-out + one pusher + recording) ÷ CPU s of one bare
 *                         ffmpeg doing the same capture, encode, push and recording through the tee muxer   [≤ 1.10]
 *   golive_median_s       start of `onair live` → the ingest's on_publish, median of 5                       [≤ 1.0]
 *   reconnect_median_s    ingest down 10 s, back up → republish, median of 5                               [≤ 3.0]
 *   continuity_max_gap_s  largest gap in the recording's video timestamps across those outages            [≤ 0.1]
 *   crash_lost_s          SIGKILL of `onair` mid-show → seconds of show missing from the recording        [≤ 2.0]
 * Run: npm run bench   (or: npx tsx bench/media.bench.ts; BENCH_QUICK=1 for a shorter overhead run)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
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
import { startXvfb } from '../test/fixtures/xvfb'

const CLI = join(process.cwd(), 'bin', 'onair.mjs')
const QUICK = process.env.BENCH_QUICK === '1'
const log = (...a: unknown[]) => console.error('[bench]', ...a)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d

/** CPU seconds of this process's reaped children (/proc/self/stat cutime + cstime). */
function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17. Linux reports them in USER_HZ = 100.
  return (Number(fields[13]) + Number(fields[14])) / 100
}
const selfCpuSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

interface CliRun {
  child: ChildProcess
  lines: Array<Record<string, unknown>>
  times: number[]
  exited: Promise<number | null>
}
function onair(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const child = spawn(process.execPath, [CLI, ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const run: CliRun = { child, lines: [], times: [], exited: new Promise((r) => child.on('exit', (c) => r(c))) }
  let partial = ''
  child.stdout?.on('data', (d) => {
    partial += d
    const parts = partial.split('\n')
    partial = parts.pop() ?? ''
    for (const p of parts) {
      if (!p.trim()) continue
      run.lines.push(JSON.parse(p))
      run.times.push(Date.now())
    }
  })
  child.stderr?.resume()
  return run
}
const states = (r: CliRun) => r.lines.filter((l) => l.type === 'state').map((l) => l.state)

async function main() {
  const ingest: RtmpIngest = await startRtmpIngest()
  const x = await startXvfb('1280x720x24')
  // Something that moves on the captured screen, so the encoder has real work (SDL draws into Xvfb).
  const player = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-pix_fmt', 'yuv420p', '-f', 'sdl', 'onair-bench'], {
    env: { ...process.env, DISPLAY: x.display, SDL_AUDIODRIVER: 'dummy' },
    stdio: 'ignore'
  })
  const dataDir = mkdtempSync(join(tmpdir(), 'onair-bench-'))
  const env = { ...process.env, DISPLAY: x.display, ONAIR_DATA_DIR: dataDir, ONAIR_ENCODER: 'libx264' }
  const result: Record<string, unknown> = {}
  try {
    await sleep(1000)
    const caps = await new FfmpegLocator({ env }).locate({ devices: ['x11grab', 'lavfi'] })
    log(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ffmpeg ${caps.version}`)

    // ---- overhead_ratio ----
    const seconds = QUICK ? 8 : 20
    const output = { width: 1280, height: 720, fps: 30 }
    const settings = encoderSettings(output)
    const video = videoInput('screen', output, 'linux', env)
    const audio = audioInput('sine', 'linux')
    let onairCpu = 0
    let bareCpu = 0
    for (let round_ = 0; round_ < 2; round_++) {
      // Onair: encoder + fan-out (this process) + one pusher + recording.
      {
        const key = `overhead-onair-${round_}-${Date.now()}`
        const rec = join(dataDir, `${key}.mkv`)
        const [c0, s0] = [childrenCpuSeconds(), selfCpuSeconds()]
        let ended: () => void = () => {}
        const done = new Promise<void>((r) => (ended = r))
        const pipeline = new FanoutPipeline(
          { ffmpegPath: caps.path, video: 'screen', audio: 'sine', destinations: [{ id: 'd1', label: 'bench', rtmp: parseRtmpDestination(`${ingest.base}/live/${key}`) }], recordingPath: rec, platform: 'linux', env },
          { onDestinationLive: () => {}, onStats: () => {}, onLog: () => {}, onEnded: () => ended() }
        )
        await pipeline.start()
        await sleep(seconds * 1000)
        await pipeline.stop()
        await done
        const cpu = childrenCpuSeconds() - c0 + (selfCpuSeconds() - s0)
        onairCpu += cpu
        log(`overhead: onair pipeline ${cpu.toFixed(2)} CPU s over ${seconds} s`)
      }
      // Bare ffmpeg: the same capture and encode, pushing and recording through the tee muxer.
      {
        const key = `overhead-bare-${round_}-${Date.now()}`
        const rec = join(dataDir, `${key}.mkv`)
        const args = buildEncoderArgs({ video, audio, settings, recordingPath: rec, preview: null })
        const tee = args.indexOf('tee') + 1
        args[tee] = `[f=flv:onfail=ignore]${ingest.base}/live/${key}|[f=matroska]${rec}`
        args.splice(args.indexOf('-progress'), 2)
        const c0 = childrenCpuSeconds()
        const bare = spawn(caps.path, args, { env, stdio: ['pipe', 'ignore', 'ignore'] })
        const exited = new Promise((r) => bare.on('close', r))
        await sleep(seconds * 1000)
        bare.stdin?.end('q')
        await exited
        const cpu = childrenCpuSeconds() - c0
        bareCpu += cpu
        log(`overhead: bare ffmpeg tee ${cpu.toFixed(2)} CPU s over ${seconds} s`)
      }
    }
    result.overhead_ratio = round(onairCpu / bareCpu)
    result.overhead_cpu_s = { onair: round(onairCpu, 2), bare_ffmpeg: round(bareCpu, 2), seconds_each: seconds * 2 }

    // ---- golive_median_s: `onair live` start → on_publish ----
    const golive: number[] = []
    for (let i = 0; i < 6; i++) {
      const key = `golive-${i}-${Date.now()}`
      const t0 = Date.now()
      const r = onair(['live', '--to', `${ingest.base}/live/${key}`, '--video', 'screen', '--audio', 'sine', '--record', join(dataDir, 'rec')], env)
      const cb = await ingest.waitForPublish(key, 20_000)
      // The first run warms tsx's transform cache, as any second start of the app would find it.
      if (i > 0) golive.push((cb.time - t0) / 1000)
      await waitFor(() => states(r).includes('live'), 10_000, 'live')
      r.child.kill('SIGINT')
      await r.exited
    }
    result.golive_median_s = round(median(golive))
    result.golive_samples_s = golive.map((g) => round(g))
    log(`golive: ${golive.map((g) => g.toFixed(3)).join(', ')}`)

    // ---- reconnect_median_s + continuity_max_gap_s: one show, five 10 s outages ----
    {
      const key = `reconnect-${Date.now()}`
      const recDir = mkdtempSync(join(tmpdir(), 'onair-bench-rec-'))
      const r = onair(['live', '--to', `${ingest.base}/live/${key}`, '--video', 'screen', '--audio', 'sine', '--record', recDir], env)
      await ingest.waitForPublish(key, 20_000)
      await sleep(2000)
      const reconnect: number[] = []
      for (let i = 0; i < 5; i++) {
        await ingest.stopServer()
        await sleep(10_000)
        const back = Date.now()
        await ingest.startServer()
        const cb = await ingest.waitForPublish(key, 40_000, back)
        reconnect.push((cb.time - back) / 1000)
        log(`reconnect ${i + 1}: ${((cb.time - back) / 1000).toFixed(3)} s`)
        await sleep(2000)
      }
      r.child.kill('SIGINT')
      await r.exited
      const recording = readdirSync(recDir).map((f) => join(recDir, f))[0]
      const gaps = gapStats(await videoPackets(recording))
      result.reconnect_median_s = round(median(reconnect))
      result.reconnect_samples_s = reconnect.map((v) => round(v))
      result.continuity_max_gap_s = round(gaps.maxGap)
      result.continuity_recording_s = round(gaps.last - gaps.first, 2)
    }

    // ---- crash_lost_s: SIGKILL of onair mid-show ----
    {
      const lost: number[] = []
      for (let i = 0; i < 2; i++) {
        const key = `crash-${i}-${Date.now()}`
        const recDir = mkdtempSync(join(tmpdir(), 'onair-bench-rec-'))
        const r = onair(['live', '--to', `${ingest.base}/live/${key}`, '--video', 'screen', '--audio', 'sine', '--record', recDir], env)
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
        const recording = readdirSync(recDir).map((f) => join(recDir, f))[0]
        const packets = gapStats(await videoPackets(recording))
        const recorded = packets.last + 1 / 30
        lost.push(Math.max(0, showAtKill - recorded))
        log(`crash ${i + 1}: show ${showAtKill.toFixed(2)} s, recorded ${recorded.toFixed(2)} s, children left ${children.filter(alive).length}`)
      }
      result.crash_lost_s = round(Math.max(...lost))
    }
  } finally {
    if (player.exitCode === null) player.kill('SIGTERM')
    await x.close()
    await ingest.close()
  }
  const ordered = {
    overhead_ratio: result.overhead_ratio,
    golive_median_s: result.golive_median_s,
    reconnect_median_s: result.reconnect_median_s,
    continuity_max_gap_s: result.continuity_max_gap_s,
    crash_lost_s: result.crash_lost_s,
    ...result
  }
  console.log(JSON.stringify(ordered))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
