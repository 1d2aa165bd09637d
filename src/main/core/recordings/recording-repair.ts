import { spawn as nodeSpawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { FfmpegProcess, type SpawnFn } from '../media/ffmpeg-process'
import { measureSeconds } from '../media/recording-monitor'

/**
 * The remux that repairs a recording a crash left (DESIGN §6): every whole cluster of the Matroska file is copied
 * as it is (no decoding, no re-encode) into a new file whose muxer writes what the killed one never could, the
 * duration and the cues (the seek index). `file:` keeps a name with a colon from being taken for a protocol.
 * https://ffmpeg.org/ffmpeg-formats.html#matroska
 */
export function remuxArgs(input: string, output: string): string[] {
  return ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', `file:${input}`, '-map', '0', '-c', 'copy', '-f', 'matroska', `file:${output}`]
}

/** Where the repaired copy is written until it is verified: beside the original, so the final rename stays on one disk. */
export function repairTempPath(path: string): string {
  const ext = extname(path)
  return join(dirname(path), `${basename(path, ext)}.repairing${ext || '.mkv'}`)
}

/** ffprobe's answer (`format=duration`, one number) as seconds; null when it gave none (no duration means not playable). */
export function parseProbedDuration(stdout: string): number | null {
  const seconds = Number.parseFloat(stdout.trim().split('\n')[0] ?? '')
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null
}

/**
 * `complete`: the file was whole after all (only the app died; its encoder closed the file, DESIGN §4), left as it is.
 * `repaired`: remuxed and verified. `interrupted`: nothing playable could be made of it; the original is kept.
 */
export type RepairOutcome = { state: 'complete' | 'repaired'; seconds: number } | { state: 'interrupted'; reason: string }

export interface RepairDeps {
  spawn?: SpawnFn
  signal?: AbortSignal
}

/**
 * Repairs `path` in place: remux to a temp file, read its duration back (ffprobe, as a player would; ffmpeg itself
 * where no ffprobe came with it), and only then rename it over the original, which a failure leaves untouched.
 */
export async function repairRecording(ffmpegPath: string, path: string, deps: RepairDeps = {}): Promise<RepairOutcome> {
  const spawn = deps.spawn ?? nodeSpawn
  // A killed muxer never writes the duration: a file that has one was closed properly.
  const intact = await runProbe(ffprobePath(ffmpegPath), path, spawn)
  if (intact) return { state: 'complete', seconds: Math.round(intact * 10) / 10 }
  const temp = repairTempPath(path)
  const proc = new FfmpegProcess({ path: ffmpegPath, args: remuxArgs(path, temp), spawn: deps.spawn, stdin: 'data' })
  proc.stdin?.end()
  const abort = () => proc.kill()
  deps.signal?.addEventListener('abort', abort)
  try {
    const exit = await proc.exited
    if (deps.signal?.aborted) return await failed(temp, 'stopped')
    // A file cut mid-cluster ends in a read error, yet what came before it is copied: judged by the copy, not the exit.
    if (!existsSync(temp)) return await failed(temp, lastLine(exit.stderrTail) || `ffmpeg exited with ${exit.code ?? exit.signal}`)
    const seconds = await probeDuration(ffmpegPath, temp, deps.spawn)
    if (seconds === null) return await failed(temp, lastLine(exit.stderrTail) || 'the repaired copy has no readable duration')
    await rename(temp, path)
    return { state: 'repaired', seconds: Math.round(seconds * 10) / 10 }
  } catch (e) {
    return failed(temp, e instanceof Error ? e.message : String(e))
  } finally {
    deps.signal?.removeEventListener('abort', abort)
  }
}

async function failed(temp: string, reason: string): Promise<RepairOutcome> {
  await rm(temp, { force: true }).catch(() => {})
  return { state: 'interrupted', reason }
}

/** The container's duration as ffprobe reads it; ffmpeg's read-through where there is no ffprobe (ffmpeg-static has none). */
export async function probeDuration(ffmpegPath: string, file: string, spawn: SpawnFn = nodeSpawn): Promise<number | null> {
  const found = await runProbe(ffprobePath(ffmpegPath), file, spawn)
  if (found !== undefined) return found
  return measureSeconds(ffmpegPath, file, spawn)
}

/** The ffprobe beside the ffmpeg in use, else the one on PATH. */
export function ffprobePath(ffmpegPath: string): string {
  const beside = join(dirname(ffmpegPath), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe')
  return existsSync(beside) ? beside : 'ffprobe'
}

/** undefined when there is no ffprobe to ask. */
function runProbe(ffprobe: string, file: string, spawn: SpawnFn): Promise<number | null | undefined> {
  return new Promise((resolve) => {
    const child = spawn(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', `file:${file}`], {
      stdio: ['ignore', 'pipe', 'ignore'],
      windowsHide: true
    })
    let out = ''
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (d: string) => (out += d))
    child.once('error', () => resolve(undefined))
    child.once('close', (code) => resolve(code === 0 ? parseProbedDuration(out) : null))
  })
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? ''
}
