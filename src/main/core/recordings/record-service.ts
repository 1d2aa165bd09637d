import { randomUUID } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { RecordSnapshot } from '../../../shared/contract'
import { onairError, toErrorValue, type OnairError } from '../../../shared/errors'
import type { LogEvent, RecordingStatus } from '../../../shared/live'
import type { EventBus } from '../events/event-bus'
import type { FfmpegLocator } from '../media/ffmpeg-locator'
import { recordingKbps } from '../media/encoder-args'
import type { MediaPipeline, PipelineListener, PipelinePlan } from '../media/media-pipeline'
import { describeRecordingFailure } from '../media/recording-failure'
import { sourceDevices } from '../media/source-args'
import { checkRecordingFolder } from './recording-folder'
import type { RecordingLibrary } from './recording-library'
import { recordingSpaceNeed } from './recording-space'

/** A record-only pipeline must also say whether the source gave any picture (nothing captured, nothing kept). */
export type RecordPipeline = MediaPipeline & { framesEncoded(): number }
export type RecordPipelineFactory = (plan: PipelinePlan, listener: PipelineListener) => RecordPipeline

/** Settings of this process's front door, not of the contract: no socket client chooses where files are written. */
export interface RecordLocalOptions {
  /** Where the file goes (CLI --out); defaults to the data dir's recordings folder. */
  outDir?: string
  /** CLI --duration: a shorter show needs room for itself only. */
  plannedSeconds?: number
}

export interface RecordServiceDeps {
  bus: EventBus
  locator: FfmpegLocator
  library: RecordingLibrary
  pipelineFactory: RecordPipelineFactory
  recordingsDir: string
  /** True while a live session runs: one capture at a time. */
  liveActive: () => boolean
  platform?: NodeJS.Platform
  env?: NodeJS.ProcessEnv
  now?: () => number
}

/**
 * A record-only show (`onair record`, DESIGN §3 recordings/): the live encoder with no destination, writing the
 * crash-safe Matroska file into the library. Told as `record:state`, `record:stats` and `record:log` events. Ends on
 * stop(), or by itself when the source ends or the file cannot grow any more (recording is all it does).
 */
export class RecordService {
  private snap: RecordSnapshot = { sessionId: null, state: 'idle', sources: null }
  private pipeline: RecordPipeline | null = null
  private local: RecordLocalOptions = {}
  private libraryId: string | null = null
  private ending: Promise<RecordSnapshot> | null = null
  private endError: OnairError | null = null
  private stopRequested = false
  private ended: Promise<RecordSnapshot> = Promise.resolve(this.snapshot())
  private resolveEnded: (s: RecordSnapshot) => void = () => {}

  constructor(private readonly deps: RecordServiceDeps) {}

  snapshot(): RecordSnapshot {
    return structuredClone(this.snap)
  }

  useLocalOptions(options: RecordLocalOptions): void {
    this.local = { ...options }
  }

  /** Resolves once the encoder runs and writes the file (state `recording`). */
  async start(request: { video: string; audio: string }): Promise<RecordSnapshot> {
    if (['starting', 'recording', 'ending'].includes(this.snap.state)) throw onairError('already_live', 'A recording is already running; stop it first.')
    if (this.deps.liveActive()) throw onairError('already_live', 'A live session is running (and recording); stop it first.')
    const now = this.now()
    this.snap = { sessionId: randomUUID(), state: 'starting', sources: { video: request.video, audio: request.audio }, startedAt: now }
    this.endError = null
    this.libraryId = null
    this.stopRequested = false
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve))
    this.emitState()
    try {
      const caps = await this.deps.locator.locate({
        devices: sourceDevices(request.video, request.audio, this.platform(), this.env()),
        encoders: ['libx264', 'aac'],
        muxers: ['flv', 'matroska', 'tee']
      })
      const dir = this.local.outDir ?? this.deps.recordingsDir
      // The same check as Go Live: refused now, with the numbers, rather than a file that stops at 6 s.
      await checkRecordingFolder(dir, recordingSpaceNeed(recordingKbps(), this.local.plannedSeconds))
      const path = join(dir, `${fileStamp(now)}-recording.mkv`)
      this.snap.recordingPath = path
      this.pipeline = this.deps.pipelineFactory(
        {
          ffmpegPath: caps.path,
          ffmpegVersion: caps.version,
          encoders: caps.encoders,
          ...request,
          destinations: [],
          recordingPath: path,
          platform: this.platform(),
          env: this.env()
        },
        this.listener()
      )
      await this.pipeline.start()
      this.libraryId = unlessItFails(
        () => this.deps.library.begin({ path, sessionId: this.snap.sessionId, kind: 'record', destinations: [], startedAt: now }).id
      )
      this.snap.state = 'recording'
      this.emitState()
      const started = this.snapshot()
      // Stopped while it started (Ctrl-C during the ffmpeg probe): it ends now, with what it wrote.
      if (this.stopRequested) void this.stop()
      return started
    } catch (e) {
      const pipeline = this.pipeline
      this.pipeline = null
      await pipeline?.stop()
      if (this.snap.recordingPath) rmSync(this.snap.recordingPath, { force: true })
      this.snap = { ...this.snap, state: 'failed', recordingPath: undefined, endedAt: this.now(), error: toErrorValue(e) }
      this.emitState()
      this.resolveEnded(this.snapshot())
      throw e
    }
  }

  /** Ends the recording with the file closed; resolves with the final snapshot (`ended` or `failed`). */
  async stop(): Promise<RecordSnapshot> {
    if (this.snap.state === 'starting') {
      this.stopRequested = true
      return this.ended
    }
    if (this.snap.state !== 'recording') return this.ending ?? this.snapshot()
    this.snap.state = 'ending'
    this.emitState()
    this.ending = this.finish()
    return this.ending
  }

  pids(): number[] {
    return this.pipeline?.pids() ?? []
  }

  private async finish(): Promise<RecordSnapshot> {
    const pipeline = this.pipeline
    await pipeline?.stop()
    this.pipeline = null
    const path = this.snap.recordingPath as string
    // A source that gave no frame leaves a file with headers only: remove it rather than announce it, and say so.
    // (Not judged by size: a few seconds of a still, dark screen is a real recording of a few kilobytes.)
    const captured = (pipeline?.framesEncoded() ?? 0) > 0
    if (!captured) rmSync(path, { force: true })
    const status: RecordingStatus = pipeline?.recording?.() ?? { path, complete: existsSync(path), seconds: 0 }
    const error =
      this.endError ??
      (captured
        ? null
        : onairError(
            'source_unavailable',
            'Nothing was recorded: no picture came from the video source before the recording stopped. Check the source with "onair devices", or record for longer.'
          ))
    const endedAt = this.now()
    if (this.libraryId) {
      const id = this.libraryId
      unlessItFails(() => (captured ? this.deps.library.finish(id, status, endedAt) : this.deps.library.forget(id)))
    }
    this.snap = {
      ...this.snap,
      state: error ? 'failed' : 'ended',
      endedAt,
      recordingPath: captured && existsSync(path) ? path : undefined,
      ...(captured ? { recording: status } : {}),
      ...(error ? { error: error.value } : {})
    }
    this.ending = null
    this.emitState()
    this.resolveEnded(this.snapshot())
    return this.snapshot()
  }

  private listener(): PipelineListener {
    return {
      onDestinationLive: () => {},
      onStats: (stats) => this.deps.bus.emit('record:stats', { time: this.now(), ...stats }),
      onLog: (level, code, message) => this.log(level, code, message),
      // Recording is all this show does: when the file cannot grow any more, end here and keep what fits.
      onRecordingFailed: (status, detail) => {
        const message = `The recording stopped at ${status.seconds} s: ${describeRecordingFailure(status.error)} (${detail}).`
        this.log('warn', 'recording.failed', message, { cause: status.error ?? 'io_error', seconds: status.seconds })
        void this.stop()
      },
      onEnded: (error) => {
        if (this.snap.state !== 'recording') return
        this.endError = error
        void this.stop()
      }
    }
  }

  private log(level: LogEvent['level'], code: string, message: string, data?: Record<string, string | number>): void {
    this.deps.bus.emit('record:log', { time: this.now(), level, code, message, ...(data ? { data } : {}) })
  }

  private emitState(): void {
    this.deps.bus.emit('record:state', this.snapshot())
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

/** The library is a list of what was recorded: a data dir it cannot write to never stops a recording. */
function unlessItFails<T>(write: () => T): T | null {
  try {
    return write()
  } catch {
    return null
  }
}

function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19)
}
