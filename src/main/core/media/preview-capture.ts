import type { Readable } from 'node:stream'
import type { PreviewFrame } from '../../../shared/contract'
import { toErrorValue, type OnairErrorValue } from '../../../shared/errors'
import { PREVIEW_FPS, PREVIEW_WIDTH, type AudioLevels, type PreviewStatus } from '../../../shared/preview'
import { AstatsParser, LevelTracker } from './audio-levels'
import { encoderFailure } from './ffmpeg-errors'
import type { FfmpegLocator } from './ffmpeg-locator'
import { FfmpegProcess, type SpawnFn } from './ffmpeg-process'
import { JpegSplitter } from './jpeg-splitter'
import { buildMeterArgs, buildPreviewArgs, METER_FD } from './preview-args'
import { audioInput, videoInput, type SourceInput } from './source-args'
import { systemClock, type Clock } from './timers'

export interface PreviewListener {
  onFrame(frame: PreviewFrame): void
  onLevels(levels: AudioLevels): void
  /** The preview's sources, mute or error changed (told for changes the caller did not ask for too: a capture that died). */
  onState(status: PreviewStatus): void
}

export interface PreviewCaptureDeps {
  locator: Pick<FfmpegLocator, 'locate'>
  listener: PreviewListener
  platform?: NodeJS.Platform
  env?: NodeJS.ProcessEnv
  spawn?: SpawnFn
  clock?: Clock
  /** How long start() waits for a first frame or reading before answering (a device that cannot open fails sooner). */
  firstOutputMs?: number
}

/** One running ffmpeg of the preview: the picture or one audio source's meter. */
interface Part {
  source: string
  proc: FfmpegProcess
  input: SourceInput
  stopping: boolean
  timer?: unknown
}

/** How often a meter that receives nothing still reports (so "no signal" shows even when the device sends nothing). */
const QUIET_TICK_MS = 1000

/**
 * The Studio's preview before and during the show (issue 9): one ffmpeg that captures the chosen video source at 12
 * fps and writes 640 px JPEGs (`preview:frame`), and one per audio source that measures peak and RMS with astats
 * (`audio:levels`, ten times a second). Neither encodes, records or connects anywhere. They run independently of the
 * live encoder, so Go Live and Stop never interrupt the picture or the meters; the cost is a second capture of the
 * screen at 12 fps (see `npm run bench`, preview_cpu_pct).
 *
 * Mute is a fact of the show, kept here because the preview outlives shows: the meter goes on measuring the source
 * (a streamer checks a muted mic before unmuting) and says it is muted; the live encoder sends silence.
 */
export class PreviewCapture {
  private video: Part | null = null
  private audio: Part | null = null
  private muted = false
  private error: OnairErrorValue | undefined
  /** Operations run one after the other: two quick source changes must not leave two captures running. */
  private queue: Promise<unknown> = Promise.resolve()
  private stopTimer: unknown = null
  /** The video source the live encoder holds for the show (see handOver); still the preview's source for the Studio. */
  private handedOver: string | null = null
  private readonly clock: Clock
  /** Every preview ffmpeg until it has exited (one being stopped included). */
  private readonly running = new Set<FfmpegProcess>()

  constructor(private readonly deps: PreviewCaptureDeps) {
    this.clock = deps.clock ?? systemClock
  }

  status(): PreviewStatus {
    return {
      video: this.video?.source ?? this.handedOver,
      audio: this.audio?.source ?? null,
      muted: this.muted,
      ...(this.error ? { error: this.error } : {})
    }
  }

  /** Shows these sources; a source already shown keeps running untouched. Answers once each has shown something or failed. */
  start(video: string, audio: string): Promise<PreviewStatus> {
    this.cancelStopSoon()
    return this.serial(async () => {
      this.error = undefined
      // While the show holds this device its encoder sends the picture: asking again (a window that reloads) changes nothing.
      const showHolds = this.handedOver === video
      if (!showHolds && this.video?.source !== video) {
        this.handedOver = null
        await this.stopPart(this.video)
        this.video = null
        await this.startVideo(video)
      }
      const meterSource = audio === 'none' ? null : audio
      if (this.audio?.source !== meterSource) {
        await this.stopPart(this.audio)
        this.audio = null
        if (meterSource) await this.startMeter(meterSource)
      }
      const status = this.status()
      this.deps.listener.onState(status)
      return status
    })
  }

  stop(): Promise<PreviewStatus> {
    this.cancelStopSoon()
    return this.serial(async () => {
      const parts = [this.video, this.audio]
      this.video = null
      this.audio = null
      this.handedOver = null
      this.error = undefined
      await Promise.all(parts.map((p) => this.stopPart(p)))
      const status = this.status()
      this.deps.listener.onState(status)
      return status
    })
  }

  /**
   * The show is about to capture `video`: a device only one process may open (a camera: V4L2 streams to one reader,
   * DirectShow opens it exclusively) is let go of first, and the live encoder's own preview takes over. True when it
   * was; `resume()` captures it again once the show no longer needs it. A screen or a microphone stays shared.
   */
  handOver(video: string): Promise<boolean> {
    this.cancelStopSoon()
    return this.serial(async () => {
      if (!isExclusive(video) || this.video?.source !== video) return false
      await this.stopPart(this.video)
      this.video = null
      this.handedOver = video
      return true
    })
  }

  /** The show that took a device over ended: the preview captures it again (if a window still wants it). */
  resume(): Promise<void> {
    return this.serial(async () => {
      const video = this.handedOver
      this.handedOver = null
      if (!video || this.video) return
      await this.startVideo(video)
      this.deps.listener.onState(this.status())
    })
  }

  /** No window is left: stop after `graceMs` unless one asks again (a page that reloads keeps its preview). */
  stopSoon(graceMs = 5000): void {
    this.cancelStopSoon()
    this.stopTimer = this.clock.setTimeout(() => {
      this.stopTimer = null
      void this.stop()
    }, graceMs)
  }

  setMuted(muted: boolean): PreviewStatus {
    this.muted = muted
    const status = this.status()
    this.deps.listener.onState(status)
    return status
  }

  isMuted(): boolean {
    return this.muted
  }

  /** Pids of the running preview ffmpegs (tests prove none is left). */
  pids(): number[] {
    return [...this.running].flatMap((p) => (p.running && p.pid !== undefined ? [p.pid] : []))
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op)
    this.queue = next.catch(() => {})
    return next
  }

  private cancelStopSoon(): void {
    if (this.stopTimer !== null) this.clock.clearTimeout(this.stopTimer)
    this.stopTimer = null
  }

  /** Starts the picture; resolves at its first frame (or its end, or after a few seconds). */
  private async startVideo(source: string): Promise<void> {
    const platform = this.deps.platform ?? process.platform
    const env = this.deps.env ?? process.env
    let input: SourceInput
    let path: string
    try {
      // The size only matters to generated sources (testsrc): make them preview-sized, not scaled down.
      input = videoInput(source, { width: PREVIEW_WIDTH, height: (PREVIEW_WIDTH * 9) / 16, fps: PREVIEW_FPS }, platform, env)
      path = (await this.deps.locator.locate({ devices: input.devices, encoders: ['mjpeg'], muxers: ['image2pipe'] })).path
    } catch (e) {
      this.error = toErrorValue(e)
      return
    }
    const splitter = new JpegSplitter()
    let first: () => void = () => {}
    const firstFrame = new Promise<void>((resolve) => (first = resolve))
    const proc = new FfmpegProcess({
      path,
      args: buildPreviewArgs(input, { width: PREVIEW_WIDTH, fps: PREVIEW_FPS }),
      spawn: this.deps.spawn,
      env: this.deps.env,
      stdout: 'pipe',
      stopTimeoutsMs: { quit: 1000, term: 1000 }
    })
    const part: Part = { source, proc, input, stopping: false }
    this.video = part
    this.track(proc)
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      for (const jpeg of splitter.push(chunk)) {
        first()
        this.deps.listener.onFrame({ time: this.clock.now(), mime: 'image/jpeg', data: jpeg.toString('base64') })
      }
    })
    void proc.exited.then((exit) => {
      first()
      this.ended(part, exit.code, exit.stderrTail, 'video')
    })
    return this.firstOrTimeout(firstFrame, this.deps.firstOutputMs ?? 4000)
  }

  /** Starts one source's meter; resolves at its first reading (or its end, or after a second). */
  private async startMeter(source: string): Promise<void> {
    const platform = this.deps.platform ?? process.platform
    let input: SourceInput
    let path: string
    try {
      input = audioInput(source, platform)
      path = (await this.deps.locator.locate({ devices: input.devices })).path
    } catch (e) {
      this.error = toErrorValue(e)
      return
    }
    const parser = new AstatsParser()
    const tracker = new LevelTracker(this.clock.now())
    let first: () => void = () => {}
    const firstReading = new Promise<void>((resolve) => (first = resolve))
    const proc = new FfmpegProcess({
      path,
      args: buildMeterArgs(input),
      spawn: this.deps.spawn,
      env: this.deps.env,
      extraFds: 1,
      stopTimeoutsMs: { quit: 1000, term: 1000 }
    })
    const part: Part = { source, proc, input, stopping: false }
    this.audio = part
    this.track(proc)
    const report = () => {
      if (this.audio !== part) return
      const now = this.clock.now()
      this.deps.listener.onLevels({ time: now, levels: [{ source, ...tracker.state(now), muted: this.muted }] })
    }
    let lastReportAt = 0
    const meterStream = proc.child.stdio[METER_FD] as Readable | undefined
    meterStream?.setEncoding('utf8')
    meterStream?.on('data', (chunk: string) => {
      const readings = parser.push(chunk)
      if (readings.length === 0) return
      first()
      const now = this.clock.now()
      for (const reading of readings) tracker.reading(now, reading)
      lastReportAt = now
      report()
    })
    // A device that sends nothing produces no readings: the silence is still reported, once a second.
    part.timer = this.clock.setInterval(() => {
      if (this.clock.now() - lastReportAt >= QUIET_TICK_MS) report()
    }, QUIET_TICK_MS)
    void proc.exited.then((exit) => {
      first()
      this.ended(part, exit.code, exit.stderrTail, 'audio')
    })
    // A meter that cannot open its device ends at once; one whose device sends nothing yet (an idle sink) is no reason to wait.
    return this.firstOrTimeout(firstReading, 1000)
  }

  private track(proc: FfmpegProcess): void {
    this.running.add(proc)
    void proc.exited.then(() => this.running.delete(proc))
  }

  private firstOrTimeout(first: Promise<void>, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = this.clock.setTimeout(resolve, ms)
      void first.then(() => {
        this.clock.clearTimeout(timer)
        resolve()
      })
    })
  }

  /** A part ended: on our stop, nothing to say; on its own, the source is gone (or a file ran out) and the Studio is told. */
  private ended(part: Part, code: number | null, stderrTail: string, field: 'video' | 'audio'): void {
    if (part.timer !== undefined) this.clock.clearInterval(part.timer)
    if (part.stopping) return
    if (field === 'video' && this.video === part) this.video = null
    if (field === 'audio' && this.audio === part) this.audio = null
    if (code !== 0 || !part.source.startsWith('file:')) {
      const spec = part.input.args[part.input.args.lastIndexOf('-i') + 1] ?? ''
      const error = encoderFailure(stderrTail, [], [{ source: part.source, spec }]).value
      this.error = { ...error, field }
    }
    this.deps.listener.onState(this.status())
  }

  private async stopPart(part: Part | null): Promise<void> {
    if (!part) return
    part.stopping = true
    if (part.timer !== undefined) this.clock.clearInterval(part.timer)
    await part.proc.stop()
  }
}

/** Sources only one process can capture at a time (DESIGN §4's camera sources on every OS). */
export function isExclusive(source: string): boolean {
  return source === 'camera' || source.startsWith('camera:')
}
