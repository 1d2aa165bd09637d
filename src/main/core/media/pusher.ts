import { onairError, type OnairError } from '../../../shared/errors'
import type { RtmpDestination } from '../../../shared/rtmp-url'
import { FfmpegProcess, type FfmpegExit, type SpawnFn } from './ffmpeg-process'
import { pushFailure } from './ffmpeg-errors'
import type { FlvTag } from './flv-reader'
import type { GopCache } from './gop-cache'
import { PusherQueue } from './pusher-queue'
import { DEFAULT_RECONNECT, ReconnectState, type ReconnectPolicyOptions } from './reconnect-policy'
import { tcpReachable } from './tcp-probe'
import { systemClock, type Clock } from './timers'

export type PusherState = 'connecting' | 'live' | 'reconnecting' | 'failed' | 'stopped'

export interface PusherDestination {
  id: string
  rtmp: RtmpDestination
  /** Asks the provider for a fresh ingest after the ingest refused the key (used once). */
  refresh?: () => Promise<RtmpDestination>
}

export interface PusherDeps {
  ffmpegPath: string
  spawn?: SpawnFn
  clock?: Clock
  random?: () => number
  probe?: (host: string, port: number) => Promise<boolean>
  policy?: ReconnectPolicyOptions
  /** Consecutive refusals of a key that worked before, before we stop retrying it. */
  maxRejects?: number
  /** A live pusher with media waiting and no progress for this long is cut and reconnected. */
  stuckMs?: number
}

export interface PusherListener {
  onLive(id: string, reconnected: boolean): void
  onReconnecting(id: string, error: OnairError, attempt: number, nextRetryMs: number): void
  onFailed(id: string, error: OnairError): void
  onLog(level: 'info' | 'warn' | 'error', code: string, message: string): void
}

export interface PusherStats {
  id: string
  state: PusherState
  bytesSent: number
  congestion: number
  queueMs: number
  droppedFrames: number
  reconnects: number
}

/**
 * One destination (DESIGN §4): an `ffmpeg -f flv -i pipe:0 -c copy -f flv rtmp(s)://...` fed by the fan-out.
 * It restarts on its own after the ingest goes away (backoff + reachability probe), starts every attempt on a
 * keyframe from the GOP cache, and never makes the fan-out wait: its queue drops to the next keyframe instead.
 * When the owner dies, its stdin closes and ffmpeg ends at EOF.
 */
export class Pusher {
  private process: FfmpegProcess | null = null
  private queue = new PusherQueue()
  private primed = false
  private everLive = false
  private refreshed = false
  private rejects = 0
  private retryTimer: unknown = null
  private probeTimer: unknown = null
  private watchTimer: unknown = null
  private lastOutTimeMs = -1
  private lastAdvanceAt = 0
  private cutStuck = false
  private probing = false
  private reconnectState: ReconnectState
  private readonly clock: Clock
  /** Frames dropped by earlier attempts' queues. */
  private droppedTotal = 0
  state: PusherState = 'connecting'
  bytesSent = 0
  reconnects = 0

  constructor(
    private destination: PusherDestination,
    private readonly cache: GopCache,
    private readonly deps: PusherDeps,
    private readonly listener: PusherListener
  ) {
    this.clock = deps.clock ?? systemClock
    this.reconnectState = new ReconnectState(deps.policy ?? DEFAULT_RECONNECT)
  }

  get id(): string {
    return this.destination.id
  }

  get pid(): number | undefined {
    return this.process?.running ? this.process.pid : undefined
  }

  start(): void {
    this.attempt()
  }

  /** A tag from the encoder (the cache already holds it). Never blocks. */
  feed(tag: FlvTag): void {
    if (!this.process || this.state === 'failed' || this.state === 'stopped') return
    if (!this.primed) {
      if (this.cache.ready) this.prime()
      return
    }
    this.queue.push(tag)
    this.drain()
  }

  /** Skip the wait: try again at once with a fresh backoff. */
  retryNow(): void {
    if (this.state !== 'reconnecting' || this.process) return
    this.reconnectState.reset()
    this.attempt()
  }

  stats(): PusherStats {
    const live = this.state === 'live'
    return {
      id: this.id,
      state: this.state,
      bytesSent: this.bytesSent,
      congestion: live ? round2(this.queue.takePeakCongestion()) : 0,
      queueMs: live ? this.queue.queuedMs : 0,
      droppedFrames: this.droppedTotal + this.queue.droppedFrames,
      reconnects: this.reconnects
    }
  }

  async stop(): Promise<void> {
    if (this.state !== 'failed') this.state = 'stopped'
    this.clearTimers()
    const proc = this.process
    // Whatever is still queued goes out first; EOF then lets ffmpeg flush and close the RTMP stream.
    this.drain()
    await proc?.stop()
  }

  private attempt(): void {
    this.clearTimers()
    if (this.state === 'stopped' || this.state === 'failed') return
    this.state = this.everLive ? 'reconnecting' : 'connecting'
    this.primed = false
    this.lastOutTimeMs = -1
    this.lastAdvanceAt = this.clock.now()
    this.droppedTotal += this.queue.droppedFrames
    this.queue = new PusherQueue()
    const proc = new FfmpegProcess({
      path: this.deps.ffmpegPath,
      spawn: this.deps.spawn,
      stdin: 'data',
      stopTimeoutsMs: { quit: 3000, term: 2000 },
      args: [
        '-hide_banner', '-nostats', '-loglevel', 'warning',
        '-progress', 'pipe:3',
        // Start as soon as the first tags arrive: the FLV header already says which streams exist, and the codec
        // configuration comes before any media. https://ffmpeg.org/ffmpeg-formats.html#Format-Options
        '-fflags', '+nobuffer', '-probesize', '4096', '-analyzeduration', '0', '-fpsprobesize', '0',
        '-f', 'flv', '-i', 'pipe:0',
        '-map', '0', '-c', 'copy',
        '-f', 'flv', '-flvflags', 'no_duration_filesize',
        this.destination.rtmp.publishUrl
      ],
      onProgress: (p) => this.onProgress(proc, p.outTimeMs)
    })
    this.process = proc
    proc.stdin?.on('drain', () => this.drain())
    if (this.cache.ready) this.prime()
    void proc.exited.then((exit) => this.onExit(proc, exit))
  }

  /** Header, metadata, codec config and the cached GOP: the new ffmpeg starts on a keyframe at once. */
  private prime(): void {
    const stdin = this.process?.stdin
    if (!stdin) return
    this.primed = true
    for (const bytes of this.cache.preamble()) {
      stdin.write(bytes)
      this.bytesSent += bytes.length
    }
    for (const tag of this.cache.currentGop()) this.queue.push(tag)
    this.drain()
  }

  private drain(): void {
    const stdin = this.process?.stdin
    if (!stdin || !this.primed || stdin.writableNeedDrain || stdin.destroyed) return
    for (let tag = this.queue.shift(); tag; tag = this.queue.shift()) {
      this.bytesSent += tag.bytes.length
      if (!stdin.write(tag.bytes)) break
    }
  }

  private onProgress(proc: FfmpegProcess, outTimeMs: number): void {
    if (proc !== this.process) return
    if (outTimeMs > this.lastOutTimeMs) {
      this.lastOutTimeMs = outTimeMs
      this.lastAdvanceAt = this.clock.now()
    }
    // ffmpeg reports progress only once its output is open, i.e. once the ingest accepted the publish.
    if (this.state === 'live' || this.state === 'stopped' || this.state === 'failed') return
    const reconnected = this.everLive
    this.state = 'live'
    this.everLive = true
    this.rejects = 0
    this.queue.enforceLimit = true
    this.reconnectState.succeeded()
    this.watchTimer = this.clock.setInterval(() => this.checkStuck(proc), 1000)
    this.listener.onLive(this.id, reconnected)
  }

  /**
   * A connection that silently stops carrying data (a pulled cable, a dead NAT) does not fail for minutes: TCP keeps
   * retransmitting and ffmpeg sits in a write. When it has had media waiting and made no progress for a while,
   * end it and let the reconnect logic (probe, backoff) take over.
   */
  private checkStuck(proc: FfmpegProcess): void {
    if (proc !== this.process || this.state !== 'live') return
    const waiting = this.queue.length > 0 || Boolean(proc.stdin?.writableNeedDrain)
    if (!waiting || this.clock.now() - this.lastAdvanceAt < (this.deps.stuckMs ?? 10_000)) return
    this.listener.onLog('warn', 'pusher.stuck', 'The connection to the ingest stopped moving; reconnecting.')
    // Not stop(): this exit must count as a lost connection, not as our own stop.
    this.cutStuck = true
    proc.child.kill('SIGKILL')
  }

  private async onExit(proc: FfmpegProcess, exit: FfmpegExit): Promise<void> {
    if (proc !== this.process) return
    this.process = null
    if (this.watchTimer !== null) this.clock.clearInterval(this.watchTimer)
    this.watchTimer = null
    if (this.state === 'stopped' || this.state === 'failed' || exit.stopped) return
    const wasLive = this.state === 'live'
    const { host, port } = this.destination.rtmp
    const reachable = await (this.deps.probe ?? tcpReachable)(host, port)
    if ((this.state as PusherState) === 'stopped') return
    const error = this.cutStuck
      ? onairError('ingest_failed', 'The connection to the ingest stopped carrying data.', { retryable: true })
      : pushFailure(exit.stderrTail, wasLive ? 'live' : 'connecting', reachable, [this.destination.rtmp.key, this.destination.rtmp.publishUrl])
    this.cutStuck = false

    if (error.code === 'ingest_rejected_key') {
      if (this.destination.refresh && !this.refreshed) {
        this.refreshed = true
        this.listener.onLog('warn', 'pusher.refreshingIngest', 'The ingest refused the stream key; asking the provider for a fresh ingest.')
        try {
          this.destination = { ...this.destination, rtmp: await this.destination.refresh() }
          return this.attempt()
        } catch (e) {
          return this.fail(e instanceof Error && 'value' in e ? (e as OnairError) : error)
        }
      }
      // A key that worked minutes ago may be refused while the ingest restarts; a never-accepted key is not retried.
      this.rejects += 1
      if (!this.everLive || this.rejects >= (this.deps.maxRejects ?? 3)) return this.fail(error)
    } else if (!this.everLive) {
      // Going live failed outright (unreachable, bad URL): say so now instead of retrying behind the user's back.
      return this.fail(error)
    }

    if (wasLive) this.reconnects += 1
    const decision = this.reconnectState.failed(this.clock.now(), (this.deps.random ?? Math.random)())
    if (decision.action === 'give-up') {
      return this.fail(onairError('ingest_unreachable', 'The ingest stayed unreachable for 30 minutes; gave up reconnecting. The local recording went on.', { retryable: true }))
    }
    this.state = 'reconnecting'
    const wait = decision.retryAt - this.clock.now()
    this.listener.onReconnecting(this.id, error, decision.attempt, wait)
    this.retryTimer = this.clock.setTimeout(() => this.attempt(), Math.max(0, wait))
    this.scheduleProbe()
  }

  /** While waiting, probe the ingest at most once a second; retry as soon as it answers. */
  private scheduleProbe(): void {
    const interval = (this.deps.policy ?? DEFAULT_RECONNECT).probeIntervalMs
    this.probeTimer = this.clock.setTimeout(async () => {
      this.probeTimer = null
      if (this.state !== 'reconnecting' || this.process || this.probing) return
      this.probing = true
      const ok = await (this.deps.probe ?? tcpReachable)(this.destination.rtmp.host, this.destination.rtmp.port).finally(() => (this.probing = false))
      if (this.state !== 'reconnecting' || this.process) return
      if (ok) this.attempt()
      else this.scheduleProbe()
    }, interval)
  }

  private fail(error: OnairError): void {
    this.clearTimers()
    this.state = 'failed'
    this.listener.onFailed(this.id, error)
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer)
    if (this.probeTimer !== null) this.clock.clearTimeout(this.probeTimer)
    if (this.watchTimer !== null) this.clock.clearInterval(this.watchTimer)
    this.retryTimer = null
    this.probeTimer = null
    this.watchTimer = null
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}
