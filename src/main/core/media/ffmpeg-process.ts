import { spawn, type ChildProcess } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'
import { ProgressParser, type FfmpegProgress } from './progress-parser'

export type SpawnFn = typeof spawn

export interface FfmpegExit {
  code: number | null
  signal: NodeJS.Signals | null
  /** The last lines of stderr, for error mapping (not redacted: redact before showing). */
  stderrTail: string
  /** True when the exit followed our own stop(). */
  stopped: boolean
}

export interface FfmpegProcessOptions {
  path: string
  args: string[]
  spawn?: SpawnFn
  /** How long to wait after `q` (or stdin EOF) before SIGTERM, and after SIGTERM before SIGKILL. */
  stopTimeoutsMs?: { quit: number; term: number }
  onProgress?: (p: FfmpegProgress) => void
  onStderrLine?: (line: string) => void
  /** stdout for an FLV pipe, or ignored. */
  stdout?: 'pipe' | 'ignore'
  /**
   * 'control': stdin only ever carries `q` (the encoder). 'data': stdin carries media (a pusher reading pipe:0);
   * stop then means EOF, after which ffmpeg flushes and exits on its own.
   */
  stdin?: 'control' | 'data'
  /** Extra pipes after fd 3 (fd 4 = preview JPEGs). */
  extraFds?: number
  /** The child's environment (DISPLAY, the PulseAudio server...); this process's own when absent. */
  env?: NodeJS.ProcessEnv
}

const STDERR_TAIL_LINES = 30

/**
 * One ffmpeg child with a typed lifecycle (after execa/ffmpeggy): progress on fd 3 (`-progress pipe:3`), stderr
 * kept as a short tail, and stop = `q` (or stdin EOF) → SIGTERM → SIGKILL. Progress flags are added unless the
 * caller's args already carry them.
 */
export class FfmpegProcess {
  readonly child: ChildProcess
  readonly exited: Promise<FfmpegExit>
  private stderrLines: string[] = []
  private stopping = false
  private stopPromise: Promise<FfmpegExit> | null = null

  constructor(private readonly options: FfmpegProcessOptions) {
    const spawnFn = options.spawn ?? spawn
    const args = options.args.includes('-progress') ? options.args : ['-progress', 'pipe:3', '-nostats', ...options.args]
    const extra = Array.from({ length: options.extraFds ?? 0 }, () => 'pipe' as const)
    this.child = spawnFn(options.path, args, {
      stdio: ['pipe', options.stdout ?? 'ignore', 'pipe', 'pipe', ...extra],
      ...(options.env ? { env: options.env } : {}),
      windowsHide: true
    })
    const parser = new ProgressParser()
    const progressStream = this.child.stdio[3] as Readable | undefined
    progressStream?.setEncoding?.('utf8')
    progressStream?.on('data', (chunk: string) => {
      for (const p of parser.push(chunk)) options.onProgress?.(p)
    })
    let partial = ''
    this.child.stderr?.setEncoding('utf8')
    this.child.stderr?.on('data', (chunk: string) => {
      partial += chunk
      const lines = partial.split(/\r?\n|\r/)
      partial = lines.pop() ?? ''
      for (const line of lines) {
        if (!line.trim()) continue
        this.stderrLines.push(line)
        if (this.stderrLines.length > STDERR_TAIL_LINES) this.stderrLines.shift()
        options.onStderrLine?.(line)
      }
    })
    // A write to a dead child's pipes must not crash the owner.
    for (const stream of this.child.stdio) (stream as Writable | Readable | null)?.on?.('error', () => {})
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) =>
        resolve({ code, signal, stderrTail: [...this.stderrLines, partial].filter(Boolean).join('\n'), stopped: this.stopping })
      this.child.once('error', (e) => {
        this.stderrLines.push(String(e))
        finish(null, null)
      })
      this.child.once('close', finish)
    })
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined
  }

  get stdin(): Writable | null {
    return this.child.stdin
  }

  /** Graceful stop: ffmpeg writes trailers (the recording stays playable); escalate if it hangs. */
  stop(): Promise<FfmpegExit> {
    this.stopping = true
    if (this.stopPromise) return this.stopPromise
    this.stopPromise = (async () => {
      if (!this.running) return this.exited
      const { quit, term } = this.options.stopTimeoutsMs ?? { quit: 4000, term: 2000 }
      if ((this.options.stdin ?? 'control') === 'control') this.child.stdin?.write('q')
      this.child.stdin?.end()
      const t1 = setTimeout(() => this.running && this.child.kill('SIGTERM'), quit)
      const t2 = setTimeout(() => this.running && this.child.kill('SIGKILL'), quit + term)
      const exit = await this.exited
      clearTimeout(t1)
      clearTimeout(t2)
      return exit
    })()
    return this.stopPromise
  }

  kill(): void {
    this.stopping = true
    if (this.running) this.child.kill('SIGKILL')
  }
}
