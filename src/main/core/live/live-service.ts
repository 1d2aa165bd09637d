import { randomUUID } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { PreviewFrame } from '../../../shared/contract'
import { OnairError, onairError, toErrorValue, type OnairErrorValue } from '../../../shared/errors'
import {
  SESSION_LOG_MAX,
  type DestinationStatus,
  type LiveDestination,
  type LiveHandoff,
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
import { INGEST_RETRY, IngestRetry } from './ingest-retry'
import { canTransition, isActive, runningState } from './live-transitions'
import { isOfflineCause } from './offline-cause'
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
  /**
   * Offline mode (DESIGN §6): when the provider or the ingest cannot be reached, the show goes on recording in state
   * `offline` and goes live by itself when a destination returns, instead of failing. A refusal still fails.
   */
  offline?: boolean
  /** A recording streamed as it is (the video source is `file:PATH`): copied, not encoded, nothing recorded. */
  handoff?: Omit<LiveHandoff, 'positionSeconds'>
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
  /** Offline mode: how often a provider that could not give an ingest is asked again (tests make it quick). */
  ingestRetry?: typeof INGEST_RETRY
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
  /** Offline mode for this show, and the providers asked again for the ingests they could not give at Go Live. */
  private offline = false
  private retries = new Map<string, IngestRetry>()
  /** Destinations whose ingest is not resolved yet (offline mode), by main destination id: asked again once the pipeline runs. */
  private unresolved = new Map<string, { request: LiveDestination; index: number; backupId?: string }>()
  /** When the encoder delivered its first keyframe: the recording has the show from about then. */
  private encoderReadyAt: number | undefined

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
      startedAt: now,
      ...(options.handoff ? { handoff: { ...options.handoff, positionSeconds: 0 } } : {})
    }
    this.ingests = []
    this.health = new HealthSampler()
    this.stats = new StatsHistory()
    this.reconnectReasons.clear()
    this.allDestinationsToldFailure = false
    this.wentLive.clear()
    this.confirmedLive.clear()
    this.offline = (options.offline ?? false) && !options.handoff
    if (this.offline) this.snap.offlineMode = true
    this.stopRetries()
    this.unresolved.clear()
    this.encoderReadyAt = undefined
    this.transition('preparing')
    this.log('info', 'live.preparing', 'Preparing to go live')
    try {
      // Before anything starts (no provider call, no push): a recording that cannot be written is refused now.
      const folder = options.record ? (options.recordDir ?? this.deps.recordingsDir) : null
      if (folder) await checkRecordingFolder(folder, recordingSpaceNeed(recordingKbps(options.output), options.plannedSeconds))
      const destinations = await this.resolveDestinations(options.destinations)
      const caps = await this.deps.locator.locate({
        devices: sourceDevices(options.video, options.audio, this.platform(), this.env()),
        encoders: options.handoff ? [] : ['libx264', 'aac'],
        muxers: options.handoff ? ['flv'] : ['flv', 'matroska', 'tee']
      })
      const recordingPath = folder ? this.recordingPath(folder, destinations[0]?.label ?? this.snap.destinations[0]?.label ?? 'show') : null
      this.snap.recordingPath = recordingPath ?? undefined
      this.snap.destinations = this.snap.destinations.map((d) => (d.state === 'preparing' ? { ...d, state: 'connecting' } : d))
      this.transition('connecting')
      const labels = destinations.map((d) => d.label).join(', ')
      this.log('info', 'live.connecting', `Connecting to ${labels}`, { destinations: labels })

      const settled = new Promise<OnairError | null>((resolve) => (this.settle = resolve))
      const timer = setTimeout(() => {
        // Some destination is live: the show goes on there, the slow ones keep trying on their own.
        if (this.snap.destinations.some((d) => d.state === 'live')) return this.goLive()
        // Offline mode: the slow ones count as offline (their pushers keep trying); the show goes on recording.
        if (this.offline && this.encoderReadyAt !== undefined) {
          this.snap.destinations = this.snap.destinations.map((d) => (d.state === 'connecting' ? { ...d, state: 'offline' } : d))
          return this.settleConnecting()
        }
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
            latency: options.latency ?? showLatency(this.ingests.map((i) => i.ingest.latency)),
            ...(this.offline ? { offline: true } : {}),
            ...(options.handoff ? { copy: true, preview: false, ...(options.handoff.span ? { copySpan: options.handoff.span } : {}) } : {})
          },
          this.pipelineListener()
        )
        await this.pipeline.start()
        this.startRetries()
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
      this.stopRetries()
      this.closeUnstreamed()
      this.transition('ending')
      this.log('info', 'live.ending', 'Ending the live session')
      this.settle?.(onairError('not_live', 'The session was stopped before it went live.'))
      await this.pipeline?.stop()
      this.snap.recording = this.recordingOutcome(this.pipeline)
      this.pipeline = null
      await this.release()
      // Stopped before going live (a file that ended while connecting, say): the start failed with not_live meanwhile.
      if (this.snap.state === 'failed') {
        this.ending = null
        return this.snapshot()
      }
      this.snap.endedAt = this.now()
      // One that failed during the show stays failed, with its reason.
      this.snap.destinations = this.snap.destinations.map((d) => (d.state === 'failed' ? d : { ...d, state: 'ended' }))
      this.transition('ended')
      this.tellUnstreamed()
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
    for (const retry of this.retries.values()) retry.retryNow()
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
    const settled = await Promise.allSettled(requests.map((r) => this.resolveIngest(r)))
    const statuses: DestinationStatus[] = []
    const pushes: PushDestination[] = []
    const offline = new Map<string, OnairErrorValue>()
    const failed = (status: Omit<DestinationStatus, 'state'>, error: OnairErrorValue) => statuses.push({ ...status, state: 'failed', error })
    settled.forEach((result, i) => {
      const request = requests[i]
      const base = { provider: request.provider, profile: request.profile, ...(request.channelId ? { channelId: request.channelId } : {}) }
      const id = `d${statuses.length + 1}`
      if (result.status === 'rejected') {
        const reason = this.deps.secrets.redactDeep(toErrorValue(result.reason))
        if (this.offline && isOfflineCause(reason)) {
          // Offline mode: the provider could not be reached; asked again once the show runs.
          statuses.push({ id, ...base, label: requestLabel(request), state: 'offline' })
          const backupId = request.backup ? `d${statuses.length + 1}` : undefined
          if (backupId) statuses.push({ id: backupId, ...base, backup: true, label: `${requestLabel(request)} (backup)`, state: 'offline' })
          this.unresolved.set(id, { request, index: i, ...(backupId ? { backupId } : {}) })
          offline.set(id, reason)
          return
        }
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
        failed({ id: backupId, ...base, backup: true, label: backupLabel }, noBackupIngest(request.provider, `destinations.${i}.backup`))
        return
      }
      this.deps.secrets.add(ingest.backup.rtmp.key, ingest.backup.rtmp.publishUrl)
      statuses.push({ id: backupId, ...base, backup: true, label: backupLabel, state: 'preparing' })
      // NAVER: the main stream must be pushed first (naver-live-station.md §7), so the backup waits for it.
      pushes.push({ id: backupId, label: backupLabel, rtmp: ingest.backup.rtmp, refresh: this.registered(ingest.backup.refresh), after: id })
    })
    this.snap.destinations = statuses
    for (const d of statuses) {
      const unreached = offline.get(d.id)
      if (unreached) this.tellOffline(d.id, unreached)
      else if (d.state === 'offline') continue
      else if (d.error) this.log('error', `error.${d.error.code}`, `${d.label}: ${d.error.message}`, { destination: d.label, id: d.id, ...errorData(d.error) })
      else this.log('info', 'destination.ready', `${d.label}: ingest ready`, { destination: d.label, id: d.id })
    }
    if (pushes.length === 0 && offline.size === 0) {
      this.allDestinationsToldFailure = true
      throw new OnairError(statuses[0].error as OnairErrorValue)
    }
    return pushes
  }

  /** The RTMP server and key of a destination's channel, from its provider (at Go Live, or again in offline mode). */
  private resolveIngest(request: LiveDestination): Promise<ResolvedIngest> {
    return this.deps.ingest.resolve({ provider: request.provider, profile: request.profile, ...(request.channelId ? { channelId: request.channelId } : {}) })
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
    if (destinations.some((d) => d.state === 'connecting')) return
    if (destinations.some((d) => d.state === 'live')) return this.goLive()
    // Offline mode: nothing reached, but the show is captured and recorded (the encoder runs): it goes on offline.
    if (this.offline && this.encoderReadyAt !== undefined && destinations.some((d) => d.state === 'offline')) this.goOffline()
  }

  /** Connecting → offline: no destination can be reached now; the recording has the show, Onair keeps trying. */
  private goOffline(): void {
    if (this.snap.state !== 'connecting') return
    this.transition('offline')
    this.enteredOffline(this.encoderReadyAt ?? this.now())
    this.settle?.(null)
  }

  /**
   * Once past connecting, the show's state follows its destinations' (runningState): live while one has the show,
   * reconnecting while one that had it is retried, offline (offline mode) while none can be reached.
   */
  private followDestinations(): void {
    const state = this.snap.state
    if (state !== 'live' && state !== 'reconnecting' && state !== 'offline') return
    const next = runningState(this.snap.destinations.map((d) => d.state))
    if (!next || next === state) return void this.deps.bus.emit('live:state', this.snapshot())
    // One moment for both: the part that reached no one ends where the time on air begins.
    const now = this.now()
    if (state === 'offline') this.closeUnstreamed(now)
    // Offline since Go Live: the show is on air from now on.
    const firstOnAir = this.snap.liveSince === undefined
    if (firstOnAir) this.snap.liveSince = now
    this.transition(next)
    if (next === 'offline') return this.enteredOffline(this.snap.offAirSince ?? this.now())
    if (!firstOnAir) return
    this.log('info', 'live.started', 'You are live')
    this.startProviderPolling()
  }

  /** The show reaches no destination from `since`: an unstreamed span opens (closed when one is back or the show ends). */
  private enteredOffline(since: number): void {
    this.snap.offAirSince ??= since
    const spans = this.snap.unstreamed ?? []
    if (spans.at(-1)?.end === undefined && spans.length > 0) return
    this.snap.unstreamed = [...spans, { start: since }]
    this.log(
      'warn',
      'live.offline',
      `No destination can be reached: the show goes on recording (offline mode), and Onair goes live by itself when one returns.`,
      { since }
    )
    this.deps.bus.emit('live:state', this.snapshot())
  }

  /** The open unstreamed span ends now (a destination has the show again, or the show ends); said in the log. */
  private closeUnstreamed(at = this.now()): void {
    const last = this.snap.unstreamed?.at(-1)
    if (!last || last.end !== undefined) return
    last.end = Math.max(last.start, at)
    const seconds = Math.round((last.end - last.start) / 100) / 10
    this.log('info', 'live.unstreamed', `${seconds} s of the show reached no destination; it is in the recording only.`, {
      start: last.start,
      end: last.end,
      seconds
    })
  }

  /** At the end: how much of the show only the recording has, and that the recording waits for a handoff. */
  private tellUnstreamed(): void {
    const spans = this.snap.unstreamed ?? []
    if (spans.length === 0) return
    const seconds = Math.round(spans.reduce((n, s) => n + ((s.end ?? s.start) - s.start), 0) / 100) / 10
    if (this.snap.recordingPath)
      this.log('warn', 'recording.pendingHandoff', `${seconds} s of this show reached no destination: its recording is kept as pending handoff.`, {
        seconds,
        spans: spans.length
      })
  }

  /** A destination that cannot be reached (offline mode), said once per outage with the reason. */
  private tellOffline(id: string, error: OnairErrorValue): void {
    this.log('warn', 'destination.offline', `${this.label(id)}: cannot be reached (${error.message}). Onair keeps trying.`, {
      destination: this.label(id),
      id,
      ...errorData(error)
    })
  }

  /** Offline mode: the providers that could not give an ingest at Go Live are asked again until they do (or refuse). */
  private startRetries(): void {
    for (const [id, pending] of this.unresolved) {
      const { request } = pending
      const retry = new IngestRetry(
        {
          resolve: () => this.resolveIngest(request),
          policy: this.deps.ingestRetry ?? INGEST_RETRY
        },
        {
          onResolved: (ingest) => {
            this.retries.delete(id)
            this.unresolved.delete(id)
            this.resolvedLate(id, pending, ingest)
          },
          onRefused: (reason) => {
            this.retries.delete(id)
            this.unresolved.delete(id)
            const error: OnairErrorValue = { ...this.deps.secrets.redactDeep(reason), step: preparationStep(reason) }
            for (const failedId of [id, pending.backupId].filter((x): x is string => x !== undefined)) {
              this.setDestination(failedId, 'failed', error)
              this.log('error', `error.${error.code}`, `${this.label(failedId)}: ${error.message}`, {
                destination: this.label(failedId),
                id: failedId,
                ...errorData(error)
              })
            }
            this.afterFailure(error)
          }
        }
      )
      this.retries.set(id, retry)
      retry.start()
    }
  }

  /** A provider answered at last: its destination joins the running show (its pusher starts on the cached GOP). */
  private resolvedLate(id: string, pending: { request: LiveDestination; backupId?: string }, ingest: ResolvedIngest): void {
    this.deps.secrets.add(ingest.rtmp.key, ingest.rtmp.publishUrl)
    this.ingests.push({ id, ingest })
    this.snap.destinations = this.snap.destinations.map((d) => (d.id === id ? { ...d, label: ingest.label } : d))
    this.log('info', 'destination.ready', `${ingest.label}: ingest ready`, { destination: ingest.label, id })
    this.pipeline?.addDestination?.({ id, label: ingest.label, rtmp: ingest.rtmp, refresh: this.registered(ingest.refresh) })
    if (pending.backupId) {
      const backupLabel = `${ingest.label} (backup)`
      this.snap.destinations = this.snap.destinations.map((d) => (d.id === pending.backupId ? { ...d, label: backupLabel } : d))
      if (ingest.backup) {
        this.deps.secrets.add(ingest.backup.rtmp.key, ingest.backup.rtmp.publishUrl)
        this.pipeline?.addDestination?.({
          id: pending.backupId,
          label: backupLabel,
          rtmp: ingest.backup.rtmp,
          refresh: this.registered(ingest.backup.refresh),
          after: id
        })
      } else {
        const error = noBackupIngest(pending.request.provider)
        this.setDestination(pending.backupId, 'failed', error)
        this.log('error', `error.${error.code}`, `${backupLabel}: ${error.message}`, { destination: backupLabel, id: pending.backupId, ...errorData(error) })
      }
    }
    // The provider poller learns of the new channel (it polls the ingests it was given).
    if (this.poller) {
      this.stopProviderPolling()
      this.startProviderPolling()
    }
    this.deps.bus.emit('live:state', this.snapshot())
  }

  private stopRetries(): void {
    for (const retry of this.retries.values()) retry.stop()
    this.retries.clear()
  }

  /** After a destination failed: offline mode has no pipeline end to fail the show, so the session does it when none is left. */
  private afterFailure(error: OnairErrorValue): void {
    if (this.snap.state === 'connecting') return this.settleConnecting()
    if (this.offline && this.snap.destinations.every((d) => d.state === 'failed')) {
      this.allDestinationsToldFailure = true
      return void this.fail(new OnairError(error))
    }
    this.followDestinations()
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
        const before = this.snap.destinations.find((d) => d.id === id)?.state
        // Back from offline after it had been live: a reconnect too (past the reconnect window).
        const wasReconnecting = before === 'reconnecting' || (before === 'offline' && this.wentLive.has(id))
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
        this.followDestinations()
      },
      onDestinationReconnecting: (id: string, error: OnairError, attempt: number, nextRetryMs: number) => {
        this.setDestination(id, 'reconnecting', undefined, this.now() + nextRetryMs)
        if (this.snap.state === 'live' || this.snap.state === 'offline') this.followDestinations()
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
        // The others go on; once none is reconnecting any more, the session is live again.
        this.afterFailure(value)
      },
      onDestinationOffline: (id: string, error: OnairError) => {
        this.setDestination(id, 'offline')
        this.tellOffline(id, this.deps.secrets.redactDeep(error.value))
        if (this.snap.state === 'connecting') return this.settleConnecting()
        this.followDestinations()
      },
      onEncoderReady: () => {
        this.encoderReadyAt ??= this.now()
        this.log('info', 'encoder.started', 'The encoder is running')
        this.settleConnecting()
      },
      onPreviewFrame: (frame: PreviewFrame) => this.deps.bus.emit('preview:frame', frame),
      onStats: (stats: Omit<LiveStats, 'time'>) => {
        const sample = { time: this.now(), ...stats }
        // A handoff's place in its file, for a window that opens mid-show (handoff:progress tells it as it moves).
        if (this.snap.handoff && stats.mediaTimeMs !== undefined) this.snap.handoff.positionSeconds = Math.round(stats.mediaTimeMs / 100) / 10
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
    this.closeUnstreamed()
    // A show that ran offline (offline mode) was captured and recorded: its recording is kept like a live one's.
    const wasLive = this.snap.liveSince !== undefined || (this.snap.unstreamed?.length ?? 0) > 0
    this.stopProviderPolling()
    this.stopRetries()
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
      if (d.state !== state) this.health.destinationChanged()
      const { retryAt: _was, ...rest } = d
      return { ...rest, state, ...(error ? { error } : {}), ...(retryAt !== undefined ? { retryAt } : {}) }
    })
    this.markOffAir()
  }

  /** Once on air, the moment no destination has the show any more (the dashboard's "off air for N s"), until one has. */
  private markOffAir(): void {
    if (this.snap.liveSince === undefined && this.snap.state !== 'offline') return
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

/** A destination asked for its channel's backup ingest, which the channel does not have (`field`: the request's). */
function noBackupIngest(provider: LiveDestination['provider'], field?: string): OnairErrorValue {
  return {
    code: 'invalid_request',
    message: `This ${PROVIDERS[provider].name} channel has no backup ingest: turn on "main + backup ingest" for it, or go live without the backup.`,
    retryable: false,
    ...(field ? { field } : {}),
    provider,
    step: 'ingest'
  }
}
