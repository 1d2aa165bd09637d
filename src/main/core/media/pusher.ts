import { onairError, type OnairError } from '../../../shared/errors'
import type { RtmpDestination } from '../../../shared/rtmp-url'
import type { FlvTag } from './flv-reader'
import type { GopCache } from './gop-cache'
import { PusherQueue } from './pusher-queue'
import { DEFAULT_RECONNECT, ReconnectState, reconnectDelayMs, type ReconnectPolicyOptions } from './reconnect-policy'
import { isOfflinePushFailure, pushFailure, type RtmpFailure } from './rtmp/rtmp-failure'
import { RtmpPublisher } from './rtmp/rtmp-publisher'
import type { OpenRtmpSocket } from './rtmp/rtmp-socket'
import { tcpReachable } from './tcp-probe'
import { systemClock, type Clock } from './timers'

export type PusherState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'failed' | 'stopped'

export interface PusherDestination {
  id: string
  rtmp: RtmpDestination
  /** Asks the provider for a fresh ingest after the ingest refused the key (used once). */
  refresh?: () => Promise<RtmpDestination>
}

export interface PusherDeps {
  /** Opens the connection to the ingest (TCP, or TLS for rtmps://); tests hand in an in-memory one. */
  openSocket?: OpenRtmpSocket
  /** Connecting and publishing may take this long before the attempt counts as failed. */
  connectTimeoutMs?: number
  clock?: Clock
  random?: () => number
  probe?: (host: string, port: number) => Promise<boolean>
  policy?: ReconnectPolicyOptions
  /** Consecutive refusals of a key that worked before, before we stop retrying it. */
  maxRejects?: number
  /** A live pusher with media waiting and no progress for this long is cut and reconnected. */
  stuckMs?: number
  /**
   * Offline mode (DESIGN §6): an ingest that cannot be reached at the start, or stays lost past the reconnect window,
   * makes the pusher `offline` instead of failed, and it keeps trying (backoff capped as usual, a probe once a second).
   */
  keepTrying?: boolean
}

export interface PusherListener {
  onLive(id: string, reconnected: boolean): void
  onReconnecting(id: string, error: OnairError, attempt: number, nextRetryMs: number): void
  onFailed(id: string, error: OnairError): void
  /** Offline mode: the ingest cannot be reached; the pusher keeps trying and says onLive when it gets through. */
  onOffline?(id: string, error: OnairError, nextRetryMs: number): void
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
 * One destination (DESIGN §4): an RTMP publish of the fan-out's FLV tags (rtmp/rtmp-publisher.ts), so the stream
 * key stays inside this process. It reconnects on its own after the ingest goes away (backoff + reachability
 * probe), starts every connection on a keyframe from the GOP cache, and never makes the fan-out wait: its queue
 * drops to the next keyframe instead.
 */
export class Pusher {
  private publisher: RtmpPublisher | null = null
  private queue = new PusherQueue()
  private primed = false
  /** This connection has had its metadata and codec config: media may follow. */
  private mediaStarted = false
  private everLive = false
  private refreshed = false
  private rejects = 0
  private retryTimer: unknown = null
  private probeTimer: unknown = null
  private watchTimer: unknown = null
  private lastWritten = 0
  private lastAdvanceAt = 0
  private cutStuck = false
  private probing = false
  /** Offline mode's own count of attempts, for the backoff (the reconnect window is over or never began). */
  private offlineAttempts = 0
  private reconnectState: ReconnectState
  private readonly clock: Clock
  /** Frames dropped and bytes written by earlier connections. */
  private droppedTotal = 0
  private bytesBefore = 0
  state: PusherState = 'connecting'
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

  /** Bytes handed to the network so far, over every connection. */
  get bytesSent(): number {
    return this.bytesBefore + (this.publisher?.bytesWritten ?? 0)
  }

  start(): void {
    this.attempt()
  }

  /** A tag from the encoder (the cache already holds it). Never blocks. */
  feed(tag: FlvTag): void {
    if (!this.publisher || this.state === 'failed' || this.state === 'stopped') return
    if (!this.primed) {
      if (this.cache.ready) this.prime()
      return
    }
    this.queue.push(tag)
    this.drain()
  }

  /**
   * Skip the wait: try again at once with a fresh backoff. An attempt already under way goes on; if it fails, the next
   * one follows the fresh backoff (the click is not lost to a 30 s wait).
   */
  retryNow(): void {
    if (this.state !== 'reconnecting' && this.state !== 'offline') return
    this.reconnectState.reset()
    this.offlineAttempts = 0
    if (!this.publisher) this.attempt()
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
    const publisher = this.publisher
    if (!publisher) return
    // Whatever is still queued goes out first (at most ~700 ms of media), then the publish ends politely.
    if (this.mediaStarted) {
      publisher.batch(() => {
        for (let tag = this.queue.shift(); tag; tag = this.queue.shift()) publisher.sendTag(tag)
      })
    }
    await publisher.finish()
  }

  private attempt(): void {
    this.clearTimers()
    if (this.state === 'stopped' || this.state === 'failed') return
    if (this.state !== 'offline') this.state = this.everLive ? 'reconnecting' : 'connecting'
    this.primed = false
    this.mediaStarted = false
    this.lastWritten = 0
    this.lastAdvanceAt = this.clock.now()
    this.droppedTotal += this.queue.droppedFrames
    this.queue = new PusherQueue()
    const publisher: RtmpPublisher = new RtmpPublisher(
      { destination: this.destination.rtmp, openSocket: this.deps.openSocket, clock: this.clock, timeoutMs: this.deps.connectTimeoutMs },
      {
        onPublishing: () => this.onPublishing(publisher),
        onDrain: () => this.drain(),
        onClosed: (failure) => void this.onClosed(publisher, failure)
      }
    )
    this.publisher = publisher
    publisher.start()
    if (this.cache.ready) this.prime()
  }

  /** The cached GOP waits in the queue while the connection is set up, so the ingest starts on a keyframe. */
  private prime(): void {
    this.primed = true
    for (const tag of this.cache.currentGop()) this.queue.push(tag)
    this.startMedia()
  }

  /** Once the ingest accepted the publish and a keyframe is queued: metadata and codec config, then the media. */
  private startMedia(): void {
    const publisher = this.publisher
    if (!publisher?.publishing || !this.primed || this.mediaStarted) return
    this.mediaStarted = true
    publisher.batch(() => {
      for (const tag of this.cache.configTags()) publisher.sendTag(tag)
    })
    this.drain()
    this.becomeLive(publisher)
  }

  private drain(): void {
    const publisher = this.publisher
    if (!publisher || !this.mediaStarted || publisher.needDrain) return
    publisher.batch(() => {
      for (let tag = this.queue.shift(); tag; tag = this.queue.shift()) {
        if (!publisher.sendTag(tag)) break
      }
    })
  }

  /** NetStream.Publish.Start: the ingest accepted the key. Media follows as soon as a keyframe is there. */
  private onPublishing(publisher: RtmpPublisher): void {
    if (publisher !== this.publisher || this.state === 'stopped' || this.state === 'failed') return
    this.startMedia()
  }

  /**
   * "Live" is the ingest receiving the show: the publish accepted and the first keyframe on its way. A capture that
   * takes seconds to deliver its first frame (x11grab + PulseAudio) keeps the destination "connecting" until then.
   */
  private becomeLive(publisher: RtmpPublisher): void {
    if (this.state === 'stopped' || this.state === 'failed') return
    const reconnected = this.everLive
    this.state = 'live'
    this.everLive = true
    this.offlineAttempts = 0
    this.rejects = 0
    this.queue.enforceLimit = true
    this.reconnectState.succeeded()
    this.lastAdvanceAt = this.clock.now()
    this.watchTimer = this.clock.setInterval(() => this.checkStuck(publisher), 1000)
    this.listener.onLive(this.id, reconnected)
  }

  /**
   * A connection that silently stops carrying data (a pulled cable, a dead NAT) does not fail for minutes: TCP keeps
   * retransmitting while the socket's buffers fill. When it has had media waiting and written nothing for a while,
   * cut it and let the reconnect logic (probe, backoff) take over.
   */
  private checkStuck(publisher: RtmpPublisher): void {
    if (publisher !== this.publisher || this.state !== 'live') return
    if (publisher.bytesWritten > this.lastWritten) {
      this.lastWritten = publisher.bytesWritten
      this.lastAdvanceAt = this.clock.now()
    }
    const waiting = this.queue.length > 0 || publisher.needDrain
    if (!waiting || this.clock.now() - this.lastAdvanceAt < (this.deps.stuckMs ?? 10_000)) return
    this.listener.onLog('warn', 'pusher.stuck', 'The connection to the ingest stopped moving; reconnecting.')
    // Not stop(): this end must count as a lost connection, not as our own stop.
    this.cutStuck = true
    publisher.abort('no data moved')
  }

  private async onClosed(publisher: RtmpPublisher, failure: RtmpFailure | null): Promise<void> {
    if (publisher !== this.publisher) return
    this.bytesBefore += publisher.bytesWritten
    this.publisher = null
    if (this.watchTimer !== null) this.clock.clearInterval(this.watchTimer)
    this.watchTimer = null
    if (this.state === 'stopped' || this.state === 'failed' || !failure) return
    const wasLive = this.state === 'live'
    const { host, port } = this.destination.rtmp
    // A refused connection needs no second opinion; anything else is checked against a fresh one.
    const reachable = failure.kind === 'unreachable' ? false : await (this.deps.probe ?? tcpReachable)(host, port)
    if ((this.state as PusherState) === 'stopped') return
    const error = this.cutStuck
      ? onairError('ingest_failed', 'The connection to the ingest stopped carrying data.', { retryable: true })
      : pushFailure(failure, reachable, [this.destination.rtmp.key, this.destination.rtmp.publishUrl])
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
      // Offline mode waits an unreachable ingest out; otherwise going live failed outright (unreachable, bad URL):
      // say so now instead of retrying behind the user's back.
      if (this.deps.keepTrying && isOfflinePushFailure(failure.kind, error.value)) return this.goOffline(error)
      return this.fail(error)
    }

    if (wasLive) this.reconnects += 1
    if (this.state === 'offline') return this.goOffline(error)
    const decision = this.reconnectState.failed(this.clock.now(), (this.deps.random ?? Math.random)())
    if (decision.action === 'give-up') {
      if (this.deps.keepTrying) return this.goOffline(error)
      return this.fail(
        onairError('ingest_unreachable', 'The ingest stayed unreachable for 30 minutes; gave up reconnecting. The local recording went on.', {
          retryable: true
        })
      )
    }
    this.state = 'reconnecting'
    const wait = decision.retryAt - this.clock.now()
    this.listener.onReconnecting(this.id, error, decision.attempt, wait)
    this.retryTimer = this.clock.setTimeout(() => this.attempt(), Math.max(0, wait))
    this.scheduleProbe()
  }

  /**
   * Offline mode: the ingest cannot be reached (at the start, or past the reconnect window). Told once per outage;
   * the next attempt follows the usual backoff (capped at 30 s) and the probe makes it at once when the ingest answers.
   */
  private goOffline(error: OnairError): void {
    const told = this.state === 'offline'
    this.state = 'offline'
    this.offlineAttempts += 1
    const policy = this.deps.policy ?? DEFAULT_RECONNECT
    const wait = reconnectDelayMs(this.offlineAttempts, (this.deps.random ?? Math.random)(), policy)
    if (!told) this.listener.onOffline?.(this.id, error, wait)
    this.retryTimer = this.clock.setTimeout(() => this.attempt(), wait)
    this.scheduleProbe()
  }

  /** While waiting, probe the ingest at most once a second; retry as soon as it answers. */
  private scheduleProbe(): void {
    const interval = (this.deps.policy ?? DEFAULT_RECONNECT).probeIntervalMs
    const waiting = () => this.state === 'reconnecting' || this.state === 'offline'
    this.probeTimer = this.clock.setTimeout(() => {
      this.probeTimer = null
      if (!waiting() || this.publisher || this.probing) return
      this.probing = true
      void (this.deps.probe ?? tcpReachable)(this.destination.rtmp.host, this.destination.rtmp.port)
        .finally(() => (this.probing = false))
        .then((ok) => {
          if (!waiting() || this.publisher) return
          if (ok) this.attempt()
          else this.scheduleProbe()
        })
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
