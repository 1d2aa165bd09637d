import { spawn, type ChildProcess } from 'node:child_process'
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
  /** How long to wait after `q` before SIGTERM, and after SIGTERM before SIGKILL. */
  stopTimeoutsMs?: { quit: number; term: number }
  onProgress?: (p: FfmpegProgress) => void
  onStderrLine?: (line: string) => void
  /** Extra stdio for the child (e.g. stdout for an FLV pipe). */
  stdout?: 'pipe' | 'ignore'
}

const STDERR_TAIL_LINES = 30

/**
 * One ffmpeg child with typed lifecycle (after execa/ffmpeggy): progress on fd 3 (`-progress pipe:3`), stderr kept
 * as a short tail, and stop = `q` on stdin → SIGTERM → SIGKILL. stdin stays an open pipe for the child's whole
 * life: when this process dies, the pipe closes and ffmpeg stops reading input commands and exits on its own.
 */
export class FfmpegProcess {
  readonly child: ChildProcess
  readonly exited: Promise<FfmpegExit>
  private stderrLines: string[] = []
  private stopping = false

  constructor(private readonly options: FfmpegProcessOptions) {
    const spawnFn = options.spawn ?? spawn
    this.child = spawnFn(options.path, ['-progress', 'pipe:3', '-nostats', ...options.args], {
      stdio: ['pipe', options.stdout ?? 'ignore', 'pipe', 'pipe'],
      windowsHide: true
    })
    const parser = new ProgressParser()
    const progressStream = this.child.stdio[3] as NodeJS.ReadableStream | undefined
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
    // A write to a dead child's stdin must not crash the owner.
    this.child.stdin?.on('error', () => {})
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
    return this.child.exitCode === null && this.child.signalCode === null
  }

  /** Graceful stop: `q` lets ffmpeg write trailers (the recording stays playable); escalate if it hangs. */
  async stop(): Promise<FfmpegExit> {
    this.stopping = true
    const { quit, term } = this.options.stopTimeoutsMs ?? { quit: 4000, term: 2000 }
    if (this.running) {
      this.child.stdin?.write('q')
      this.child.stdin?.end()
      const t1 = setTimeout(() => this.running && this.child.kill('SIGTERM'), quit)
      const t2 = setTimeout(() => this.running && this.child.kill('SIGKILL'), quit + term)
      const exit = await this.exited
      clearTimeout(t1)
      clearTimeout(t2)
      return exit
    }
    return this.exited
  }

  kill(): void {
    this.stopping = true
    if (this.running) this.child.kill('SIGKILL')
  }
}
