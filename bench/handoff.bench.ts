/**
 * Stream-handoff benchmark (issue 11 item 4), with Debian ffmpeg and nginx-rtmp on this machine. The same recording
 * (720p30 H.264 2.5 Mbit/s + AAC in Matroska, as Onair records a show) goes to the ingest twice at the same time:
 *   - `onair handoff FILE --to …`              the handoff: stream copy at real-time pace
 *   - `onair live --video file:FILE --audio file:FILE --to … --no-record`   the live encode of the same file
 * Each runs under its own shell, which reads its children's CPU (/proc/self/stat cutime + cstime: the onair process
 * and the ffmpeg it reaped) once the command is over, so nothing is missed at either end. Prints, as its last line:
 *   handoff_cpu_s, live_encode_cpu_s   CPU seconds of each (Node + ffmpeg)
 *   handoff_cpu_ratio                  handoff ÷ live encode                                        [≤ 0.10]
 *   handoff_received_s, file_s         what the ingest recorded of the handoff vs the file's length  [within 1 s]
 * Run: npm run bench handoff   (BENCH_QUICK=1: a 10 s file instead of 30 s)
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRtmpIngest } from '../test/fixtures/nginx-rtmp'
import { run } from '../test/fixtures/run'
import { processCpuSeconds, round, sleep } from './bench-stats'

const CLI = join(process.cwd(), 'bin', 'onair.mjs')
const QUICK = process.env.BENCH_QUICK === '1'
const log = (...a: unknown[]) => console.error('[bench]', ...a)

async function durationOf(file: string): Promise<number> {
  const r = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])
  return parseFloat(r.stdout)
}

/** CPU seconds so far of a process and its live children (/proc/PID/stat utime + stime, USER_HZ = 100). */
function treeCpu(pid: number): number {
  return processCpuSeconds(pid) + childPids(pid).reduce((sum, child) => sum + processCpuSeconds(child), 0)
}

function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e) && readFileSync(`/proc/${e}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(pid))
    .map(Number)
}

interface Measured {
  code: number
  /** The whole command, start-up included: the shell's cutime + cstime once it is over. */
  cpu: number
  /** While on air: CPU seconds per second from 1 s after `live` to 2 s before the file ends. */
  cpuPerSecond: number
  seconds: number
}

/**
 * Runs `onair ARGS --json` under a shell that prints its children's CPU once the command is over (cutime/cstime,
 * fields 16-17, count every waited-for descendant: onair and the ffmpeg it reaped); meanwhile samples the on-air part.
 */
function measured(args: string[], key: string, env: NodeJS.ProcessEnv, fileSeconds: number): Promise<Measured> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const script = `"$@" 2>/dev/null <<< "${key}"; code=$?; s=$(cat /proc/$$/stat); s=\${s##*) }; set -- $s; echo "END $code $((\${14} + \${15}))"`
    const shell = spawn('bash', ['-c', script, 'bash', process.execPath, CLI, ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    let sampled: Promise<number> | null = null
    shell.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (sampled || !/"state":"live"/.test(out)) return
      const onair = childPids(shell.pid as number)[0]
      sampled = (async () => {
        await sleep(1000)
        const [t0, c0] = [Date.now(), treeCpu(onair)]
        await sleep((fileSeconds - 4) * 1000)
        return (treeCpu(onair) - c0) / ((Date.now() - t0) / 1000)
      })()
    })
    shell.on('error', reject)
    shell.on('close', () => {
      const [code, ticks] = (/END (\d+) (\d+)/.exec(out) ?? []).slice(1).map(Number)
      void (sampled ?? Promise.resolve(NaN)).then((cpuPerSecond) => resolve({ code, cpu: ticks / 100, cpuPerSecond, seconds: (Date.now() - started) / 1000 }))
    })
  })
}

async function main(): Promise<void> {
  const seconds = QUICK ? 10 : 30
  // The shipped bundle, not the sources through tsx (bin/onair.mjs falls back to them when the bundle is stale).
  const built = await run(process.execPath, ['scripts/build-cli.mjs'])
  if (built.code !== 0) throw new Error(built.stderr)
  const ingest = await startRtmpIngest()
  const dataDir = mkdtempSync(join(tmpdir(), 'onair-bench-handoff-'))
  const env = { ...process.env, ONAIR_DATA_DIR: dataDir, ONAIR_ENCODER: 'libx264' }
  try {
    const file = join(dataDir, 'show.mkv')
    const made = await run('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
      ...['-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '2500k', '-g', '60'],
      ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2', file]
    ])
    if (made.code !== 0) throw new Error(made.stderr)
    const fileSeconds = await durationOf(file)
    log(
      `machine: ${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; file ${fileSeconds} s`
    )
    const handoffKey = `bench-handoff-${Date.now()}`
    const liveKey = `bench-encode-${Date.now()}`
    const to = ['--to', `${ingest.base}/live`, '--key-stdin']
    // Side by side: whatever else loads the machine loads both alike.
    const [handoff, encode] = await Promise.all([
      measured(['handoff', file, ...to], handoffKey, env, fileSeconds),
      measured(['live', '--video', `file:${file}`, '--audio', `file:${file}`, '--output', '720p30', '--no-record', ...to], liveKey, env, fileSeconds)
    ])
    if (handoff.code !== 0 || encode.code !== 0) throw new Error(`exit codes: handoff ${handoff.code}, live ${encode.code}`)
    await ingest.waitForPublishDone(handoffKey)
    const received = ingest.recordings().find((f) => f.includes(handoffKey)) as string
    const result = {
      handoff_cpu_ratio: round(handoff.cpuPerSecond / encode.cpuPerSecond),
      handoff_cpu_per_s: round(handoff.cpuPerSecond),
      live_encode_cpu_per_s: round(encode.cpuPerSecond),
      handoff_cpu_ratio_whole_run: round(handoff.cpu / encode.cpu),
      handoff_cpu_s: round(handoff.cpu, 2),
      live_encode_cpu_s: round(encode.cpu, 2),
      handoff_wall_s: round(handoff.seconds, 1),
      live_encode_wall_s: round(encode.seconds, 1),
      handoff_received_s: round(await durationOf(received), 2),
      handoff_file_s: round(fileSeconds, 2)
    }
    console.log(JSON.stringify(result))
  } finally {
    await ingest.close()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
