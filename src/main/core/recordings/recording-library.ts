import { randomUUID } from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { onairError } from '../../../shared/errors'
import type { FileSpan, RecordingStatus } from '../../../shared/live'
import type { RecordingState, RecordingSummary } from '../../../shared/recordings'
import type { EventBus } from '../events/event-bus'
import { repairRecording, type RepairOutcome } from './recording-repair'
import type { RecordingEntry, RecordingStore } from './recording-store'

export interface RecordingLibraryDeps {
  store: RecordingStore
  bus: EventBus
  /** An ffmpeg that can remux Matroska (the locator's pick); throws when there is none. */
  ffmpeg: () => Promise<string>
  repair?: (ffmpegPath: string, path: string, signal: AbortSignal) => Promise<RepairOutcome>
  pid?: number
  isAlive?: (pid: number) => boolean
  now?: () => number
  /** How long a crashed recording's file must have been still before it is repaired (an orphaned encoder may finish it). */
  quietMs?: number
}

export interface BeginRecording {
  path: string
  sessionId: string | null
  kind: 'live' | 'record'
  destinations: string[]
  startedAt: number
}

/** States a caller outside the library may set (handoff, upload, offline mode); the rest belong to the library. */
export type SettableState = Exclude<RecordingState, 'recording' | 'repaired'>

/**
 * The recordings library (DESIGN §6): every recording a show wrote, its state, and the repair of those a crash left.
 * Metadata lives in the RecordingStore; the files stay where the show wrote them. Changes go out as
 * `recordings:changed`.
 */
/** Parts kept per recording: more than this many outages in one show is already told by its history. */
const MISSED_MAX = 64

export class RecordingLibrary {
  private readonly leases = new Map<string, number>()
  private readonly repairing = new Set<string>()
  private repairPass: Promise<void> | null = null
  private readonly abort = new AbortController()

  constructor(private readonly deps: RecordingLibraryDeps) {}

  /** Newest first. */
  async list(): Promise<RecordingSummary[]> {
    return this.deps.store
      .list()
      .sort((a, b) => b.startedAt - a.startedAt)
      .map((e) => this.summary(e))
  }

  async get(id: string): Promise<RecordingSummary> {
    return this.summary(this.entry(id))
  }

  async findByPath(path: string): Promise<RecordingSummary | null> {
    const entry = this.deps.store.list().find((e) => e.path === path)
    return entry ? this.summary(entry) : null
  }

  /** The recording of a live session (offline mode marks it pending by the session it knows). */
  async findBySession(sessionId: string): Promise<RecordingSummary | null> {
    const entry = this.deps.store.list().find((e) => e.sessionId === sessionId)
    return entry ? this.summary(entry) : null
  }

  /** A show started writing `path`: it is in the library from now on, `recording` and owned by this process. */
  begin(recording: BeginRecording): RecordingSummary {
    const entry: RecordingEntry = {
      version: 1,
      id: randomUUID(),
      path: recording.path,
      sessionId: recording.sessionId,
      kind: recording.kind,
      destinations: recording.destinations.slice(0, 8).map((d) => d.slice(0, 300)),
      startedAt: Math.round(recording.startedAt),
      state: 'recording',
      ownerPid: this.pid()
    }
    return this.save(entry)
  }

  /** The show ended: `complete`, or `interrupted` when it was cut short. A file that is not there leaves the library. */
  finish(id: string, status: RecordingStatus, endedAt: number, missed?: FileSpan[]): RecordingSummary | null {
    const entry = this.deps.store.get(id)
    if (!entry) return null
    if (!fileSize(entry.path).exists) return this.forget(id)
    const { ownerPid: _owner, pendingHandoff, ...rest } = entry
    return this.save({
      ...rest,
      state: !status.complete ? 'interrupted' : pendingHandoff ? 'pending_handoff' : 'complete',
      endedAt: Math.round(endedAt),
      durationSeconds: status.seconds,
      ...(status.error ? { failure: status.error } : {}),
      ...(missed?.length ? { missed: missed.slice(0, MISSED_MAX) } : {})
    })
  }

  /** Drops a recording's metadata, not its file (a show that never went live removed its own file). */
  forget(id: string): null {
    this.deps.store.remove(id)
    this.deps.bus.emit('recordings:changed', { id, recording: null })
    return null
  }

  /** For handoff, upload and offline mode, e.g. `setState(id, 'uploaded')` once the upload is verified. */
  async setState(id: string, state: SettableState): Promise<RecordingSummary> {
    const entry = this.entry(id)
    if (entry.state === 'recording' && this.inUse(entry)) {
      // Offline mode marks a show pending while it still records: it becomes pending_handoff when it ends.
      if (state !== 'pending_handoff') throw inUse(entry)
      return this.save({ ...entry, pendingHandoff: true })
    }
    const { pendingHandoff: _pending, ...rest } = entry
    return this.save({ ...rest, state })
  }

  /** Marks a recording in use (a handoff or upload reads it) until the returned function is called. */
  use(id: string): () => void {
    this.entry(id)
    this.leases.set(id, (this.leases.get(id) ?? 0) + 1)
    this.told(id)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.leases.get(id) ?? 1) - 1
      if (left > 0) this.leases.set(id, left)
      else this.leases.delete(id)
      this.told(id)
    }
  }

  /** Says a recording's summary again when only what is computed changed (in use or not). */
  private told(id: string): void {
    const entry = this.deps.store.get(id)
    if (entry) this.deps.bus.emit('recordings:changed', { id, recording: this.summary(entry) })
  }

  /** The file and its metadata; refused while the recording is written, repaired, handed off or uploaded. */
  async delete(id: string): Promise<{ deleted: true }> {
    const entry = this.entry(id)
    if (this.inUse(entry)) throw inUse(entry)
    await rm(entry.path, { force: true })
    this.forget(id)
    return { deleted: true }
  }

  /** Where the file is, for the shell to show in its folder. */
  async reveal(id: string): Promise<{ path: string }> {
    return { path: this.entry(id).path }
  }

  /**
   * Repairs, in the background, every recording left `recording` by a process that is gone (SIGKILL, power loss).
   * Started once; never throws. `whenRepaired()` waits for it (the library list of a command that just started).
   */
  repairLeftovers(): Promise<void> {
    this.repairPass ??= this.runRepairPass().catch(() => {})
    return this.repairPass
  }

  whenRepaired(): Promise<void> {
    return this.repairPass ?? Promise.resolve()
  }

  /** Stops a repair under way (app quit): its original stays, and the next start repairs it again. */
  async shutdown(): Promise<void> {
    this.abort.abort()
    await this.whenRepaired()
  }

  private async runRepairPass(): Promise<void> {
    const left = this.deps.store.list().filter((e) => e.state === 'recording' && !(e.ownerPid !== undefined && this.isAlive(e.ownerPid)))
    for (const entry of left) {
      if (this.abort.signal.aborted) return
      try {
        await this.repairOne(entry)
      } catch {
        // One recording that cannot be looked at must not stop the others (or the app).
      }
    }
  }

  private async repairOne(found: RecordingEntry): Promise<void> {
    const release = this.lock(found.id)
    if (!release) return // another process is repairing it
    const entry = this.deps.store.get(found.id)
    if (!entry || entry.state !== 'recording') return release()
    this.repairing.add(entry.id)
    // Told now: a window that listed it a moment ago shows it as being repaired, not as being recorded.
    this.deps.bus.emit('recordings:changed', { id: entry.id, recording: this.summary(entry) })
    let repaired: RecordingEntry | 'gone' | null = null
    try {
      repaired = await this.repaired(entry)
    } catch {
      // Left as it was, for the next start.
    } finally {
      this.repairing.delete(entry.id)
      release()
    }
    if (repaired === 'gone') this.forget(entry.id)
    else if (repaired) this.save(repaired)
    else this.deps.bus.emit('recordings:changed', { id: entry.id, recording: this.summary(entry) })
  }

  /**
   * The entry after a repair; 'gone' when there is no file to repair (a crash before the encoder wrote any, or it was
   * deleted since): nothing to show or keep; null when it is left for a later start (stopping, no ffmpeg, its drive
   * not there).
   */
  private async repaired(entry: RecordingEntry): Promise<RecordingEntry | 'gone' | null> {
    await this.untilQuiet(entry.path)
    if (this.abort.signal.aborted) return null
    const file = fileSize(entry.path)
    const { ownerPid: _owner, ...rest } = entry
    // No folder at all is a drive not mounted now: left for a start that has it.
    if (!file.exists) return existsSync(dirname(entry.path)) ? 'gone' : null
    let ffmpeg: string
    try {
      ffmpeg = await this.deps.ffmpeg()
    } catch {
      return null // no ffmpeg now: left for a start that has one
    }
    const outcome = await (this.deps.repair ?? ((f, p, signal) => repairRecording(f, p, { signal })))(ffmpeg, entry.path, this.abort.signal)
    if (this.abort.signal.aborted) return null
    const endedAt = Math.round(file.mtimeMs)
    if (outcome.state === 'interrupted') return { ...rest, state: 'interrupted', endedAt }
    if (outcome.state === 'complete') return { ...rest, state: 'complete', durationSeconds: outcome.seconds, endedAt }
    return { ...rest, state: 'repaired', recoveredSeconds: outcome.seconds, durationSeconds: outcome.seconds, endedAt }
  }

  /** Waits until the file has not changed for `quietMs` (at most a minute): a crash's orphaned encoder stops within a second. */
  private async untilQuiet(path: string): Promise<void> {
    const quiet = this.deps.quietMs ?? 2000
    const until = this.now() + 60_000
    for (;;) {
      const { exists, mtimeMs } = fileSize(path)
      const still = this.now() - mtimeMs
      if (!exists || still >= quiet || this.now() > until || this.abort.signal.aborted) return
      await new Promise((r) => setTimeout(r, Math.min(quiet - still + 50, 1000)))
    }
  }

  /** One repairer per recording across processes: a lock file naming its pid, taken over when that pid is gone. */
  private lock(id: string): (() => void) | null {
    const file = join(this.deps.store.dir, `${id}.repair.lock`)
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx')
        writeSync(fd, String(this.pid()))
        closeSync(fd)
        return () => rmSync(file, { force: true })
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return null
        const holder = Number.parseInt(safeRead(file), 10)
        if (Number.isInteger(holder) && holder > 0 && this.isAlive(holder)) return null
        rmSync(file, { force: true })
      }
    }
    return null
  }

  private entry(id: string): RecordingEntry {
    const entry = this.deps.store.get(id)
    if (!entry) throw onairError('not_found', 'There is no such recording in the library.', { field: 'id' })
    return entry
  }

  private save(entry: RecordingEntry): RecordingSummary {
    this.deps.store.put(entry)
    const summary = this.summary(entry)
    this.deps.bus.emit('recordings:changed', { id: entry.id, recording: summary })
    return summary
  }

  private inUse(entry: RecordingEntry): boolean {
    if (this.leases.has(entry.id) || this.repairing.has(entry.id)) return true
    return entry.state === 'recording' && entry.ownerPid !== undefined && this.isAlive(entry.ownerPid)
  }

  private summary(entry: RecordingEntry): RecordingSummary {
    const file = fileSize(entry.path)
    const { version: _v, ownerPid: _p, pendingHandoff: _h, ...rest } = entry
    return {
      ...rest,
      fileName: basename(entry.path),
      sizeBytes: file.size,
      inUse: this.inUse(entry),
      repairing: this.repairing.has(entry.id),
      missing: !file.exists
    }
  }

  private isAlive(pid: number): boolean {
    return (this.deps.isAlive ?? processAlive)(pid)
  }

  private pid(): number {
    return this.deps.pid ?? process.pid
  }

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }
}

function inUse(entry: RecordingEntry) {
  return onairError(
    'recording_in_use',
    `${basename(entry.path)} is in use (being recorded, repaired, handed off or uploaded); try again when that has finished.`,
    {
      field: 'id',
      retryable: true,
      data: { file: basename(entry.path) }
    }
  )
}

function fileSize(path: string): { exists: boolean; size: number; mtimeMs: number } {
  try {
    const s = statSync(path)
    return { exists: true, size: s.size, mtimeMs: s.mtimeMs }
  } catch {
    return { exists: false, size: 0, mtimeMs: 0 }
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

/** Signal 0 asks the OS whether the pid exists; EPERM means it does (another user's process). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
