import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { EventName, EventPayloads } from '../../../shared/contract'
import type { DestinationStatus, LiveHealth, LiveSnapshot, LiveStats, LogEvent } from '../../../shared/live'
import { SESSION_ID_PATTERN, type SessionEnding, type SessionError } from '../../../shared/sessions'
import type { EventBus } from '../events/event-bus'
import type { SecretRegistry } from '../events/secret-registry'
import { parseSessionText, SESSION_FILE_VERSION, type SessionLine } from './session-lines'
import { sessionEndLine } from './session-report'

export interface SessionRecorderDeps {
  bus: EventBus
  secrets: SecretRegistry
  /** The data dir's `sessions` folder. */
  dir: string
  now?: () => number
  /** How often what was gathered is appended (a SIGKILL loses at most this much). */
  flushMs?: number
  /** Stats are kept one sample per this long (the pipeline reports every second). */
  statsEveryMs?: number
}

/** A show's log lines kept in its file; a pathological flood of lines stops there (the figures go on). */
export const SESSION_LOG_LINES_MAX = 20_000

interface OpenSession {
  id: string
  path: string
  fd: number
  pending: string[]
  lastStatsAt: number
  /** When the newest line was gathered: a crashed show's length is read from its last line. */
  lastLineAt: number
  lastState: string
  lastRecording: string
  lastHealth: string
  logLines: number
  /** The show reached its final state: only the log lines that follow it still come, then the end line. */
  ending: { time: number; ending: SessionEnding; error?: SessionError } | null
  /** A write failed (disk full, folder removed): the show goes on, its history stops. */
  broken: boolean
}

/**
 * Writes every show into `sessions/<id>.ndjson` as it happens (DESIGN §11), from the core's event bus alone: a header,
 * state changes, a stats sample every 2 s, health changes, log lines (the providers' events among them), the
 * recording, and an end line with the show's summary. Appended once a second in one write, so a SIGKILL loses at most
 * the last second; the final state is written at once and the end line right after the show's last log lines (or as
 * the process exits). Every line is redacted against the session's secrets before it is written.
 */
export class SessionRecorder {
  private current: OpenSession | null = null
  private timer: NodeJS.Timeout | null = null
  private unsubscribe: (() => void) | null = null
  /** A process that exits before the end line's turn (process.exit right after the show) still writes it. */
  private readonly onExit = () => this.close()

  constructor(private readonly deps: SessionRecorderDeps) {}

  start(): void {
    if (this.unsubscribe) return
    this.unsubscribe = this.deps.bus.onDidEmit(<E extends EventName>(event: E, payload: EventPayloads[E]) => this.onEvent(event, payload))
    this.timer = setInterval(() => this.flush(true), this.deps.flushMs ?? 1000)
    this.timer.unref?.()
  }

  /** The show being written now, if any (its file has no end yet and must not be taken for a crash). */
  currentId(): string | null {
    return this.current && !this.current.ending ? this.current.id : null
  }

  /** Writes what is gathered and lets go of the file (app quit). A show still running stays without an end. */
  dispose(): void {
    this.unsubscribe?.()
    this.unsubscribe = null
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.close()
  }

  private onEvent(event: EventName, payload: unknown): void {
    if (event === 'live:state') this.onState(payload as LiveSnapshot)
    else if (event === 'live:stats') this.onStats(payload as LiveStats)
    else if (event === 'live:health') this.onHealth(payload as LiveHealth)
    else if (event === 'log:event') this.onLog(payload as LogEvent)
  }

  private onState(snap: LiveSnapshot): void {
    if (!snap.sessionId) return
    if (this.current?.id !== snap.sessionId) this.open(snap)
    const s = this.current
    if (!s || s.ending) return
    const destinations = snap.destinations.map(destinationLine)
    const key = JSON.stringify([snap.state, destinations, snap.recordingPath, snap.liveSince, snap.unstreamed])
    if (key !== s.lastState) {
      s.lastState = key
      this.add({
        t: 'state',
        time: this.now(),
        state: snap.state,
        destinations,
        ...(snap.liveSince !== undefined ? { liveSince: snap.liveSince } : {}),
        ...(snap.recordingPath ? { recordingPath: snap.recordingPath } : {}),
        ...(snap.unstreamed?.length ? { unstreamed: snap.unstreamed } : {}),
        ...(snap.error ? { error: errorLine(snap.error) } : {})
      })
    }
    if (snap.recording) {
      const recording = JSON.stringify(snap.recording)
      if (recording !== s.lastRecording) {
        s.lastRecording = recording
        this.add({ t: 'recording', time: this.now(), ...snap.recording })
      }
    }
    if (snap.state === 'ended' || snap.state === 'failed') {
      s.ending = { time: this.now(), ending: snap.state === 'ended' ? 'clean' : 'failed', ...(snap.error ? { error: errorLine(snap.error) } : {}) }
      this.flush(false)
      // The session's last log lines follow the final state in the same tick; the end line comes after them.
      setImmediate(() => {
        if (this.current === s) this.close()
      })
    }
  }

  private onStats(stats: LiveStats): void {
    const s = this.current
    if (!s || s.ending || stats.time - s.lastStatsAt < (this.deps.statsEveryMs ?? 2000) - 150) return
    s.lastStatsAt = stats.time
    this.add({
      t: 'stats',
      time: stats.time,
      fps: stats.fps,
      bitrateKbps: stats.bitrateKbps,
      speed: stats.speed,
      droppedFrames: stats.droppedFrames,
      duplicatedFrames: stats.duplicatedFrames,
      destinations: stats.destinations.map((d) => ({
        id: d.id,
        ...(d.state ? { state: d.state } : {}),
        kbps: d.kbps,
        bytesSent: d.bytesSent,
        congestion: d.congestion,
        droppedFrames: d.droppedFrames,
        reconnects: d.reconnects
      }))
    })
  }

  /** Health changes only: the same level for the same reasons (their figures aside) is not a new line. */
  private onHealth(health: LiveHealth): void {
    const s = this.current
    if (!s || s.ending) return
    // Causes as codes with their figures, where the session gives them (the UI words them in its own language).
    const causes = (health as { causes?: unknown }).causes as Array<Record<string, string | number>> | undefined
    const key = JSON.stringify([health.level, health.reasons.map((r) => r.replace(/[\d.]+/g, '#'))])
    if (key === s.lastHealth) return
    s.lastHealth = key
    this.add({ t: 'health', time: health.time, level: health.level, reasons: health.reasons, ...(causes ? { causes } : {}) })
  }

  private onLog(event: LogEvent): void {
    const s = this.current
    if (!s) return
    s.logLines++
    if (s.logLines > SESSION_LOG_LINES_MAX) return
    if (s.logLines === SESSION_LOG_LINES_MAX) {
      this.add({ t: 'log', time: event.time, level: 'warn', code: 'history.logTruncated', message: 'Too many log lines: the rest of this show is not kept.' })
      return
    }
    this.add({ t: 'log', ...event })
  }

  private open(snap: LiveSnapshot): void {
    this.close()
    const id = snap.sessionId ?? ''
    if (!SESSION_ID_PATTERN.test(id)) return
    let fd: number
    try {
      mkdirSync(this.deps.dir, { recursive: true, mode: 0o700 })
      fd = openSync(join(this.deps.dir, `${id}.ndjson`), 'a', 0o600)
    } catch {
      return // No history for this show (a read-only data dir): the show itself goes on.
    }
    const path = join(this.deps.dir, `${id}.ndjson`)
    this.current = {
      id,
      path,
      fd,
      pending: [],
      lastStatsAt: 0,
      lastLineAt: 0,
      lastState: '',
      lastRecording: '',
      lastHealth: '',
      logLines: 0,
      ending: null,
      broken: false
    }
    process.once('exit', this.onExit)
    const output = (snap as LiveSnapshot & { output?: Record<string, unknown> }).output
    this.add({
      t: 'header',
      v: SESSION_FILE_VERSION,
      id,
      start: snap.startedAt ?? this.now(),
      pid: process.pid,
      host: hostname(),
      sources: snap.sources,
      destinations: snap.destinations.map(destinationLine),
      ...(output ? { output } : {})
    })
    this.flush(false)
  }

  /** Writes what is gathered (and the end line, once the show reached its final state) and lets go of the file. */
  private close(): void {
    const s = this.current
    if (!s) return
    process.off('exit', this.onExit)
    this.flush(false)
    if (s.ending && !s.broken) this.writeEnd(s, s.ending)
    try {
      closeSync(s.fd)
    } catch {
      // already closed
    }
    this.current = null
  }

  private add(line: SessionLine): void {
    const s = this.current
    if (!s || s.broken) return
    // The bus redacted the payload already; this pass also catches a key registered since, and whatever we added.
    s.pending.push(`${JSON.stringify(this.deps.secrets.redactDeep(line))}\n`)
    s.lastLineAt = this.now()
  }

  /** One write per batch. `beat`: a running show with nothing new in the last quarter of a period marks the time, so a crash is dated to within a second. */
  private flush(beat: boolean): void {
    const s = this.current
    if (!s || s.broken) return
    const now = this.now()
    if (beat && !s.ending && now - s.lastLineAt >= (this.deps.flushMs ?? 1000) / 4) this.add({ t: 'beat', time: now })
    if (s.pending.length === 0) return
    this.write(s, s.pending.join(''))
    s.pending = []
  }

  /** The end line carries the show's summary, from the whole file as written (read once, at the end). */
  private writeEnd(s: OpenSession, ending: NonNullable<OpenSession['ending']>): void {
    let lines: SessionLine[] = []
    try {
      lines = parseSessionText(readFileSync(s.path, 'utf8'))
    } catch {
      // The file went away: the end line alone still says how the show ended.
    }
    this.write(s, `${JSON.stringify(this.deps.secrets.redactDeep(sessionEndLine(lines, { id: s.id, ...ending })))}\n`)
  }

  private write(s: OpenSession, data: string): void {
    try {
      writeSync(s.fd, data)
    } catch {
      s.broken = true
    }
  }

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }
}

function destinationLine(d: DestinationStatus) {
  return {
    id: d.id,
    provider: d.provider,
    profile: d.profile,
    ...(d.channelId ? { channelId: d.channelId } : {}),
    ...(d.backup ? { backup: true } : {}),
    label: d.label,
    state: d.state,
    ...(d.rawState ? { rawState: d.rawState } : {}),
    ...(d.error ? { error: errorLine(d.error) } : {})
  }
}

function errorLine(e: { code: string; message: string; provider?: string; step?: string }) {
  return { code: e.code, message: e.message, ...(e.provider ? { provider: e.provider } : {}), ...(e.step ? { step: e.step } : {}) }
}
