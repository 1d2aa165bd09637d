import { randomUUID } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { PreviewFrame } from '../../../shared/contract'
import { onairError, toErrorValue, type OnairError } from '../../../shared/errors'
import { HEALTH_THRESHOLDS, scoreHealth } from '../../../shared/health'
import type { DestinationStatus, LiveSnapshot, LiveState, LiveStats, LiveTarget, LogEvent, RecordingStatus } from '../../../shared/live'
import type { RtmpDestination } from '../../../shared/rtmp-url'
import type { EventBus } from '../events/event-bus'
import type { SecretRegistry } from '../events/secret-registry'
import type { FfmpegLocator } from '../media/ffmpeg-locator'
import { recordingKbps, type LatencyMode } from '../media/encoder-args'
import type { MediaPipeline, MediaPipelineFactory, PushDestination } from '../media/media-pipeline'
import { describeRecordingFailure } from '../media/recording-failure'
import { checkRecordingFolder } from '../recordings/recording-folder'
import { recordingSpaceNeed } from '../recordings/recording-space'
import { sourceDevices } from '../media/source-args'
import type { IngestResolver, ProviderReportedStatus, ResolvedIngest } from './ingest-resolver'
import { canTransition, isActive } from './live-transitions'

export type LiveDestinationRequest = { target: LiveTarget } | { rtmp: RtmpDestination; label?: string }

export interface LiveStartOptions {
  destinations: LiveDestinationRequest[]
  video: string
  audio: string
  record: boolean
  /** Where the recording goes; defaults to the data dir's recordings folder. */
  recordDir?: string
  /** How long the show is planned to last (CLI --duration): a show shorter than 10 minutes needs room for itself only. */
  plannedSeconds?: number
  /** Preview JPEGs as `preview:frame` events (default on; the CLI has no use for them). */
  preview?: boolean
  latency?: LatencyMode
}

export interface LiveServiceDeps {
  bus: EventBus
  secrets: SecretRegistry
  ingest: IngestResolver
  locator: FfmpegLocator
  pipelineFactory: MediaPipelineFactory
  recordingsDir: string
  platform?: NodeJS.Platform
  env?: NodeJS.ProcessEnv
  now?: () => number
  /** How long connecting may take before the session fails. */
  connectTimeoutMs?: number
  /**
   * How often to ask API providers for the channel's state while live. 10 s keeps Kollus (60 calls a minute for
   * the whole app) far from its limit and is what the providers' own consoles refresh at.
   */
  providerPollMs?: number
}

/**
 * The go-live session (DESIGN §3 live/): resolves destinations, starts the media pipeline, owns the state machine
 * and turns everything into `live:state`, `live:stats` and `log:event` events. One session at a time.
 */
export class LiveService {
  private snap: LiveSnapshot = { sessionId: null, state: 'idle', destinations: [] }
  private pipeline: MediaPipeline | null = null
  private ingests: ResolvedIngest[] = []
  private settle: ((error: OnairError | null) => void) | null = null
  private ending: Promise<LiveSnapshot> | null = null
  private healthWindow: LiveStats[] = []
  private reconnectTimes: number[] = []
  /** The error code of each destination's last reconnect attempt, by destination id. */
  private reconnectReasons = new Map<string, string>()
  private lastHealthAt = 0
  /** What each destination's provider last said, by destination id. */
  private providerStatus = new Map<string, ProviderReportedStatus>()
  private pollTimer: NodeJS.Timeout | null = null
  private statusFailureLogged = false

  constructor(private readonly deps: LiveServiceDeps) {}

  snapshot(): LiveSnapshot {
    return this.deps.secrets.redactDeep(structuredClone(this.snap))
  }

  /** Resolves once every destination is live; rejects with the reason otherwise (the session is then `failed`). */
  async start(options: LiveStartOptions): Promise<LiveSnapshot> {
    if (isActive(this.snap.state)) throw onairError('already_live', 'A live session is already running; stop it first.')
    const now = this.now()
    this.snap = { sessionId: randomUUID(), state: 'idle', destinations: [], startedAt: now }
    this.ingests = []
    this.healthWindow = []
    this.reconnectTimes = []
    this.reconnectReasons.clear()
    this.lastHealthAt = 0
    this.providerStatus.clear()
    this.statusFailureLogged = false
    this.transition('preparing')
    this.log('info', 'live.preparing', 'Preparing to go live')
    try {
      // Before anything starts (no provider call, no push): a recording that cannot be written is refused now.
      const folder = options.record ? (options.recordDir ?? this.deps.recordingsDir) : null
      if (folder) await checkRecordingFolder(folder, recordingSpaceNeed(recordingKbps(), options.plannedSeconds))
      const destinations = await this.resolveDestinations(options.destinations)
      const caps = await this.deps.locator.locate({
        devices: sourceDevices(options.video, options.audio, this.platform(), this.env()),
        encoders: ['libx264', 'aac'],
        muxers: ['flv', 'matroska', 'tee']
      })
      const recordingPath = folder ? this.recordingPath(folder, destinations[0]?.label ?? 'show') : null
      this.snap.recordingPath = recordingPath ?? undefined
      this.snap.destinations = destinations.map((d): DestinationStatus => ({ id: d.id, label: d.label, state: 'connecting' }))
      this.transition('connecting')
      const labels = destinations.map((d) => d.label).join(', ')
      this.log('info', 'live.connecting', `Connecting to ${labels}`, { destinations: labels })

      const settled = new Promise<OnairError | null>((resolve) => (this.settle = resolve))
      const timer = setTimeout(
        () =>
          this.settle?.(
            onairError('ingest_unreachable', 'The ingest did not accept the stream in time. Check the server address and your network.', { retryable: true })
          ),
        this.deps.connectTimeoutMs ?? 20_000
      )
      try {
        this.pipeline = this.deps.pipelineFactory(
          {
            ffmpegPath: caps.path,
            ffmpegVersion: caps.version,
            encoders: caps.encoders,
            video: options.video,
            audio: options.audio,
            destinations,
            recordingPath,
            platform: this.platform(),
            env: this.env(),
            preview: options.preview ?? true,
            latency: options.latency
          },
          this.pipelineListener()
        )
        await this.pipeline.start()
        const error = await settled
        if (error) throw error
      } finally {
        clearTimeout(timer)
      }
      return this.snapshot()
    } catch (e) {
      await this.fail(e)
      throw e
    }
  }

  /** Ends the session cleanly: recording closed, pushes stopped, providers released. */
  async stop(): Promise<LiveSnapshot> {
    if (!isActive(this.snap.state)) return this.snapshot()
    if (this.ending) return this.ending
    this.ending = (async () => {
      this.stopProviderPolling()
      this.transition('ending')
      this.log('info', 'live.ending', 'Ending the live session')
      this.settle?.(onairError('not_live', 'The session was stopped before it went live.'))
      await this.pipeline?.stop()
      this.snap.recording = this.recordingOutcome(this.pipeline)
      this.pipeline = null
      await this.release()
      this.snap.endedAt = this.now()
      this.snap.destinations = this.snap.destinations.map((d) => ({ ...d, state: 'ended' }))
      this.transition('ended')
      this.log('info', 'live.ended', 'The live session ended')
      this.ending = null
      return this.snapshot()
    })()
    return this.ending
  }

  retryNow(): LiveSnapshot {
    if (!isActive(this.snap.state)) throw onairError('not_live', 'There is no live session to retry.')
    this.pipeline?.retryNow()
    return this.snapshot()
  }

  /** Pids of the running ffmpeg processes (tests assert none survive). */
  pids(): number[] {
    return this.pipeline?.pids() ?? []
  }

  private async resolveDestinations(requests: LiveDestinationRequest[]): Promise<PushDestination[]> {
    if (requests.length === 0) throw onairError('invalid_request', 'Choose where to go live first.', { field: 'destination' })
    const out: PushDestination[] = []
    for (const [i, request] of requests.entries()) {
      const resolved: ResolvedIngest =
        'target' in request ? await this.deps.ingest.resolve(request.target) : { label: request.label ?? request.rtmp.server, rtmp: request.rtmp }
      this.deps.secrets.add(resolved.rtmp.key, resolved.rtmp.publishUrl)
      this.ingests.push(resolved)
      const refresh = resolved.refresh
      out.push({
        id: `d${i + 1}`,
        label: resolved.label,
        rtmp: resolved.rtmp,
        // A fresh ingest carries a fresh key: register it before ffmpeg (or any log line) sees it.
        refresh: refresh
          ? async () => {
              const fresh = await refresh()
              this.deps.secrets.add(fresh.key, fresh.publishUrl)
              return fresh
            }
          : undefined
      })
    }
    return out
  }

  private pipelineListener() {
    return {
      onDestinationLive: (id: string) => {
        const wasReconnecting = this.snap.destinations.find((d) => d.id === id)?.state === 'reconnecting'
        this.setDestination(id, 'live')
        if (wasReconnecting) {
          this.reconnectTimes.push(this.now())
          this.log('info', 'pusher.reconnected', `${this.label(id)} is back live`, { destination: this.label(id) })
        }
        const running = this.snap.destinations.filter((d) => d.state !== 'failed')
        if (
          running.length > 0 &&
          running.every((d) => d.state === 'live') &&
          this.snap.state !== 'live' &&
          (this.snap.state === 'connecting' || this.snap.state === 'reconnecting')
        ) {
          const first = this.snap.liveSince === undefined
          this.snap.liveSince ??= this.now()
          this.transition('live')
          if (first) {
            this.log('info', 'live.started', 'You are live')
            this.startProviderPolling()
          }
          this.settle?.(null)
        }
      },
      onDestinationReconnecting: (id: string, error: OnairError, attempt: number, nextRetryMs: number) => {
        this.setDestination(id, 'reconnecting')
        if (this.snap.state === 'live') this.transition('reconnecting')
        const seconds = Math.round(nextRetryMs / 100) / 10
        // The reason is told when it is new; an outage of a minute is not ten copies of the same sentence.
        const sameReason = attempt > 1 && this.reconnectReasons.get(id) === error.code
        this.reconnectReasons.set(id, error.code)
        const reason = sameReason ? 'Still no connection.' : error.message
        this.log('warn', 'pusher.reconnecting', `${this.label(id)}: ${reason} Reconnecting (attempt ${attempt}, next in ${seconds} s)`, {
          destination: this.label(id),
          attempt,
          seconds
        })
      },
      onDestinationFailed: (id: string, error: OnairError) => {
        this.setDestination(id, 'failed')
        if (this.snap.state === 'connecting') return this.settle?.(error)
        this.log('error', `error.${error.code}`, `${this.label(id)}: ${error.message}`)
        // The others go on; once none is reconnecting any more, the session is live again.
        const running = this.snap.destinations.filter((d) => d.state !== 'failed')
        if (this.snap.state === 'reconnecting' && running.length > 0 && running.every((d) => d.state === 'live')) this.transition('live')
      },
      onPreviewFrame: (frame: PreviewFrame) => this.deps.bus.emit('preview:frame', frame),
      onStats: (stats: Omit<LiveStats, 'time'>) => {
        const sample = { time: this.now(), ...stats }
        this.deps.bus.emit('live:stats', sample)
        this.scoreHealth(sample)
      },
      onLog: (level: LogEvent['level'], code: string, message: string) => this.log(level, code, message),
      onRecordingFailed: (status: RecordingStatus, detail: string) => {
        this.snap.recording = status
        const cause = describeRecordingFailure(status.error)
        this.log('warn', 'recording.failed', `The local recording stopped at ${status.seconds} s: ${cause} (${detail}). The stream goes on.`, {
          cause: status.error ?? 'io_error',
          seconds: status.seconds
        })
        this.deps.bus.emit('live:state', this.snapshot())
      },
      onEnded: (error: OnairError | null) => {
        // Only an end the pipeline came to by itself matters here: stop() and fail() handle the ends they asked
        // for (fail() lets go of the pipeline before stopping it, stop() marks itself as ending).
        if (!this.pipeline || this.ending || this.snap.state === 'ending' || !isActive(this.snap.state)) return
        // Without an error (a file source ran out): end the session as a stop would.
        if (!error) return void this.stop()
        // Failing on its own: settle a pending start, or fail the running session.
        if (this.settle && this.snap.state === 'connecting') this.settle(error)
        else void this.fail(error)
      }
    }
  }

  private async fail(e: unknown): Promise<void> {
    const error = this.deps.secrets.redactDeep(toErrorValue(e))
    const wasLive = this.snap.liveSince !== undefined
    this.stopProviderPolling()
    this.settle = null
    const pipeline = this.pipeline
    this.pipeline = null
    await pipeline?.stop()
    await this.release()
    // A session that never went live leaves nothing behind: drop its recording (a few seconds of the encoder
    // warming up while the ingest refused or did not answer; the pipeline has stopped writing it by now).
    if (!wasLive && this.snap.recordingPath) removeRecording(this.snap.recordingPath)
    if (!wasLive) this.snap.recordingPath = undefined
    else this.snap.recording = this.recordingOutcome(pipeline)
    this.snap.error = error
    this.snap.endedAt = this.now()
    this.snap.destinations = this.snap.destinations.map((d) => ({ ...d, state: 'failed' }))
    if (this.snap.state !== 'failed') this.transition('failed')
    this.log('error', `error.${error.code}`, error.message)
  }

  private async release(): Promise<void> {
    const ingests = this.ingests
    this.ingests = []
    for (const ingest of ingests) {
      try {
        await ingest.release?.()
      } catch (e) {
        this.log('warn', 'provider.stopFailed', `Could not stop the channel at the provider: ${toErrorValue(e).message}`)
      }
    }
  }

  /** Health (DESIGN §5): scored every 2 s over the last ~4 s of stats by the pure module in shared/health. */
  private scoreHealth(sample: LiveStats): void {
    this.healthWindow.push(sample)
    this.healthWindow = this.healthWindow.filter((s) => s.time > sample.time - HEALTH_THRESHOLDS.windowMs - 1000)
    if (sample.time - this.lastHealthAt < 2000 - 100) return
    this.lastHealthAt = sample.time
    const flowing = this.snap.destinations.some((d) => d.state === 'live')
    const providerHealth = worstProviderHealth([...this.providerStatus.values()])
    this.deps.bus.emit('live:health', scoreHealth({ samples: this.healthWindow, reconnects: this.reconnectTimes, flowing, providerHealth, now: sample.time }))
  }

  /** Polls the providers that report a channel state (DESIGN §3 "status polling"): at once, then every 10 s. */
  private startProviderPolling(): void {
    const sources = this.snap.destinations.map((d, i) => [d.id, this.ingests[i]?.status] as const).filter(([, status]) => status)
    if (sources.length === 0) return
    const poll = async () => {
      for (const [id, status] of sources) {
        try {
          const reported = await status!()
          if (!this.pollTimer) return // the session ended while we asked
          this.providerStatus.set(id, reported)
          const before = this.snap.destinations.find((d) => d.id === id)?.rawState
          if (before !== reported.raw) {
            this.snap.destinations = this.snap.destinations.map((d) => (d.id === id ? { ...d, rawState: reported.raw } : d))
            this.snap.rawState = this.snap.destinations.find((d) => d.rawState)?.rawState
            this.deps.bus.emit('live:state', this.snapshot())
          }
        } catch (e) {
          // The stream goes on whatever the provider's API says; tell the streamer once, not every 10 s.
          if (!this.statusFailureLogged) {
            this.statusFailureLogged = true
            this.log('warn', 'provider.statusFailed', `Could not read the channel's state from the provider (the stream goes on): ${toErrorValue(e).message}`)
          }
        }
      }
    }
    this.pollTimer = setInterval(() => void poll(), this.deps.providerPollMs ?? 10_000)
    this.pollTimer.unref?.()
    void poll()
  }

  private stopProviderPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer)
    this.pollTimer = null
  }

  private label(id: string): string {
    return this.snap.destinations.find((d) => d.id === id)?.label ?? id
  }

  private setDestination(id: string, state: LiveState): void {
    this.snap.destinations = this.snap.destinations.map((d) => (d.id === id ? { ...d, state } : d))
  }

  private transition(state: LiveState): void {
    if (!canTransition(this.snap.state, state)) throw onairError('internal', `Invalid live transition ${this.snap.state} → ${state}`)
    this.snap.state = state
    this.deps.bus.emit('live:state', this.snapshot())
  }

  /** `data` carries the message's parameters, so the UI can say the same thing in its own language. */
  private log(level: LogEvent['level'], code: string, message: string, data?: Record<string, string | number>): void {
    this.deps.bus.emit('log:event', { time: this.now(), level, code, message: this.deps.secrets.redact(message), ...(data ? { data } : {}) })
  }

  /**
   * How the show's recording ended, from the pipeline once it stopped. A pipeline that cannot tell (a test's
   * stand-in) is judged by the file being there.
   */
  private recordingOutcome(pipeline: MediaPipeline | null): RecordingStatus | undefined {
    const path = this.snap.recordingPath
    if (!path) return undefined
    const told = pipeline?.recording?.()
    if (told) return told
    if (!existsSync(path)) return { path, complete: false, seconds: 0, error: 'folder_gone' }
    return { path, complete: true, seconds: Math.round(((this.snap.endedAt ?? this.now()) - (this.snap.liveSince ?? this.now())) / 100) / 10 }
  }

  private recordingPath(folder: string, label: string): string {
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19)
    // Letters of any script stay (a channel named 방송_채널1 or Kênh 1 is recognisable in the folder); anything a
    // file system may refuse becomes a dash.
    const slug =
      [
        ...label
          .replace(/^rtmps?:\/\//, '')
          .normalize('NFC')
          .replace(/[^\p{L}\p{N}._-]+/gu, '-')
          .replace(/^-+|-+$/g, '')
      ]
        .slice(0, 48)
        .join('') || 'show'
    return join(folder, `${stamp}-${slug}.mkv`)
  }

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }

  private platform(): NodeJS.Platform {
    return this.deps.platform ?? process.platform
  }

  private env(): NodeJS.ProcessEnv {
    return this.deps.env ?? process.env
  }
}

function removeRecording(path: string): void {
  rmSync(path, { force: true })
}

const HEALTH_RANK = { excellent: 0, acceptable: 1, unstable: 2 } as const

function worstProviderHealth(statuses: ProviderReportedStatus[]): ProviderReportedStatus['health'] {
  return statuses
    .map((s) => s.health)
    .filter((h) => h !== undefined)
    .sort((a, b) => HEALTH_RANK[b!] - HEALTH_RANK[a!])[0]
}
