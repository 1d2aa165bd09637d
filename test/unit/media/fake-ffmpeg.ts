import { EventEmitter } from 'node:events'
import { PassThrough, Writable } from 'node:stream'
import type { SpawnFn } from '../../../src/main/core/media/ffmpeg-process'

/** A stand-in for an ffmpeg child: stdin we can read back (or stall), stderr and progress we can write. */
export class FakeFfmpeg extends EventEmitter {
  static nextPid = 50_000
  readonly pid = FakeFfmpeg.nextPid++
  exitCode: number | null = null
  signalCode: NodeJS.Signals | null = null
  readonly written: Buffer[] = []
  readonly stdin: Writable
  readonly stdout = new PassThrough()
  readonly stderr = new PassThrough()
  readonly progress = new PassThrough()
  readonly stdio: unknown[]
  stalled = false
  private pendingCallbacks: Array<() => void> = []

  constructor(readonly args: string[]) {
    super()
    this.stdin = new Writable({
      highWaterMark: 1024,
      write: (chunk: Buffer, _enc, cb) => {
        this.written.push(chunk)
        if (this.stalled) this.pendingCallbacks.push(cb)
        else cb()
      },
      final: (cb) => {
        cb()
        this.emit('stdin-end')
      }
    })
    this.stdio = [this.stdin, this.stdout, this.stderr, this.progress]
  }

  get url(): string {
    return this.args.at(-1) as string
  }

  /** The ingest accepted the publish: ffmpeg starts reporting progress. */
  reportProgress(): void {
    this.progress.write('frame=1\nout_time_us=33000\nprogress=continue\n')
  }

  unstall(): void {
    this.stalled = false
    for (const cb of this.pendingCallbacks.splice(0)) cb()
  }

  exit(code: number | null, stderr = '', signal: NodeJS.Signals | null = null): void {
    if (stderr) this.stderr.write(`${stderr}\n`)
    setImmediate(() => {
      this.exitCode = code
      this.signalCode = signal
      this.stderr.end()
      this.progress.end()
      this.emit('exit', code, signal)
      this.emit('close', code, signal)
    })
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    if (this.exitCode === null && this.signalCode === null) this.exit(null, '', signal)
    return true
  }
}

export function fakeSpawner(onSpawn?: (child: FakeFfmpeg) => void): { spawn: SpawnFn; children: FakeFfmpeg[] } {
  const children: FakeFfmpeg[] = []
  const spawn = ((_path: string, args: string[]) => {
    const child = new FakeFfmpeg(args)
    children.push(child)
    // A pusher that is told to stop (stdin EOF) ends like ffmpeg does.
    child.on('stdin-end', () => child.exit(0))
    onSpawn?.(child)
    return child
  }) as unknown as SpawnFn
  return { spawn, children }
}
