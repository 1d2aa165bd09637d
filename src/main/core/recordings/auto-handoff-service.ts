import type { AutoHandoffEvent } from '../../../shared/auto-handoff'
import type { HandoffProgress } from '../../../shared/contract'
import { toErrorValue, type OnairErrorValue } from '../../../shared/errors'
import type { FileSpan, LiveDestination } from '../../../shared/live'
import { missedSpan, type RecordingSummary } from '../../../shared/recordings'
import type { Settings } from '../../../shared/settings'
import type { HandoffUploadOutcome } from '../../../shared/storage'
import type { EventBus } from '../events/event-bus'
import { decideAutoHandoff, destinationKey, probesDue, retryDelayMs, type Reachability, type RuleDecision, type RuleRecording } from './auto-handoff-rule'

export interface AutoHandoffDeps {
  bus: EventBus
  /** Read at each tick, so turning the rule on or off in Settings applies at once. */
  settings: () => Settings['handoff']
  recordings: { list(): Promise<RecordingSummary[]> }
  /** The destinations a show had (its session report's main ingests). */
  destinationsOf: (sessionId: string) => Promise<LiveDestination[]>
  /** One cheap check: Custom RTMP's TCP probe, an API provider's verify call (its client keeps its rate limits). */
  check: (destination: LiveDestination) => Promise<Reachability>
  /** A live show or any handoff stream is on air. */
  showRunning: () => boolean
  stream: (request: { recording: string; destinations: LiveDestination[]; span?: FileSpan }) => Promise<HandoffProgress>
  /** Ends the handoff stream on air (the streamer's own show comes first). */
  stopStream: () => Promise<unknown>
  upload: (request: { recording: string; upload: string; profile: string }) => Promise<HandoffUploadOutcome>
  now?: () => number
  /** How often the rule looks (default 5 s; the checks themselves are at most one per destination per `probeEveryMs`). */
  tickMs?: number
  probeEveryMs?: number
  retryBaseMs?: number
}

/**
 * The automatic handoff rule's shell (issue 11 item 6): every few seconds, when the setting is on and nothing is on
 * air, it checks the destinations pending recordings missed and hands the first due one off (stream or upload), one at
 * a time, telling `handoff:auto`. A failure is told once and tried again later (backoff); the recording stays pending.
 * A handoff the streamer stopped is not started again until the app restarts.
 */
export class AutoHandoffService {
  private timer: ReturnType<typeof setInterval> | null = null
  private ticking = false
  private busy = false
  private readonly reach = new Map<string, Reachability>()
  private readonly lastChecked = new Map<string, number>()
  private readonly failures = new Map<string, { count: number; retryAt: number }>()
  private readonly held = new Set<string>()
  private readonly sessionDestinations = new Map<string, LiveDestination[]>()
  /** The recording this rule is streaming now, and whether it is being stopped for the streamer's own show. */
  private streaming: string | null = null
  private yielding = false

  constructor(private readonly deps: AutoHandoffDeps) {}

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.tick(), this.deps.tickMs ?? 5000)
    this.timer.unref?.()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /**
   * The streamer pressed Go Live while this rule streams a recording: the show comes first. The stream ends, and the
   * recording stays pending and is sent again once nothing is on air (not held like one the streamer stopped).
   */
  async yieldToShow(): Promise<void> {
    if (this.streaming === null) return
    this.yielding = true
    await this.deps.stopStream()
  }

  /** One look (the timer's; tests call it too). Resolves when a handoff it started has finished. */
  async tick(): Promise<RuleDecision | null> {
    if (this.ticking || this.busy) return null
    const settings = this.deps.settings()
    if (!settings.auto || this.deps.showRunning()) return null
    this.ticking = true
    let decision: RuleDecision
    let byId: Map<string, RecordingSummary>
    try {
      const now = this.now()
      const pending = (await this.deps.recordings.list()).filter((r) => r.state === 'pending_handoff' && !this.held.has(r.id))
      byId = new Map(pending.map((r) => [r.id, r]))
      const recordings: RuleRecording[] = []
      for (const r of [...pending].sort((a, b) => a.startedAt - b.startedAt)) {
        recordings.push({
          id: r.id,
          state: r.state,
          inUse: r.inUse,
          missing: r.missing,
          ended: r.endedAt !== undefined,
          destinations: r.sessionId ? await this.destinationsOf(r.sessionId) : [],
          retryAt: this.failures.get(r.id)?.retryAt
        })
      }
      const base = { settings, showRunning: this.deps.showRunning(), busy: this.busy, recordings, now }
      // One check after another: Kollus's app-wide limiter spaces its calls, the others are one probe each.
      for (const d of probesDue(base, this.lastChecked, this.deps.probeEveryMs ?? 30_000)) {
        this.lastChecked.set(destinationKey(d), now)
        this.reach.set(destinationKey(d), await this.deps.check(d).catch((): Reachability => 'down'))
      }
      // The checks took time: a show may have started meanwhile.
      decision = decideAutoHandoff({ ...base, showRunning: this.deps.showRunning(), now: this.now(), reachability: (d) => this.reach.get(destinationKey(d)) })
    } catch {
      return null // the library or the session could not be read: the next tick tries again
    } finally {
      this.ticking = false
    }
    if (decision.kind === 'wait') return decision
    const recording = byId.get(decision.recordingId) as RecordingSummary
    this.busy = true
    try {
      await (decision.kind === 'stream' ? this.runStream(recording, decision.destinations) : this.runUpload(recording, decision.upload, decision.profile))
    } finally {
      this.busy = false
    }
    return decision
  }

  private async runStream(recording: RecordingSummary, destinations: LiveDestination[]): Promise<void> {
    const target = recording.destinations.join(', ')
    this.tell(recording, 'stream', 'started', target)
    // Listen before starting: a short file may be sent whole before stream() returns.
    let settle: (p: HandoffProgress) => void = () => {}
    const finished = new Promise<HandoffProgress>((resolve) => (settle = resolve))
    const dispose = this.deps.bus.onDidEmit((event, payload) => {
      const p = payload as HandoffProgress
      if (event === 'handoff:progress' && p.kind === 'stream' && p.recordingId === recording.id && p.state !== 'running') settle(p)
    })
    this.streaming = recording.id
    try {
      // Only what the audience missed, where the show knows it (offline mode's parts); else the whole recording.
      const span = missedSpan(recording)
      await this.deps.stream({ recording: recording.id, destinations, ...(span ? { span } : {}) })
      const end = await finished
      if (end.state === 'done') this.succeeded(recording, 'stream', target)
      else if (end.state === 'cancelled' && this.yielding) this.tell(recording, 'stream', 'paused', target)
      else if (end.state === 'cancelled') this.stopped(recording, 'stream', target)
      else this.failed(recording, 'stream', target, end.error)
    } catch (e) {
      this.failed(recording, 'stream', target, toErrorValue(e))
    } finally {
      this.streaming = null
      this.yielding = false
      dispose()
    }
  }

  private async runUpload(recording: RecordingSummary, upload: string, profile: string): Promise<void> {
    this.tell(recording, 'upload', 'started', upload)
    try {
      const outcome = await this.deps.upload({ recording: recording.id, upload, profile })
      const target = 'bucket' in outcome ? `s3://${outcome.bucket}/${outcome.key}` : upload
      if (outcome.state === 'done') this.succeeded(recording, 'upload', target)
      // Paused = the app is quitting: the next start resumes it (the same target = the same upload id).
      else if (outcome.state === 'cancelled') this.stopped(recording, 'upload', target)
    } catch (e) {
      this.failed(recording, 'upload', upload, toErrorValue(e))
    }
  }

  private succeeded(recording: RecordingSummary, action: AutoHandoffEvent['action'], target: string): void {
    this.failures.delete(recording.id)
    this.tell(recording, action, 'done', target)
  }

  private stopped(recording: RecordingSummary, action: AutoHandoffEvent['action'], target: string): void {
    this.held.add(recording.id)
    this.tell(recording, action, 'stopped', target)
  }

  private failed(recording: RecordingSummary, action: AutoHandoffEvent['action'], target: string, error?: OnairErrorValue): void {
    const count = (this.failures.get(recording.id)?.count ?? 0) + 1
    const retryAt = this.now() + retryDelayMs(count, this.deps.retryBaseMs)
    this.failures.set(recording.id, { count, retryAt })
    // Its destinations are checked afresh before the next try.
    for (const d of this.sessionDestinations.get(recording.sessionId ?? '') ?? []) this.lastChecked.delete(destinationKey(d))
    // Told once: the retries that fail the same way are quiet until one succeeds.
    if (count === 1) this.tell(recording, action, 'failed', target, { retryAt, ...(error ? { error } : {}) })
  }

  private tell(
    recording: RecordingSummary,
    action: AutoHandoffEvent['action'],
    state: AutoHandoffEvent['state'],
    target: string,
    extra: Partial<AutoHandoffEvent> = {}
  ): void {
    this.deps.bus.emit('handoff:auto', { recordingId: recording.id, fileName: recording.fileName, action, state, target, time: this.now(), ...extra })
  }

  private async destinationsOf(sessionId: string): Promise<LiveDestination[]> {
    const known = this.sessionDestinations.get(sessionId)
    if (known) return known
    // A session file that cannot be read (deleted, damaged) leaves that recording without destinations, not the others.
    const destinations = await this.deps.destinationsOf(sessionId).catch((): LiveDestination[] => [])
    this.sessionDestinations.set(sessionId, destinations)
    return destinations
  }

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }
}
