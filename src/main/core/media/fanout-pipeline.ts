import type { Readable } from 'node:stream'
import { onairError, type OnairError } from '../../../shared/errors'
import type { RecordingStatus } from '../../../shared/live'
import { buildCopyArgs } from './copy-args'
import { buildEncoderArgs, muteCommand, DEFAULT_OUTPUT, encoderSettings, type H264Encoder } from './encoder-args'
import { encoderFailure } from './ffmpeg-errors'
import { FfmpegProcess, type SpawnFn } from './ffmpeg-process'
import { FlvFormatError, FlvReader, type FlvTag } from './flv-reader'
import { GopCache } from './gop-cache'
import { JpegSplitter } from './jpeg-splitter'
import { aggregateStats, type RateMemory } from './media-stats'
import type { MediaPipeline, PipelineListener, PipelinePlan, PushDestination } from './media-pipeline'
import type { FfmpegProgress } from './progress-parser'
import { Pusher, type PusherDeps } from './pusher'
import type { ReconnectPolicyOptions } from './reconnect-policy'
import { RecordingMonitor } from './recording-monitor'
import { audioInput, videoInput } from './source-args'
import { StallWatchdog } from './stall-watchdog'
import { systemClock, type Clock } from './timers'

const PREVIEW = { fps: 5, width: 320 }

export interface FanoutPipelineDeps {
  spawn?: SpawnFn
  clock?: Clock
  random?: () => number
  probe?: PusherDeps['probe']
  openSocket?: PusherDeps['openSocket']
  policy?: ReconnectPolicyOptions
  /** Picks the H.264 encoder (hardware detection); libx264 when absent. */
  chooseEncoder?: (plan: PipelinePlan) => Promise<H264Encoder>
  statsIntervalMs?: number
  /** Size and rate of the encoder's own preview frames (default 320 px at 5 fps). */
  previewFormat?: { fps: number; width: number }
  stallMs?: number
}

/**
 * The pipeline of DESIGN §4: one encoder (capture → H.264/AAC once → tee: FLV on stdout + Matroska recording,
 * preview JPEGs on fd 4), a fan-out that reads the FLV tags, caches codec config and the last GOP, and feeds one
 * restartable pusher per destination. Nothing a pusher does can stall the encoder or touch the recording.
 */
export class FanoutPipeline implements MediaPipeline {
  private encoder: FfmpegProcess | null = null
  private readonly cache = new GopCache()
  private readonly pushers: Pusher[] = []
  private readonly failed = new Map<string, OnairError>()
  /** Pushers that start once another one is live (a backup after its main ingest), by that one's id. */
  private readonly waiting = new Map<string, Pusher[]>()
  private readonly clock: Clock
  private lastProgress: FfmpegProgress | null = null
  private encoderBytes = 0
  private encoderReadyTold = false
  private readonly rates: RateMemory = new Map()
  private statsTimer: unknown = null
  private watchdog: StallWatchdog
  private stopping = false
  private shuttingDown: Promise<void> | null = null
  private lastPreviewAt = 0
  private recordingMonitor: RecordingMonitor | null = null
  private recordingStatus: RecordingStatus | null = null

  constructor(
    private readonly plan: PipelinePlan,
    private readonly listener: PipelineListener,
    private readonly deps: FanoutPipelineDeps = {}
  ) {
    this.clock = deps.clock ?? systemClock
    this.watchdog = new StallWatchdog(this.clock.now(), deps.stallMs ?? 5000)
  }

  async start(): Promise<void> {
    const plan = this.plan
    const output = plan.output ?? DEFAULT_OUTPUT
    // A stream copy encodes nothing: no hardware detection for it.
    const encoder = plan.copy ? 'libx264' : ((await this.deps.chooseEncoder?.(plan)) ?? 'libx264')
    const settings = encoderSettings(output, encoder, plan.latency)
    const video = videoInput(plan.video, output, plan.platform, plan.env)
    const sameFile = plan.video.startsWith('file:') && plan.audio === plan.video
    const audio = sameFile ? null : audioInput(plan.audio, plan.platform)
    const args = plan.copy
      ? buildCopyArgs(video, plan.copySpan)
      : buildEncoderArgs({
          video,
          audio,
          settings,
          recordingPath: plan.recordingPath,
          preview: plan.preview ? (this.deps.previewFormat ?? PREVIEW) : null,
          mute: plan.muted ?? false,
          env: plan.env
        })
    if (plan.copy) this.listener.onLog('info', 'encoder.copy', 'Streaming the file as it is (no re-encoding)')
    else if (encoder !== 'libx264') this.listener.onLog('info', 'encoder.hardware', `Encoding with the hardware encoder ${encoder}`)
    const recording = plan.recordingPath
      ? new RecordingMonitor(
          plan.recordingPath,
          { clock: this.clock, spawn: this.deps.spawn },
          () => ({ bytes: this.encoderBytes, seconds: (this.lastProgress?.outTimeMs ?? 0) / 1000 }),
          (report) => this.listener.onRecordingFailed?.(report.status, report.detail)
        )
      : null
    this.recordingMonitor = recording

    // Pushers first: their RTMP connections open while the encoder starts, and wait for the first keyframe.
    for (const d of plan.destinations) this.addPusher(d)

    const reader = new FlvReader()
    const proc = new FfmpegProcess({
      path: plan.ffmpegPath,
      args,
      spawn: this.deps.spawn,
      stdout: 'pipe',
      stdin: 'control',
      extraFds: plan.preview ? 1 : 0,
      env: plan.env,
      // Closing a Matroska file is quick; a camera driver that hangs is not, hence the escalation.
      stopTimeoutsMs: { quit: 5000, term: 2000 },
      onProgress: (p) => {
        this.lastProgress = p
        this.watchdog.progress(this.clock.now(), p.outTimeMs)
      },
      onStderrLine: (line) => {
        if (/deprecated pixel format|Past duration .* too large/.test(line)) return
        recording?.stderrLine(line)
      }
    })
    this.encoder = proc
    recording?.start()
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      this.encoderBytes += chunk.length
      let tags: FlvTag[]
      try {
        tags = reader.push(chunk)
      } catch (e) {
        if (e instanceof FlvFormatError) this.listener.onLog('error', 'encoder.badOutput', `The encoder's output is not FLV: ${e.message}`)
        return
      }
      if (reader.header && !this.cache.ready) this.cache.setHeader(reader.header.bytes)
      for (const tag of tags) {
        this.cache.add(tag)
        // Told before the pushers get the keyframe: a push goes live on it, and the encoder came first.
        if (!this.encoderReadyTold && this.cache.ready) {
          this.encoderReadyTold = true
          this.listener.onEncoderReady?.()
        }
        for (const pusher of this.pushers) pusher.feed(tag)
      }
    })
    if (plan.preview) this.readPreview(proc.child.stdio[4] as Readable)
    void proc.exited.then((exit) => {
      if (this.stopping) return
      // A file source that reached its end: a clean end of the show, the pushers get the last tags first.
      if (exit.code === 0 && plan.video.startsWith('file:')) {
        this.listener.onLog('info', 'encoder.sourceEnded', 'The video file ended.')
        return void this.shutdown(null)
      }
      // The encoder died on its own: the recording ended with it, so the session cannot go on.
      const inputs = [{ source: plan.video, spec: inputSpec(video.args) }, ...(audio ? [{ source: plan.audio, spec: inputSpec(audio.args) }] : [])]
      void this.shutdown(
        encoderFailure(
          exit.stderrTail,
          plan.destinations.flatMap((d) => [d.rtmp.key, d.rtmp.publishUrl]),
          inputs
        )
      )
    })
    this.statsTimer = this.clock.setInterval(() => this.tick(), this.deps.statsIntervalMs ?? 1000)
  }

  async stop(): Promise<void> {
    await this.shutdown(null)
  }

  /**
   * Offline mode: a destination whose ingest could be resolved only now joins the running show. It starts on the
   * cached GOP like a reconnect, so the ingest gets a keyframe at once; the encoder and the recording are untouched.
   */
  addDestination(destination: PushDestination): void {
    if (this.stopping || this.pushers.some((p) => p.id === destination.id)) return
    this.addPusher(destination)
  }

  private addPusher(d: PushDestination): void {
    const pusher = new Pusher(
      { id: d.id, rtmp: d.rtmp, refresh: d.refresh },
      this.cache,
      {
        openSocket: this.deps.openSocket,
        clock: this.clock,
        random: this.deps.random,
        probe: this.deps.probe,
        policy: this.deps.policy,
        keepTrying: this.plan.offline ?? false
      },
      {
        // A reconnect is told by the session (pusher.reconnected, with the destination), not twice.
        onLive: (id) => {
          this.listener.onDestinationLive(id)
          this.startWaiting(id)
        },
        onReconnecting: (id, error, attempt, next) => this.listener.onDestinationReconnecting?.(id, error, attempt, next),
        onOffline: (id, error, next) => this.listener.onDestinationOffline?.(id, error, next),
        onFailed: (id, error) => this.onPusherFailed(id, error),
        onLog: (level, code, message) => this.listener.onLog(level, code, `${d.label}: ${message}`)
      }
    )
    this.pushers.push(pusher)
    if (d.after && !this.pushers.find((p) => p.id === d.after && p.state === 'live')) this.waiting.set(d.after, [...(this.waiting.get(d.after) ?? []), pusher])
    else pusher.start()
  }

  /** How the recording ended (after stop() or the pipeline's own end); null without a recording. */
  recording(): RecordingStatus | null {
    return this.recordingStatus
  }

  /** Video frames the encoder has reported so far (its last `-progress` block): 0 means nothing was captured. */
  framesEncoded(): number {
    return this.lastProgress?.frame ?? 0
  }

  setMuted(muted: boolean): void {
    if (this.encoder?.running && !this.stopping) this.encoder.stdin?.write(muteCommand(muted))
  }

  retryNow(): void {
    for (const pusher of this.pushers) pusher.retryNow()
  }

  pids(): number[] {
    // The pushers are RTMP connections inside this process: the encoder is the only child.
    return this.encoder?.running && this.encoder.pid !== undefined ? [this.encoder.pid] : []
  }

  private tick(): void {
    const now = this.clock.now()
    const verdict = this.watchdog.check(now)
    if (verdict === 'stalled')
      this.listener.onLog(
        'error',
        'encoder.stalled',
        'The encoder has produced nothing for 5 s: the capture source may have stopped or the computer is overloaded.'
      )
    else if (verdict === 'recovered') this.listener.onLog('info', 'encoder.recovered', 'The encoder is producing again.')
    this.listener.onStats(
      aggregateStats(
        now,
        this.lastProgress,
        this.encoderBytes,
        this.pushers.map((p) => p.stats()),
        this.rates
      )
    )
  }

  private readPreview(stream: Readable | undefined): void {
    const splitter = new JpegSplitter()
    stream?.on('data', (chunk: Buffer) => {
      for (const jpeg of splitter.push(chunk)) {
        const now = this.clock.now()
        // ffmpeg already limits the rate; this keeps the UI contract (≤ 5 fps) whatever the encoder does.
        if (now - this.lastPreviewAt < 1000 / (this.deps.previewFormat ?? PREVIEW).fps - 20) continue
        this.lastPreviewAt = now
        this.listener.onPreviewFrame?.({ time: now, mime: 'image/jpeg', data: jpeg.toString('base64') })
      }
    })
  }

  /** The pushers that waited for `id` start now that it is live (once). */
  private startWaiting(id: string): void {
    const waiting = this.waiting.get(id)
    if (!waiting || this.stopping) return
    this.waiting.delete(id)
    for (const pusher of waiting) pusher.start()
  }

  private onPusherFailed(id: string, error: OnairError): void {
    this.failed.set(id, error)
    this.listener.onDestinationFailed?.(id, error)
    // What waited for this one never starts: it fails with it (a NAVER backup ingest without its main stream).
    const waiting = this.waiting.get(id) ?? []
    this.waiting.delete(id)
    for (const pusher of waiting) {
      void pusher.stop()
      this.onPusherFailed(
        pusher.id,
        onairError('ingest_failed', 'Not started: the main ingest, which must be pushed first, failed.', { retryable: error.value.retryable })
      )
    }
    // With no destination left there is no show; end cleanly (the recording is closed, not cut). In offline mode the
    // session decides: a destination still waiting for its ingest keeps the show (and its recording) going.
    if (!this.plan.offline && this.failed.size === this.pushers.length) void this.shutdown(error)
  }

  /** Idempotent: every caller waits for the same, complete shutdown. */
  private shutdown(error: OnairError | null): Promise<void> {
    this.shuttingDown ??= this.shutdownOnce(error)
    return this.shuttingDown
  }

  private async shutdownOnce(error: OnairError | null): Promise<void> {
    this.stopping = true
    if (this.statsTimer !== null) this.clock.clearInterval(this.statsTimer)
    // The encoder first: `q` makes it finish the recording and flush the last FLV tags to the pushers,
    // which then send them and end their RTMP publishes.
    await this.encoder?.stop()
    await Promise.all(this.pushers.map((p) => p.stop()))
    this.recordingStatus = (await this.recordingMonitor?.finish(this.plan.ffmpegPath)) ?? null
    this.listener.onEnded(error)
  }
}

/** The `-i` value of an input's arguments (what ffmpeg calls the input in its messages). */
function inputSpec(args: string[]): string {
  return args[args.lastIndexOf('-i') + 1] ?? ''
}
