import { randomUUID } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { PreviewFrame } from '../../../shared/contract'
import { OnairError, onairError, toErrorValue, type OnairErrorValue } from '../../../shared/errors'
import {
  SESSION_LOG_MAX,
  type DestinationStatus,
  type LiveDestination,
  type LiveHistory,
  type LiveSnapshot,
  type LiveState,
  type LiveStats,
  type LogEvent,
  type RecordingStatus
} from '../../../shared/live'
import { PROVIDERS } from '../../../shared/providers'
import { StatsHistory } from '../../../shared/stats-history'
import type { RtmpDestination } from '../../../shared/rtmp-url'
import type { EventBus } from '../events/event-bus'
import type { SecretRegistry } from '../events/secret-registry'
import type { FfmpegLocator } from '../media/ffmpeg-locator'
import { recordingKbps, showLatency, type LatencyMode } from '../media/encoder-args'
import type { OutputSettings } from '../../../shared/output-presets'
import type { MediaPipeline, MediaPipelineFactory, PushDestination } from '../media/media-pipeline'
import { describeRecordingFailure } from '../media/recording-failure'
import { checkRecordingFolder } from '../recordings/recording-folder'
import { recordingSpaceNeed } from '../recordings/recording-space'
import { sourceDevices } from '../media/source-args'
import { preparationStep, sessionStep } from './failure-step'
import { HealthSampler } from './health-sampler'
import type { IngestResolver, ProviderReportedStatus, ResolvedIngest } from './ingest-resolver'
import { canTransition, isActive } from './live-transitions'
import { ProviderPoller } from './provider-poller'

/**
 * Settings of this process's front door that are not part of the contract: a socket client must not choose where
 * files are written (the CLI's `--record DIR`), and the CLI has no use for preview frames.
 */
export interface LiveLocalOptions {
  /** Where the recording goes; defaults to the data dir's recordings folder. */
  recordDir?: string
  /** How long the show is planned to last (CLI --duration): a show shorter than 10 minutes needs room for itself only. */
  plannedSeconds?: number
  /** Preview JPEGs as `preview:frame` events (default on; the CLI has no use for them). */
  preview?: boolean
  latency?: LatencyMode
}

export interface LiveStartOptions extends LiveLocalOptions {
  /** Saved accounts (+ channels), 1 to 4, checked by the contract's schema. */
  destinations: LiveDestination[]
  video: string
  audio: string
  record: boolean
  /** Size, frame rate, bitrate and encoder (the saved output settings); the default preset when absent. */
  output?: OutputSettings
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
  private snap: LiveSnapshot = { sessionId: null, state: 'idle', sources: null, destinations: [], log: [] }
  private pipeline: MediaPipeline | null = null
  private muted = false
  /** The resolved ingest behind each main destination id (released at the end, polled for the provider's state). */
  private ingests: Array<{ id: string; ingest: ResolvedIngest }> = []
  private local: LiveLocalOptions = {}
  private settle: ((error: OnairError | null) => void) | null = null
  private ending: Promise<LiveSnapshot> | null = null
  private health = new HealthSampler()
  private stats = new StatsHistory()
  /** The error code of each destination's last reconnect attempt, by destination id. */
  private reconnectReasons = new Map<string, string>()
  private poller: ProviderPoller | null = null
  /** Every destination has logged why it failed: the session's own failure need not say it again. */
  private allDestinationsToldFailure = false
  /** Destinations that went live at least once, and those whose provider confirmed it (each told once in the log). */
  private wentLive = new Set<string>()
  private confirmedLive = new Set<string>()

  constructor(private readonly deps: LiveServiceDeps) {}

  snapshot(): LiveSnapshot {
    return this.deps.secrets.redactDeep(structuredClone(this.snap))
  }

  /** The show's graph data so far (bitrate sent per destination, fps, congestion), folded to stay small. */
  history(): LiveHistory {
    return { sessionId: this.snap.sessionId, points: this.stats.all(), samplesPerPoint: this.stats.samplesPerPoint() }
  }

  /** This process's own defaults for every start (see LiveLocalOptions); a start's own options win. */
  useLocalOptions(options: LiveLocalOptions): void {
    this.local = { ...options }
  }

  /**
   * Resolves once live: every destination has answered and at least one is live (one that failed says why in the
   * snapshot, the others go on). Rejects when none went live (the session is then `failed`).
   */
  async start(startOptions: LiveStartOptions): Promise<LiveSnapshot> {
    if (isActive(this.snap.state)) throw onairError('already_live', 'A live session is already running; stop it first.')
    const options = { ...this.local, ...startOptions }
    const now = this.now()
    this.snap = {
      sessionId: randomUUID(),
      state: 'idle',
      sources: { video: options.video, audio: options.audio },
      destinations: [],
      log: [],
      startedAt: now
    }
    this.ingests = []
    this.health = new HealthSampler()
    this.stats = new StatsHistory()
    this.reconnectReasons.clear()
    this.allDestinationsToldFailure = false
    this.wentLive.clear()
    this.confirmedLive.clear()
    this.transition('preparing')
    this.log('info', 'live.preparing', 'Preparing to go live')
    try {
      // Before anything starts (no provider call, no push): a recording that cannot be written is refused now.
      const folder = options.record ? (options.recordDir ?? this.deps.recordingsDir) : null
      if (folder) await checkRecordingFolder(folder, recordingSpaceNeed(recordingKbps(options.output), options.plannedSeconds))
      const destinations = await this.resolveDestinations(options.destinations)
      const caps = await this.deps.locator.locate({
        devices: sourceDevices(options.video, options.audio, this.platform(), this.env()),
        encoders: ['libx264', 'aac'],
        muxers: ['flv', 'matroska', 'tee']
      })
      const recordingPath = folder ? this.recordingPath(folder, destinations[0]?.label ?? 'show') : null
      this.snap.recordingPath = recordingPath ?? undefined
      this.snap.destinations = this.snap.destinations.map((d) => (d.state === 'preparing' ? { ...d, state: 'connecting' } : d))
      this.transition('connecting')
      const labels = destinations.map((d) => d.label).join(', ')
      this.log('info', 'live.connecting', `Connecting to ${labels}`, { destinations: labels })

      const settled = new Promise<OnairError | null>((resolve) => (this.settle = resolve))
      const timer = setTimeout(() => {
        // Some destination is live: the show goes on there, the slow ones keep trying on their own.
        if (this.snap.destinations.some((d) => d.state === 'live')) return this.goLive()
        this.settle?.(
          onairError('ingest_unreachable', 'The ingest did not accept the stream in time. Check the server address and your network.', { retryable: true })
        )
      }, this.deps.connectTimeoutMs ?? 20_000)
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
            muted: this.muted,
            ...(options.output ? { output: options.output, encoder: options.output.encoder } : {}),
            latency: options.latency ?? showLatency(this.ingests.map((i) => i.ingest.latency))
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
      // One that failed during the show stays failed, with its reason.
      this.snap.destinations = this.snap.destinations.map((d) => (d.state === 'failed' ? d : { ...d, state: 'ended' }))
      this.transition('ended')
      this.log('info', 'live.ended', 'The live session ended')
      this.ending = null
      return this.snapshot()
    })()
    return this.ending
  }

  /** Mutes the show's audio (the encoder sends silence, the track stays) or unmutes it; kept for the next show too. */
  setMuted(muted: boolean): void {
    this.muted = muted
    this.pipeline?.setMuted?.(muted)
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

  /**
   * Every destination's ingest, asked of the providers at once (four in turn would add their latencies). One that
   * cannot be prepared is marked failed with its reason and the others go on; none at all fails the start.
   */
  private async resolveDestinations(requests: LiveDestination[]): Promise<PushDestination[]> {
    if (requests.length === 0) throw onairError('invalid_request', 'Choose where to go live first.', { field: 'destinations' })
    const settled = await Promise.allSettled(
      requests.map((r) => this.deps.ingest.resolve({ provider: r.provider, profile: r.profile, ...(r.channelId ? { channelId: r.channelId } : {}) }))
    )
    const statuses: DestinationStatus[] = []
    const pushes: PushDestination[] = []
    const failed = (status: Omit<DestinationStatus, 'state'>, error: OnairErrorValue) => statuses.push({ ...status, state: 'failed', error })
    settled.forEach((result, i) => {
      const request = requests[i]
      const base = { provider: request.provider, profile: request.profile, ...(request.channelId ? { channelId: request.channelId } : {}) }
      const id = `d${statuses.length + 1}`
      if (result.status === 'rejected') {
        const reason = this.deps.secrets.redactDeep(toErrorValue(result.reason))
        const error: OnairErrorValue = { ...reason, step: preparationStep(reason) }
        failed({ id, ...base, label: requestLabel(request) }, error)
        if (request.backup) failed({ id: `d${statuses.length + 1}`, ...base, backup: true, label: `${requestLabel(request)} (backup)` }, error)
        return
      }
      const ingest = result.value
      this.deps.secrets.add(ingest.rtmp.key, ingest.rtmp.publishUrl)
      this.ingests.push({ id, ingest })
      statuses.push({ id, ...base, label: ingest.label, state: 'preparing' })
      pushes.push({ id, label: ingest.label, rtmp: ingest.rtmp, refresh: this.registered(ingest.refresh) })
      if (!request.backup) return
      const backupId = `d${statuses.length + 1}`
      const backupLabel = `${ingest.label} (backup)`
      if (!ingest.backup) {
        failed(
          { id: backupId, ...base, backup: true, label: backupLabel },
          {
            code: 'invalid_request',
            message: `This ${PROVIDERS[request.provider].name} channel has no backup ingest: turn on "main + backup ingest" for it, or go live without the backup.`,
            retryable: false,
            field: `destinations.${i}.backup`,
            provider: request.provider,
            step: 'ingest'
          }
        )
        return
      }
      this.deps.secrets.add(ingest.backup.rtmp.key, ingest.backup.rtmp.publishUrl)
      statuses.push({ id: backupId, ...base, backup: true, label: backupLabel, state: 'preparing' })
      // NAVER: the main stream must be pushed first (naver-live-station.md §7), so the backup waits for it.
      pushes.push({ id: backupId, label: backupLabel, rtmp: ingest.backup.rtmp, refresh: this.registered(ingest.backup.refresh), after: id })
    })
    this.snap.destinations = statuses
    for (const d of statuses) {
      if (d.error) this.log('error', `error.${d.error.code}`, `${d.label}: ${d.error.message}`, { destination: d.label, id: d.id, ...errorData(d.error) })
      else this.log('info', 'destination.ready', `${d.label}: ingest ready`, { destination: d.label, id: d.id })
    }
    if (pushes.length === 0) {
      this.allDestinationsToldFailure = true
      throw new OnairError(statuses[0].error as OnairErrorValue)
    }
    return pushes
  }

  /** A fresh ingest carries a fresh key: register it before the pusher (or any log line) sees it. */
  private registered(refresh: (() => Promise<RtmpDestination>) | undefined): (() => Promise<RtmpDestination>) | undefined {
    if (!refresh) return undefined
    return async () => {
      const fresh = await refresh()
      this.deps.secrets.add(fresh.key, fresh.publishUrl)
      return fresh
    }
  }

  /**
   * Connecting → live once every destination has answered (live, failed, or lost again) and one at least is live;
   * when all have failed, the start fails with the first one's reason.
   */
  private settleConnecting(): void {
    if (this.snap.state !== 'connecting') return
    const destinations = this.snap.destinations
    if (destinations.every((d) => d.state === 'failed')) {
      const first = destinations.find((d) => d.error)?.error
      this.allDestinationsToldFailure = first !== undefined
      return this.settle?.(first ? new OnairError(first) : onairError('ingest_failed', 'No destination accepted the stream.'))
    }
    if (destinations.some((d) => d.state === 'connecting') || !destinations.some((d) => d.state === 'live')) return
    this.goLive()
  }

  private goLive(): void {
    if (this.snap.state !== 'connecting') return
    this.snap.liveSince ??= this.now()
    this.transition('live')
    this.log('info', 'live.started', 'You are live')
    this.startProviderPolling()
    if (this.snap.destinations.some((d) => d.state === 'reconnecting')) this.transition('reconnecting')
    this.settle?.(null)
  }

  private pipelineListener() {
    return {
      onDestinationLive: (id: string) => {
        const wasReconnecting = this.snap.destinations.find((d) => d.id === id)?.state === 'reconnecting'
        this.setDestination(id, 'live')
        if (!this.wentLive.has(id)) {
          // The push step of the checklist: this destination's ingest has the show.
          this.wentLive.add(id)
          this.log('info', 'destination.live', `${this.label(id)} is live`, { destination: this.label(id), id })
        }
        if (wasReconnecting) {
          this.health.reconnected(this.now())
          this.log('info', 'pusher.reconnected', `${this.label(id)} is back live`, { destination: this.label(id), id })
        }
        if (this.snap.state === 'connecting') return this.settleConnecting()
        const running = this.snap.destinations.filter((d) => d.state !== 'failed')
        if (this.snap.state === 'reconnecting' && running.every((d) => d.state === 'live')) this.transition('live')
      },
      onDestinationReconnecting: (id: string, error: OnairError, attempt: number, nextRetryMs: number) => {
        this.setDestination(id, 'reconnecting', undefined, this.now() + nextRetryMs)
        if (this.snap.state === 'live') this.transition('reconnecting')
        const seconds = Math.round(nextRetryMs / 100) / 10
        // The reason is told when it is new; an outage of a minute is not ten copies of the same sentence.
        const sameReason = attempt > 1 && this.reconnectReasons.get(id) === error.code
        this.reconnectReasons.set(id, error.code)
        const reason = sameReason ? 'Still no connection.' : error.message
        this.log('warn', 'pusher.reconnecting', `${this.label(id)}: ${reason} Reconnecting (attempt ${attempt}, next in ${seconds} s)`, {
          destination: this.label(id),
          id,
          attempt,
          seconds,
          // What cut the push, as a code: the session report's outage cause.
          cause: error.code
        })
      },
      onDestinationFailed: (id: string, error: OnairError) => {
        // The pushers fail only at the push (a refused key, an ingest gone for good); a fresh ingest they asked for too.
        const value: OnairErrorValue = { ...this.deps.secrets.redactDeep(error.value), step: 'push' }
        this.setDestination(id, 'failed', value)
        this.log('error', `error.${value.code}`, `${this.label(id)}: ${value.message}`, { destination: this.label(id), id, ...errorData(value) })
        if (this.snap.state === 'connecting') return this.settleConnecting()
        // The others go on; once none is reconnecting any more, the session is live again.
        const running = this.snap.destinations.filter((d) => d.state !== 'failed')
        if (this.snap.state === 'reconnecting' && running.length > 0 && running.every((d) => d.state === 'live')) this.transition('live')
        else this.deps.bus.emit('live:state', this.snapshot())
      },
      onEncoderReady: () => this.log('info', 'encoder.started', 'The encoder is running'),
      onPreviewFrame: (frame: PreviewFrame) => this.deps.bus.emit('preview:frame', frame),
      onStats: (stats: Omit<LiveStats, 'time'>) => {
        const sample = { time: this.now(), ...stats }
        this.deps.bus.emit('live:stats', sample)
        this.stats.add(sample)
        const health = this.health.sample(
          sample,
          this.snap.destinations.some((d) => d.state === 'live')
        )
        if (health) this.deps.bus.emit('live:health', health)
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
    const value = this.deps.secrets.redactDeep(toErrorValue(e))
    const step = sessionStep(value)
    const error: OnairErrorValue = step ? { ...value, step } : value
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
    if (!this.allDestinationsToldFailure) this.log('error', `error.${error.code}`, error.message)
  }

  private async release(): Promise<void> {
    const ingests = this.ingests
    this.ingests = []
    for (const { ingest } of ingests) {
      try {
        await ingest.release?.()
      } catch (e) {
        this.log('warn', 'provider.stopFailed', `Could not stop the channel at the provider: ${toErrorValue(e).message}`)
      }
    }
  }

  /**
   * Asks the API providers about their channels while live (DESIGN §3 provider poller): their state beside ours, the
   * confirmation that they see the show, their health, and their own events, merged into the log as they wrote them.
   */
  private startProviderPolling(): void {
    const destinations = this.ingests.map(({ id, ingest }) => ({ id, status: ingest.status, events: ingest.events }))
    this.poller = new ProviderPoller(
      destinations,
      {
        onStatus: (id, reported) => this.providerReported(id, reported),
        onEvent: (id, event) => {
          const provider = this.snap.destinations.find((d) => d.id === id)?.provider
          // The provider's words exactly as written (Korean, Vietnamese...), tagged with where they came from.
          this.log(
            event.level ?? 'info',
            'provider.event',
            `${this.label(id)}: ${event.message}`,
            {
              destination: this.label(id),
              id,
              providerCode: event.code,
              text: event.message,
              ...(provider ? { provider } : {})
            },
            provider
          )
        },
        onFailure: (id, kind, error) => {
          const provider = this.snap.destinations.find((d) => d.id === id)?.provider
          const data = { destination: this.label(id), id, code: error.code, ...(provider ? { provider } : {}) }
          if (kind === 'status')
            this.log('warn', 'provider.statusFailed', `Could not read the channel's state from the provider (the stream goes on): ${error.message}`, data)
          else this.log('warn', 'provider.eventsFailed', `${this.label(id)}: could not read the provider's events (the stream goes on): ${error.message}`, data)
        }
      },
      { intervalMs: this.deps.providerPollMs ?? 10_000, since: (this.snap.startedAt ?? this.now()) - PROVIDER_CLOCK_SLACK_MS }
    )
    this.poller.start()
  }

  private providerReported(id: string, reported: ProviderReportedStatus): void {
    this.health.provider(id, reported.health)
    if (reported.state === 'live' && !this.confirmedLive.has(id)) {
      // The last step of the checklist: the provider itself sees the stream.
      this.confirmedLive.add(id)
      this.log('info', 'provider.live', `${this.label(id)}: the provider reports the channel live (${reported.raw})`, {
        destination: this.label(id),
        id,
        raw: reported.raw
      })
    }
    const before = this.snap.destinations.find((d) => d.id === id)?.rawState
    if (before === reported.raw) return
    this.snap.destinations = this.snap.destinations.map((d) => (d.id === id ? { ...d, rawState: reported.raw } : d))
    this.snap.rawState = this.snap.destinations.find((d) => d.rawState)?.rawState
    this.deps.bus.emit('live:state', this.snapshot())
  }

  private stopProviderPolling(): void {
    this.poller?.stop()
    this.poller = null
  }

  private label(id: string): string {
    return this.snap.destinations.find((d) => d.id === id)?.label ?? id
  }

  private setDestination(id: string, state: LiveState, error?: OnairErrorValue, retryAt?: number): void {
    this.snap.destinations = this.snap.destinations.map((d) => {
      if (d.id !== id) return d
      const { retryAt: _was, ...rest } = d
      return { ...rest, state, ...(error ? { error } : {}), ...(retryAt !== undefined ? { retryAt } : {}) }
    })
    this.markOffAir()
  }

  /** Once on air, the moment no destination has the show any more (the dashboard's "off air for N s"), until one has. */
  private markOffAir(): void {
    if (this.snap.liveSince === undefined) return
    if (this.snap.destinations.some((d) => d.state === 'live')) delete this.snap.offAirSince
    else this.snap.offAirSince ??= this.now()
  }

  private transition(state: LiveState): void {
    if (!canTransition(this.snap.state, state)) throw onairError('internal', `Invalid live transition ${this.snap.state} → ${state}`)
    this.snap.state = state
    this.deps.bus.emit('live:state', this.snapshot())
  }

  /** `data` carries the message's parameters, so the UI can say the same thing in its own language. */
  private log(level: LogEvent['level'], code: string, message: string, data?: Record<string, string | number>, source?: LogEvent['source']): void {
    const event: LogEvent = {
      time: this.now(),
      level,
      code,
      message: this.deps.secrets.redact(message),
      ...(data ? { data: this.deps.secrets.redactDeep(data) } : {}),
      ...(source ? { source } : {})
    }
    // Kept for the snapshot: a window that opens mid-show gets the session's log so far.
    this.snap.log.push(event)
    if (this.snap.log.length > SESSION_LOG_MAX) this.snap.log.splice(0, this.snap.log.length - SESSION_LOG_MAX)
    this.deps.bus.emit('log:event', event)
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

/** A destination's name before its provider answered (it may never): provider + channel, or the account. */
function requestLabel(d: LiveDestination): string {
  const name = PROVIDERS[d.provider].name
  if (d.channelId) return `${name} · ${d.channelId}`
  return d.profile === 'default' ? name : `${name} (${d.profile})`
}

/** Provider clocks and ours differ by a few seconds: an event stamped just before Go Live is still this show's. */
const PROVIDER_CLOCK_SLACK_MS = 30_000

function removeRecording(path: string): void {
  rmSync(path, { force: true })
}

/** A destination's error in its log line: the code, and the provider so the app can word a provider's refusal itself. */
function errorData(error: OnairErrorValue): { code: string; provider?: string } {
  return { code: error.code, ...(error.provider ? { provider: error.provider } : {}) }
}
