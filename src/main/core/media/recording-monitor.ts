import { stat } from 'node:fs/promises'
import type { RecordingFailure, RecordingStatus } from '../../../shared/live'
import { FfmpegProcess, type SpawnFn } from './ffmpeg-process'
import { recordingFailureFromStderr, recordingGrowthVerdict, type GrowthMark } from './recording-failure'
import type { Clock } from './timers'

export interface RecordingMonitorDeps {
  clock: Clock
  /** Size of the file, or null when it is not there. */
  size?: (path: string) => Promise<number | null>
  spawn?: SpawnFn
  /** How often to look at the file. */
  intervalMs?: number
}

/** What the session is told once, when the recording stops before the show does. */
export interface RecordingFailureReport {
  status: RecordingStatus
  /** The OS's own words (e.g. "No space left on device"), for the log. */
  detail: string
}

/**
 * Watches the recording leg of the encoder (issue 7 §6): ffmpeg's stderr, and the file itself every 2 s (a removed
 * folder gives no error at all on Linux). Reports the first failure once; `finish()` says how the recording ended,
 * measuring a cut-short file with ffmpeg itself (ffprobe is not always there: ffmpeg-static has none).
 */
export class RecordingMonitor {
  private failure: { cause: RecordingFailure; detail: string; seconds: number } | null = null
  private mark: GrowthMark = { size: -1, encodedBytes: 0 }
  private timer: unknown = null
  private looking = false

  constructor(
    private readonly path: string,
    private readonly deps: RecordingMonitorDeps,
    /** The encoder's state now: bytes it produced, seconds of media it encoded. */
    private readonly encoder: () => { bytes: number; seconds: number },
    private readonly onFailed: (report: RecordingFailureReport) => void
  ) {}

  start(): void {
    this.timer = this.deps.clock.setInterval(() => void this.look(), this.deps.intervalMs ?? 2000)
  }

  stderrLine(line: string): void {
    const found = recordingFailureFromStderr(line)
    if (found) this.fail(found.cause, found.detail)
  }

  get failed(): boolean {
    return this.failure !== null
  }

  /** Stops watching and tells how the recording ended; call once the encoder has exited. */
  async finish(ffmpegPath: string): Promise<RecordingStatus> {
    if (this.timer !== null) this.deps.clock.clearInterval(this.timer)
    this.timer = null
    const size = await this.size()
    // No file is never a recording, whatever ffmpeg said (or did not say).
    if (size === null) return { path: this.path, complete: false, seconds: 0, error: this.failure?.cause === 'read_only' ? 'read_only' : 'folder_gone' }
    if (!this.failure) return { path: this.path, complete: true, seconds: round(this.encoder().seconds) }
    const measured = await measureSeconds(ffmpegPath, this.path, this.deps.spawn)
    return { path: this.path, complete: false, seconds: round(measured ?? this.failure.seconds), error: this.failure.cause }
  }

  private async look(): Promise<void> {
    if (this.looking || this.failure) return
    this.looking = true
    try {
      const size = await this.size()
      if (this.timer === null || this.failure) return
      const { verdict, mark } = recordingGrowthVerdict(this.mark, size, this.encoder().bytes)
      this.mark = mark
      if (verdict === 'gone') this.fail('folder_gone', 'the recording file is no longer in its folder')
      else if (verdict === 'stuck') this.fail('io_error', 'the recording file stopped growing')
    } finally {
      this.looking = false
    }
  }

  private fail(cause: RecordingFailure, detail: string): void {
    if (this.failure) return
    const seconds = this.encoder().seconds
    this.failure = { cause, detail, seconds }
    this.onFailed({ status: { path: this.path, complete: false, seconds: round(seconds), error: cause }, detail })
  }

  private async size(): Promise<number | null> {
    if (this.deps.size) return this.deps.size(this.path)
    try {
      return (await stat(this.path)).size
    } catch {
      return null
    }
  }
}

/**
 * Seconds of media a (possibly cut-short) Matroska file holds: ffmpeg reads it through once with stream copy into
 * the null muxer and reports the last timestamp on -progress. A file cut mid-cluster has no duration in its header
 * but every whole cluster is readable. null when ffmpeg could not read it at all.
 */
export async function measureSeconds(ffmpegPath: string, path: string, spawn?: SpawnFn): Promise<number | null> {
  let seconds: number | null = null
  const proc = new FfmpegProcess({
    path: ffmpegPath,
    // file: so that a name with a colon is never taken for a protocol.
    args: ['-hide_banner', '-v', 'error', '-i', `file:${path}`, '-map', '0', '-c', 'copy', '-f', 'null', '-'],
    spawn,
    stdin: 'data',
    onProgress: (p) => {
      if (p.outTimeMs > 0) seconds = p.outTimeMs / 1000
    }
  })
  proc.stdin?.end()
  // A recording of hours reads in seconds (no decoding); past a minute something is wrong: keep the estimate.
  const timer = setTimeout(() => proc.kill(), 60_000)
  await proc.exited
  clearTimeout(timer)
  return seconds
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10
}
