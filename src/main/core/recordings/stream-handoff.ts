import { randomBytes } from 'node:crypto'
import { stat } from 'node:fs/promises'
import type { HandoffProgress } from '../../../shared/contract'
import { onairError, toErrorValue, type OnairErrorValue } from '../../../shared/errors'
import type { FileSpan, LiveDestination, LiveSnapshot, LiveStats } from '../../../shared/live'
import type { EventBus } from '../events/event-bus'
import type { LiveStartOptions } from '../live/live-service'
import { resolveRecordingFile, type RecordingLookup } from './recording-file'
import { copyProblem, type FileProbe } from './stream-probe'

/** The library's part in a stream handoff: find the file, hold it while it streams, mark it `handed_off` after. */
export interface StreamHandoffRecordings extends RecordingLookup {
  get(id: string): Promise<{ id: string; path: string; state: string; durationSeconds?: number }>
  setState(id: string, state: 'handed_off'): Promise<unknown>
  use(id: string): () => void
}

export interface StreamHandoffDeps {
  bus: EventBus
  /** The live session machinery: the handoff is a show like any other (checklist, state, health, log, history). */
  live: { start(options: LiveStartOptions): Promise<LiveSnapshot>; stop(): Promise<LiveSnapshot> }
  recordings?: StreamHandoffRecordings
  /** The file's length and codecs (ffprobe); null when it cannot be asked. */
  probe: (path: string) => Promise<FileProbe | null>
  /** Files a client may name by path: null for any (the CLI's own user), else only inside this folder. */
  allowedRoot: string | null
}

interface RunningStream {
  progress: HandoffProgress
  sessionId?: string
  /** The file was read to its end (the copy's own clean exit): what decides `done` over `cancelled`. */
  reachedEnd: boolean
  release?: () => void
  dispose: () => void
}

/**
 * Streams a recording to channels as a live broadcast (issue 11 item 4): the live session runs it with the file as
 * its source in copy mode (`-re`, no re-encode), so state, health, log, reconnects and history are the show's. This
 * service picks the file, tells `handoff:progress` (position / duration) from the session's events, and marks the
 * recording `handed_off` once the whole file went out.
 */
export class StreamHandoffService {
  private run: RunningStream | null = null

  constructor(private readonly deps: StreamHandoffDeps) {}

  /** Resolves once live, with the first progress; the rest arrives as `handoff:progress`. */
  async stream(request: { recording: string; destinations: LiveDestination[]; span?: FileSpan }): Promise<HandoffProgress> {
    if (this.run) throw onairError('already_live', 'A recording is being streamed already; stop it first.')
    const library = this.deps.recordings
    const { recordingId, path } = await resolveRecordingFile(request.recording, { library, allowedRoot: this.deps.allowedRoot, verb: 'stream' })
    const probe = await this.deps.probe(path)
    const problem = probe && copyProblem(probe)
    if (problem) throw problem
    const known = recordingId ? await library?.get(recordingId) : undefined
    const fileSeconds = probe?.durationSeconds ?? known?.durationSeconds ?? null
    const span = request.span && clampSpan(request.span, fileSeconds)
    // Part of the file: its length is the part's (progress counts from the part's start, as the copy's clock does).
    const durationSeconds = span ? Math.round((span.endSeconds - span.startSeconds) * 10) / 10 : fileSeconds
    const sizeBytes = await stat(path).then((s) => s.size)
    const run: RunningStream = {
      progress: {
        id: randomBytes(12).toString('hex'),
        kind: 'stream',
        path,
        ...(recordingId ? { recordingId } : {}),
        target: '',
        state: 'running',
        bytesDone: 0,
        bytesTotal: sizeBytes,
        bytesPerSecond: 0,
        etaSeconds: durationSeconds,
        positionSeconds: 0,
        durationSeconds
      },
      reachedEnd: false,
      release: recordingId ? library?.use(recordingId) : undefined,
      dispose: () => {}
    }
    this.run = run
    run.dispose = this.deps.bus.onDidEmit((event, payload) => {
      if (event === 'live:state') this.onState(run, payload as LiveSnapshot)
      else if (event === 'live:stats' && run.sessionId) this.onStats(run, payload as LiveStats)
      // The copy ran to the end of the file by itself (fanout-pipeline.ts), not stopped half-way.
      else if (event === 'log:event' && run.sessionId && (payload as { code: string }).code === 'encoder.sourceEnded') run.reachedEnd = true
    })
    try {
      await this.deps.live.start({
        destinations: request.destinations,
        video: `file:${path}`,
        audio: `file:${path}`,
        record: false,
        preview: false,
        handoff: { path, ...(recordingId ? { recordingId } : {}), durationSeconds, ...(span ? { span } : {}) }
      })
    } catch (e) {
      this.finish(run, 'failed', toErrorValue(e))
      throw e
    }
    return { ...run.progress }
  }

  /** The stream under way, if any (handoff:list). */
  current(): HandoffProgress | null {
    return this.run ? { ...this.run.progress } : null
  }

  owns(id: string): boolean {
    return this.run?.progress.id === id
  }

  /** Stops the stream under way (the show ends cleanly); the recording keeps its state. */
  async stop(): Promise<{ cancelled: boolean; partsLeftOnServer: false }> {
    if (!this.run) return { cancelled: false, partsLeftOnServer: false }
    await this.deps.live.stop()
    return { cancelled: true, partsLeftOnServer: false }
  }

  private onState(run: RunningStream, snap: LiveSnapshot): void {
    // The first state of the session this stream started names it; any other session is not ours.
    if (!run.sessionId && snap.handoff?.path === run.progress.path && snap.sessionId) run.sessionId = snap.sessionId
    if (snap.sessionId !== run.sessionId) return
    run.progress.sessionId = snap.sessionId
    run.progress.target = snap.destinations
      .filter((d) => d.state !== 'failed')
      .map((d) => d.label)
      .join(', ')
    if (snap.state === 'ended') this.finish(run, run.reachedEnd ? 'done' : 'cancelled')
    else if (snap.state === 'failed') this.finish(run, 'failed', snap.error)
  }

  private onStats(run: RunningStream, stats: LiveStats): void {
    const p = run.progress
    if (p.state !== 'running' || stats.mediaTimeMs === undefined) return
    const position = Math.round(stats.mediaTimeMs / 100) / 10
    p.positionSeconds = p.durationSeconds ? Math.min(position, p.durationSeconds) : position
    // What reached the ingests: the destination that got furthest.
    p.bytesDone = Math.min(p.bytesTotal, Math.max(0, ...stats.destinations.map((d) => d.bytesSent)))
    p.bytesPerSecond = Math.round((stats.bitrateKbps * 1000) / 8)
    // Real-time pace: what is left of the file is how long it takes.
    p.etaSeconds = p.durationSeconds === null || p.durationSeconds === undefined ? null : Math.max(0, Math.round(p.durationSeconds - p.positionSeconds))
    this.deps.bus.emit('handoff:progress', { ...p })
  }

  private finish(run: RunningStream, state: 'done' | 'cancelled' | 'failed', error?: OnairErrorValue): void {
    if (run.progress.state !== 'running') return
    const p = run.progress
    p.state = state
    if (error) p.error = error
    if (state === 'done') {
      p.positionSeconds = p.durationSeconds ?? p.positionSeconds
      p.bytesDone = p.bytesTotal
      p.etaSeconds = 0
    }
    run.dispose()
    run.release?.()
    if (this.run === run) this.run = null
    void this.tellEnd({ ...p })
  }

  /** The library first: whoever waits for the last progress (the CLI, to exit) finds the recording marked. */
  private async tellEnd(p: HandoffProgress): Promise<void> {
    if (p.state === 'done' && p.recordingId) await this.deps.recordings?.setState(p.recordingId, 'handed_off').catch(() => undefined)
    this.deps.bus.emit('handoff:progress', p)
  }
}

/** A part asked for, inside the file as far as its length is known; a part that starts past the end is refused. */
function clampSpan(span: FileSpan, fileSeconds: number | null): FileSpan {
  if (fileSeconds === null) return span
  if (span.startSeconds >= fileSeconds)
    throw onairError('invalid_request', `The part asked for starts after the recording ends (${Math.round(fileSeconds)} s).`, { field: 'span' })
  return { startSeconds: span.startSeconds, endSeconds: Math.min(span.endSeconds, fileSeconds) }
}
