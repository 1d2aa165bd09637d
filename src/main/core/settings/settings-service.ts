import { readFileSync, renameSync, statSync } from 'node:fs'
import { onairError } from '../../../shared/errors'
import { settingsSchema, type Settings, type SettingsPatch, type SettingsRecovery, type SettingsSnapshot } from '../../../shared/settings'
import { writeFileAtomic } from '../atomic-file'
import type { EventBus } from '../events/event-bus'
import { ffmpegPathProblem } from './ffmpeg-path-check'
import { readSettingsText } from './settings-file'
import { applySettingsPatch } from './settings-patch'

export interface SettingsServiceOptions {
  /** `settings.json` in the data dir. */
  file: string
  bus?: EventBus
  now?: () => number
  platform?: NodeJS.Platform
  /** Tests: a write that fails like a full or read-only disk. */
  write?: (path: string, data: string) => Promise<void>
}

/**
 * The settings (DESIGN §3): one schema-checked JSON file, read on first use, written atomically on each change,
 * told to every window as `settings:changed`. A file that cannot be read as ours is renamed aside, reported in the
 * snapshot (`recovered`), and the defaults used: a broken file never stops the app or the CLI.
 */
export class SettingsService {
  private loaded: SettingsSnapshot | null = null
  private stamp: string | null = null
  /** Changes are written one after another, in the order they came. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: SettingsServiceOptions) {}

  /** The settings now (read from the file the first time). */
  current(): Settings {
    return this.load().settings
  }

  snapshot(): SettingsSnapshot {
    return structuredClone(this.load())
  }

  /** Applies a checked patch, writes the file, tells every window; the settings stay as they were when the write fails. */
  set(patch: SettingsPatch): Promise<SettingsSnapshot> {
    const run = this.queue.then(() => this.apply(patch))
    this.queue = run.catch(() => undefined)
    return run
  }

  private async apply(patch: SettingsPatch): Promise<SettingsSnapshot> {
    const before = this.load()
    const ffmpeg = typeof patch.ffmpegPath === 'string' ? ffmpegPathProblem(patch.ffmpegPath, this.options.platform) : null
    if (ffmpeg) throw onairError('invalid_request', ffmpeg, { field: 'ffmpegPath' })
    const parsed = settingsSchema.safeParse(applySettingsPatch(before.settings, patch))
    // The patch schema checks each field; this checks what they make together.
    if (!parsed.success) throw onairError('invalid_request', `These settings do not fit together: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
    try {
      await this.write(parsed.data)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      throw onairError('settings_unsaved', `The settings could not be saved to ${this.options.file} (${code ?? 'write failed'}); they stay as they were.`, {
        retryable: true,
        ...(code ? { data: { reason: code } } : {})
      })
    }
    this.loaded = { ...before, settings: parsed.data }
    const snapshot = this.snapshot()
    this.options.bus?.emit('settings:changed', snapshot)
    return snapshot
  }

  private async write(settings: Settings): Promise<void> {
    await (this.options.write ?? writeFileAtomic)(this.options.file, `${JSON.stringify(settings, null, 2)}\n`)
    this.stamp = this.fileStamp()
  }

  /**
   * The file as last read or written: its inode (each atomic write makes a new one), size and time. Another process
   * (`onair settings set` beside the app, a second app) changes it; then the file is read again before it is used, so
   * a change made there is neither missed nor overwritten by the next save here.
   */
  private fileStamp(): string | null {
    try {
      const st = statSync(this.options.file)
      return `${st.ino}:${st.size}:${st.mtimeMs}`
    } catch {
      return null
    }
  }

  private load(): SettingsSnapshot {
    if (this.loaded) {
      if (this.fileStamp() === this.stamp) return this.loaded
      const before = this.loaded
      const after = this.read()
      // What was set aside at start stays reported for this run.
      if (!after.recovered && before.recovered) after.recovered = before.recovered
      if (JSON.stringify(after.settings) !== JSON.stringify(before.settings)) this.options.bus?.emit('settings:changed', structuredClone(after))
      return after
    }
    return this.read()
  }

  private read(): SettingsSnapshot {
    const { file } = this.options
    let text: string | null = null
    let unreadable = false
    try {
      text = readFileSync(file, 'utf8')
    } catch (e) {
      // No file yet is the first run; any other failure (a folder in its place, no permission) is a broken file.
      unreadable = (e as NodeJS.ErrnoException).code !== 'ENOENT'
    }
    const read = unreadable ? { settings: readSettingsText(null).settings, problem: 'corrupt' as const } : readSettingsText(text)
    this.loaded = { settings: read.settings }
    if (read.problem) {
      this.loaded.recovered = this.keepAside(read.problem)
      // What could be kept of a damaged file is saved at once, so the next start does not lose it too.
      if (read.problem === 'corrupt') this.queue = this.queue.then(() => this.write(read.settings)).catch(() => undefined)
    }
    this.stamp = this.fileStamp()
    return this.loaded
  }

  /** Renames the file out of the way (`settings.json.corrupt-20261130T031200Z`), so the next write does not overwrite it. */
  private keepAside(reason: SettingsRecovery['reason']): SettingsRecovery {
    const at = this.options.now?.() ?? Date.now()
    const stamp = new Date(at)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')
    const keptAs = `${this.options.file}.${reason}-${stamp}`
    try {
      renameSync(this.options.file, keptAs)
      return { reason, keptAs, at }
    } catch {
      // Cannot be moved (read-only folder): it stays where it is, and the next save tries to replace it.
      return { reason, keptAs: this.options.file, at }
    }
  }
}
