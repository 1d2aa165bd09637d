import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { RECORDING_FAILURES } from '../../../shared/live'
import { RECORDING_STATES } from '../../../shared/recordings'

/** Stored files name their shape; a newer version than this is kept as it is and not read. */
export const RECORDING_ENTRY_VERSION = 1

const ID = /^[A-Za-z0-9-]{8,64}$/

/**
 * One recording's metadata as kept on disk. Unknown keys are dropped on read (a newer build may add some), anything
 * else that does not fit makes the file unreadable: it is moved aside, never overwritten.
 */
export const recordingEntrySchema = z.object({
  version: z.literal(RECORDING_ENTRY_VERSION),
  id: z.string().regex(ID),
  path: z.string().min(1).max(4096),
  sessionId: z.string().max(64).nullable(),
  kind: z.enum(['live', 'record']),
  destinations: z.array(z.string().max(300)).max(8),
  startedAt: z.number().int().nonnegative(),
  endedAt: z.number().int().nonnegative().optional(),
  durationSeconds: z.number().nonnegative().optional(),
  state: z.enum(RECORDING_STATES),
  recoveredSeconds: z.number().nonnegative().optional(),
  failure: z.enum(RECORDING_FAILURES).optional(),
  /** Offline mode said part of the show never reached its destination: `pending_handoff` once it ends. */
  pendingHandoff: z.boolean().optional(),
  /** The parts of the show that reached no destination, in seconds of the recording (a handoff may send only them). */
  missed: z
    .array(z.object({ startSeconds: z.number().nonnegative(), endSeconds: z.number().nonnegative() }).strict())
    .max(64)
    .optional(),
  /** The process writing it while `recording`: when that process is gone, a crash left the file. */
  ownerPid: z.number().int().positive().optional()
})
export type RecordingEntry = z.output<typeof recordingEntrySchema>

/** Why a file was not read: it was moved aside as `<file>.corrupt-<time>`. */
export interface SetAside {
  file: string
  movedTo: string
}

/**
 * The library's metadata, one JSON file per recording in one folder of the data dir (DESIGN §6): two processes (the
 * app and `onair live`) each write only the recordings they own, so neither loses the other's update as it would
 * with one shared index. Writes are atomic (temp file, fsync, rename): a crash leaves the old file or the new one.
 * Synchronous on purpose: a few hundred bytes, and a CLI that exits right after a show must not lose its last word.
 */
export class RecordingStore {
  constructor(
    readonly dir: string,
    private readonly onSetAside: (s: SetAside) => void = () => {},
    private readonly now: () => number = Date.now
  ) {}

  list(): RecordingEntry[] {
    let names: string[]
    try {
      names = readdirSync(this.dir)
    } catch {
      return []
    }
    const out: RecordingEntry[] = []
    for (const name of names) {
      const id = /^(.+)\.json$/.exec(name)?.[1]
      if (!id || !ID.test(id)) continue
      const entry = this.get(id)
      if (entry) out.push(entry)
    }
    return out
  }

  get(id: string): RecordingEntry | null {
    if (!ID.test(id)) return null
    const file = this.file(id)
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      return null
    }
    const raw = parseJson(text)
    // A file from a newer build: not ours to judge or rewrite.
    if (isNewer(raw)) return null
    const parsed = recordingEntrySchema.safeParse(raw)
    if (parsed.success && parsed.data.id === id) return parsed.data
    this.setAside(file)
    return null
  }

  put(entry: RecordingEntry): void {
    const checked = recordingEntrySchema.parse(entry)
    mkdirSync(this.dir, { recursive: true })
    writeAtomic(this.file(checked.id), `${JSON.stringify(checked, null, 2)}\n`)
  }

  remove(id: string): void {
    if (ID.test(id)) rmSync(this.file(id), { force: true })
  }

  private file(id: string): string {
    return join(this.dir, `${id}.json`)
  }

  private setAside(file: string): void {
    const movedTo = `${file}.corrupt-${this.now()}`
    try {
      renameSync(file, movedTo)
      this.onSetAside({ file, movedTo })
    } catch {
      // Another process moved it first, or the folder is read-only: either way it is not read.
    }
  }
}

/** undefined for text that is not JSON (the schema then refuses it like any other damage). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function isNewer(raw: unknown): boolean {
  const version = (raw as { version?: unknown } | null)?.version
  return typeof version === 'number' && version > RECORDING_ENTRY_VERSION
}

/** Temp file in the same folder (a rename never crosses file systems), flushed to disk, then renamed over the old one. */
export function writeAtomic(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`
  const fd = openSync(temp, 'w', 0o600)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    renameSync(temp, file)
  } catch (e) {
    rmSync(temp, { force: true })
    throw e
  }
}
