import { appendFile, open, readdir, readFile, stat } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { onairError } from '../../../shared/errors'
import type { LogEvent } from '../../../shared/live'
import type { RecordingSummary } from '../../../shared/recordings'
import { SESSION_ID_PATTERN, type SessionDetail, type SessionSample, type SessionSummary } from '../../../shared/sessions'
import { parseSessionLine, parseSessionText, summaryOf, type HeaderLine, type SessionLine, type StatsLine } from './session-lines'
import { sessionEndLine, sessionReport, sessionSummary } from './session-report'

export interface SessionHistoryDeps {
  /** The data dir's `sessions` folder. */
  dir: string
  /** The show this process is writing now (its file has no end yet, and that is no crash). */
  currentId: () => string | null
  now?: () => number
  /** Whether a process id is running on this machine (tests hand in their own). */
  processAlive?: (pid: number) => boolean
  /** The show's recording in the recordings library (repaired after a crash, handed off...), when there is one. */
  recordingOf?: (sessionId: string) => Promise<RecordingSummary | null>
}

/** A running show writes at least once a second: a file left alone longer than this belongs to no running show. */
const RUNNING_SILENCE_MS = 30_000
/** At most this many points of a show's graphs cross the contract (a 4-hour show has 7200 samples). */
export const SESSION_SAMPLES_MAX = 1800
const LIST_MAX = 1000

/**
 * The show history (DESIGN §11): lists and reads the session files, and closes as `crashed` those a dead process
 * left without an end (once per start, before the first answer). A line that cannot be read is skipped, a file that
 * cannot be read is left out, an id is checked before it names a file.
 */
export class SessionHistory {
  private recovery: Promise<number> | null = null

  constructor(private readonly deps: SessionHistoryDeps) {}

  /** Closes every show a crash left open; resolves with how many. Runs once; later calls share it. */
  recover(): Promise<number> {
    this.recovery ??= this.closeCrashed().catch(() => 0)
    return this.recovery
  }

  /** Newest first. */
  async list(limit = LIST_MAX): Promise<SessionSummary[]> {
    await this.recover()
    const summaries: SessionSummary[] = []
    const ids = await this.ids()
    // A few files at a time: a long history must not run out of file descriptors.
    for (let i = 0; i < ids.length; i += 16) {
      const batch = await Promise.all(ids.slice(i, i + 16).map((id) => this.summary(id).catch(() => null)))
      for (const s of batch) if (s) summaries.push(s)
    }
    return summaries.sort((a, b) => b.start - a.start).slice(0, limit)
  }

  async get(id: string): Promise<SessionDetail> {
    if (!SESSION_ID_PATTERN.test(id)) throw onairError('invalid_request', 'That is not a session id.', { field: 'id' })
    await this.recover()
    let text: string
    try {
      text = await readFile(this.path(id), 'utf8')
    } catch {
      throw onairError('not_found', 'There is no show with this id in the history.', { field: 'id' })
    }
    const lines = parseSessionText(text)
    const report = sessionReport(lines, { id, running: await this.isRunning(id, lines) })
    const log = lines.filter((l) => l.t === 'log').map(({ t: _t, ...event }) => event as LogEvent)
    const recording = (await this.deps.recordingOf?.(id).catch(() => null)) ?? null
    return { report, log, samples: samplesOf(lines.filter((l): l is StatsLine => l.t === 'stats')), recording }
  }

  private async summary(id: string): Promise<SessionSummary | null> {
    const { first, last } = await headAndTail(this.path(id))
    if (last?.t === 'end') {
      const summary = summaryOf(last)
      if (summary) return { ...summary, id }
    }
    if (!first && !last) return null
    const lines = parseSessionText(await readFile(this.path(id), 'utf8'))
    if (lines.length === 0) return null
    return sessionSummary(sessionReport(lines, { id, running: await this.isRunning(id, lines) }))
  }

  private async closeCrashed(): Promise<number> {
    let closed = 0
    for (const id of await this.ids()) {
      try {
        const { last } = await headAndTail(this.path(id))
        if (last?.t === 'end') continue
        const text = await readFile(this.path(id), 'utf8')
        const lines = parseSessionText(text)
        if (lines.length === 0 || (await this.isRunning(id, lines))) continue
        const report = sessionReport(lines, { id })
        const end = sessionEndLine(lines, { id, time: report.end, ending: 'crashed' })
        // A torn last line (the crash came mid-write) stays on its own line, skipped when read.
        await appendFile(this.path(id), `${text.endsWith('\n') || text === '' ? '' : '\n'}${JSON.stringify(end)}\n`)
        closed++
      } catch {
        // One unreadable file does not stop the others.
      }
    }
    return closed
  }

  /** A show without an end is running when its process is: this one's current show, or a live process here that wrote lately. */
  private async isRunning(id: string, lines: SessionLine[]): Promise<boolean> {
    if (lines.some((l) => l.t === 'end')) return false
    if (this.deps.currentId() === id) return true
    const header = lines.find((l): l is HeaderLine => l.t === 'header')
    const modified = (await stat(this.path(id))).mtimeMs
    if (this.now() - modified > RUNNING_SILENCE_MS) return false
    if (!header?.pid || (header.host && header.host !== hostname())) return true
    return (this.deps.processAlive ?? processAlive)(header.pid)
  }

  private async ids(): Promise<string[]> {
    let names: string[]
    try {
      names = await readdir(this.deps.dir)
    } catch {
      return [] // no show yet
    }
    return names
      .filter((n) => n.endsWith('.ndjson'))
      .map((n) => n.slice(0, -'.ndjson'.length))
      .filter((id) => SESSION_ID_PATTERN.test(id))
  }

  private path(id: string): string {
    return join(this.deps.dir, `${id}.ndjson`)
  }

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists, it is someone else's.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const EDGE_BYTES = 64 * 1024

/** The first and last lines of a file, read from its ends only (a long show's file is not read whole to list it). */
async function headAndTail(path: string): Promise<{ first: SessionLine | null; last: SessionLine | null }> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const length = Math.min(size, EDGE_BYTES)
    const head = Buffer.alloc(length)
    await handle.read(head, 0, length, 0)
    const tail = Buffer.alloc(length)
    await handle.read(tail, 0, length, size - length)
    const firstText = head.toString('utf8').split('\n')[0]
    const tailLines = tail.toString('utf8').split('\n').filter(Boolean)
    return { first: parseSessionLine(firstText), last: parseSessionLine(tailLines.at(-1) ?? '') }
  } finally {
    await handle.close()
  }
}

/** The graphs' points: every stats sample, or an even pick of them for a long show (the last one always kept). */
function samplesOf(stats: StatsLine[]): SessionSample[] {
  const step = Math.max(1, Math.ceil(stats.length / SESSION_SAMPLES_MAX))
  const picked = stats.filter((_, i) => i % step === 0 || i === stats.length - 1)
  return picked.map((s) => ({
    time: s.time,
    fps: s.fps,
    speed: s.speed,
    kbps: Object.fromEntries(s.destinations.map((d) => [d.id, d.kbps])),
    congestion: s.destinations.reduce((m, d) => Math.max(m, d.congestion), 0)
  }))
}
