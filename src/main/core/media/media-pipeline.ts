import type { PreviewFrame } from '../../../shared/contract'
import type { OnairError } from '../../../shared/errors'
import type { FileSpan, LiveStats, RecordingStatus } from '../../../shared/live'
import type { RtmpDestination } from '../../../shared/rtmp-url'
import type { OutputEncoder } from '../../../shared/output-presets'
import type { LatencyMode, OutputVideo } from './encoder-args'

/** One place to push to, resolved (URL + key in memory only). */
export interface PushDestination {
  id: string
  /** Safe to show: provider/channel name or the server URL without the key. */
  label: string
  rtmp: RtmpDestination
  /** Asks the provider for a fresh ingest once, after the ingest refused the key. */
  refresh?: () => Promise<RtmpDestination>
  /** Start only once this destination (by id) is live: a backup ingest after its main one (NAVER). */
  after?: string
}

export interface PipelinePlan {
  ffmpegPath: string
  /** From the capability probe: lets the pipeline pick a hardware encoder the binary has. */
  ffmpegVersion?: string
  encoders?: Set<string>
  video: string
  audio: string
  destinations: PushDestination[]
  /** Full path of the local recording, or null when recording is off. */
  recordingPath: string | null
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  /** Output size, rate and video bitrate (default: the 720p30 preset). */
  output?: OutputVideo
  /** The output settings' encoder: 'auto' (or absent) lets the pipeline pick; another must pass the test encode. */
  encoder?: OutputEncoder
  /** The destinations' latency mode: keyframes every 1 s for low/ultra-low, 2 s otherwise. */
  latency?: LatencyMode
  /** Produce preview JPEGs (only when a UI is attached). */
  preview?: boolean
  /** Start with the audio muted (silence in the audio track). */
  muted?: boolean
  /**
   * Stream the `file:` video source as it is (a recording's handoff): copied, not encoded; `output`, `encoder`,
   * `recordingPath`, `preview` and `muted` do not apply.
   */
  copy?: boolean
  /** With `copy`: only this part of the file (input seek, so it starts on the keyframe at or before its start). */
  copySpan?: FileSpan
  /**
   * Offline mode (DESIGN §6): an ingest that cannot be reached makes its destination offline (told, and retried without
   * end) instead of failed, and the pipeline runs on, recording, even with no destination at all.
   */
  offline?: boolean
}

/** What a pipeline reports to the live session, which turns it into state and events. */
export interface PipelineListener {
  /** A destination is receiving media (again, after a reconnect). */
  onDestinationLive(id: string): void
  /** A destination lost its connection and the pipeline is retrying it on its own. */
  onDestinationReconnecting?(id: string, error: OnairError, attempt: number, nextRetryMs: number): void
  /** A destination gave up (key refused, ingest gone for 30 min); others may go on. */
  onDestinationFailed?(id: string, error: OnairError): void
  /** Offline mode: a destination's ingest cannot be reached (at the start, or past the reconnect window); still tried. */
  onDestinationOffline?(id: string, error: OnairError, nextRetryMs: number): void
  onStats(stats: Omit<LiveStats, 'time'>): void
  /** The encoder delivered its first keyframe: a push can start on a decodable picture (told once). */
  onEncoderReady?(): void
  onPreviewFrame?(frame: PreviewFrame): void
  onLog(level: 'info' | 'warn' | 'error', code: string, message: string): void
  /**
   * The recording stopped before the show (disk full, folder removed, I/O error); told once. The stream goes on:
   * the tee's recording leg has onfail=ignore. `detail` is the OS's wording.
   */
  onRecordingFailed?(status: RecordingStatus, detail: string): void
  /** The pipeline ended: null after stop(), an error when it failed on its own. */
  onEnded(error: OnairError | null): void
}

/**
 * The media side of a live session (DESIGN §4). The session owns state and events; the pipeline owns processes.
 * `start` resolves once every process is spawned (not once live: that arrives as onDestinationLive).
 */
export interface MediaPipeline {
  start(): Promise<void>
  stop(): Promise<void>
  /** Silence (or restore) the audio while running, without a restart. */
  setMuted?(muted: boolean): void
  /** Skip the reconnect wait and try every reconnecting destination now. */
  retryNow(): void
  /** Offline mode: push to a destination whose ingest was resolved after the start (the show goes on meanwhile). */
  addDestination?(destination: PushDestination): void
  /** Pids of every ffmpeg the pipeline runs (for tests and the crash watchdog). */
  pids(): number[]
  /** How the recording ended, once stop() resolved (or the pipeline ended on its own); null without one. */
  recording?(): RecordingStatus | null
}

export type MediaPipelineFactory = (plan: PipelinePlan, listener: PipelineListener) => MediaPipeline
