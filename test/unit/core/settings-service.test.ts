import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import { OnairCore } from '../../../src/main/core/onair-core'
import { ffmpegPathProblem } from '../../../src/main/core/settings/ffmpeg-path-check'
import { readSettingsText } from '../../../src/main/core/settings/settings-file'
import { SettingsService } from '../../../src/main/core/settings/settings-service'
import type { CoreServices } from '../../../src/main/core/onair-core'
import { DEFAULT_SETTINGS, SETTINGS_VERSION, settingsSchema, type SettingsSnapshot } from '../../../src/shared/settings'

const NOW = Date.UTC(2026, 10, 30, 3, 12, 0)
let dir: string
let file: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'onair-settings-'))
  file = join(dir, 'settings.json')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function service(options: Partial<ConstructorParameters<typeof SettingsService>[0]> = {}) {
  const bus = new EventBus(new SecretRegistry())
  const changes: SettingsSnapshot[] = []
  bus.onDidEmit((event, payload) => event === 'settings:changed' && changes.push(payload as SettingsSnapshot))
  return { settings: new SettingsService({ file, bus, now: () => NOW, ...options }), bus, changes }
}

/** The core with only settings behind it: what every front door calls. */
function core(settings: SettingsService) {
  return new OnairCore({ settings, secrets: new SecretRegistry(), bus: new EventBus(new SecretRegistry()) } as unknown as CoreServices)
}

const onDisk = () => JSON.parse(readFileSync(file, 'utf8'))
const filesBeside = () => readdirSync(dir).sort()

describe('settings schema and defaults', () => {
  it('has a default for every field, and the defaults pass the schema', () => {
    expect(settingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS)
    expect(DEFAULT_SETTINGS).toMatchObject({
      version: SETTINGS_VERSION,
      sources: { video: null, audio: null },
      destinations: [],
      output: { preset: '720p30', width: 1280, height: 720, fps: 30, videoKbps: 3500, encoder: 'auto' },
      recording: { enabled: true, folder: null },
      offline: { enabled: true },
      handoff: { auto: false },
      network: { reconnectWindowMinutes: 30 },
      language: 'auto',
      ffmpegPath: null,
      notifications: { enabled: true }
    })
    expect(DEFAULT_SETTINGS.hotkeys.goLive).not.toBe('')
    expect(DEFAULT_SETTINGS.hotkeys.stop).not.toBe(DEFAULT_SETTINGS.hotkeys.goLive)
  })

  it('reads no file as the defaults, without touching the disk', () => {
    const { settings } = service()
    expect(settings.snapshot()).toEqual({ settings: DEFAULT_SETTINGS })
    expect(filesBeside()).toEqual([])
  })

  it('fills fields a file does not have yet from the defaults, and drops keys that are not ours', () => {
    const read = readSettingsText(
      JSON.stringify({ version: 1, output: { preset: '1080p30', width: 1920, height: 1080, fps: 30, videoKbps: 6000 }, theme: 'dark' })
    )
    expect(read.problem).toBeUndefined()
    expect(read.settings.output).toEqual({ preset: '1080p30', width: 1920, height: 1080, fps: 30, videoKbps: 6000, encoder: 'auto' })
    expect(read.settings.recording).toEqual(DEFAULT_SETTINGS.recording)
    expect(read.settings).not.toHaveProperty('theme')
  })

  it('migrates an older file step by step to this version', () => {
    // Each step runs in turn up to this version; here a version 0 that called the language `lang`.
    const migrations = { 0: (raw: Record<string, unknown>) => ({ ...raw, language: raw.lang, lang: undefined }) }
    const read = readSettingsText(JSON.stringify({ version: 0, lang: 'ko' }), migrations)
    expect(read).toEqual({ settings: { ...DEFAULT_SETTINGS, language: 'ko' } })
    // A version with no way forward is not guessed at.
    expect(readSettingsText(JSON.stringify({ version: 0, lang: 'ko' }), {}).problem).toBe('corrupt')
  })

  it.each([
    ['not JSON', '{"version": 1, "output": '],
    ['not an object', '[1, 2]'],
    ['no version', '{"language": "ko"}'],
    ['a version that is not a number', '{"version": "1"}'],
    ['empty', '']
  ])('reads a file that is %s as corrupt, with the defaults', (_, text) => {
    expect(readSettingsText(text)).toEqual({ settings: DEFAULT_SETTINGS, problem: 'corrupt' })
  })

  it('keeps the valid fields of a file with a bad one, and says it was corrupt', () => {
    const read = readSettingsText(JSON.stringify({ version: 1, language: 'vi', output: { width: 1281 }, hotkeys: { goLive: 'Ctrl+\u0007' } }))
    expect(read.problem).toBe('corrupt')
    expect(read.settings.language).toBe('vi')
    expect(read.settings.output).toEqual(DEFAULT_SETTINGS.output)
    expect(read.settings.hotkeys.goLive).toBe(DEFAULT_SETTINGS.hotkeys.goLive)
  })
})

describe('SettingsService', () => {
  it('saves a change atomically, keeps the rest, and tells every window', async () => {
    const { settings, changes } = service()
    const snap = await settings.set({ output: { preset: '1080p30' }, recording: { enabled: false } })
    expect(snap.settings.output).toMatchObject({ preset: '1080p30', width: 1920, height: 1080, fps: 30, videoKbps: 6000 })
    expect(snap.settings.recording).toEqual({ enabled: false, folder: null })
    expect(onDisk()).toEqual(snap.settings)
    expect(changes).toEqual([snap])
    // No temporary file is left beside it.
    expect(filesBeside()).toEqual(['settings.json'])
    // A new process (the CLI, the app after a restart) reads the same.
    expect(new SettingsService({ file }).current()).toEqual(snap.settings)
  })

  it('takes a change another process made to the file (onair settings set beside the app) before using or saving', async () => {
    const app = service()
    expect(app.settings.current().language).toBe('auto')
    const cli = new SettingsService({ file })
    await cli.set({ language: 'ko' })
    // The app sees it at its next use, and tells its windows.
    expect(app.settings.current().language).toBe('ko')
    expect(app.changes.map((c) => c.settings.language)).toEqual(['ko'])
    // Its next save keeps the other process's change.
    await app.settings.set({ output: { preset: '480p30' } })
    expect(onDisk()).toMatchObject({ language: 'ko', output: { preset: '480p30' } })
    expect(cli.current().output.preset).toBe('480p30')
    // Nothing changed: nothing told.
    app.settings.current()
    expect(app.changes).toHaveLength(2)
  })

  it('writes changes in the order they came', async () => {
    const { settings } = service()
    const done = await Promise.all(Array.from({ length: 20 }, (_, i) => settings.set({ network: { reconnectWindowMinutes: i + 1 } })))
    expect(done.at(-1)?.settings.network.reconnectWindowMinutes).toBe(20)
    expect(onDisk().network.reconnectWindowMinutes).toBe(20)
    expect(filesBeside()).toEqual(['settings.json'])
  })

  it('keeps the settings and the file as they were when the write fails (full or read-only disk)', async () => {
    const first = service()
    await first.settings.set({ language: 'ko' })
    const before = readFileSync(file, 'utf8')
    const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
    const { settings, changes } = service({ write: () => Promise.reject(full) })
    await expect(settings.set({ language: 'vi' })).rejects.toMatchObject({ value: { code: 'settings_unsaved', retryable: true, data: { reason: 'ENOSPC' } } })
    expect(settings.current().language).toBe('ko')
    expect(readFileSync(file, 'utf8')).toBe(before)
    expect(changes).toEqual([])
    // The next change goes through once the disk has room.
    await expect(service().settings.set({ language: 'vi' })).resolves.toMatchObject({ settings: { language: 'vi' } })
  })

  it('keeps the old file when the folder is read-only', async () => {
    if (process.getuid?.() === 0) return // root writes into a read-only folder anyway
    await service().settings.set({ language: 'ko' })
    chmodSync(dir, 0o500)
    try {
      await expect(service().settings.set({ language: 'vi' })).rejects.toMatchObject({ value: { code: 'settings_unsaved' } })
      expect(onDisk().language).toBe('ko')
    } finally {
      chmodSync(dir, 0o700)
    }
    expect(filesBeside()).toEqual(['settings.json'])
  })

  it('sets a corrupt file aside, reports it, uses the defaults, and never throws', async () => {
    writeFileSync(file, '{"version": 1, "language": ')
    const { settings } = service()
    const snap = settings.snapshot()
    expect(snap.settings).toEqual(DEFAULT_SETTINGS)
    expect(snap.recovered).toEqual({ reason: 'corrupt', keptAs: `${file}.corrupt-20261130T031200Z`, at: NOW })
    expect(readFileSync(`${file}.corrupt-20261130T031200Z`, 'utf8')).toBe('{"version": 1, "language": ')
    // The report stays for this run (a window opened later sees it too); the next save writes a good file.
    const saved = await settings.set({ language: 'en' })
    expect(saved.recovered?.reason).toBe('corrupt')
    expect(onDisk().language).toBe('en')
  })

  it('saves what could be kept of a damaged file at once', async () => {
    writeFileSync(file, JSON.stringify({ version: 1, language: 'vi', output: { fps: 'thirty' } }))
    const { settings } = service()
    expect(settings.current().language).toBe('vi')
    await settings.set({})
    expect(onDisk()).toMatchObject({ version: 1, language: 'vi', output: DEFAULT_SETTINGS.output })
    expect(filesBeside()).toEqual(['settings.json', 'settings.json.corrupt-20261130T031200Z'])
  })

  it('sets aside a file written by a newer Onair and trusts nothing in it', () => {
    const newer = JSON.stringify({ version: SETTINGS_VERSION + 1, language: 'ko', output: { preset: 'hdr4k' } })
    writeFileSync(file, newer)
    const snap = service().settings.snapshot()
    expect(snap.settings).toEqual(DEFAULT_SETTINGS)
    expect(snap.recovered).toMatchObject({ reason: 'newer', keptAs: `${file}.newer-20261130T031200Z` })
    expect(readFileSync(`${file}.newer-20261130T031200Z`, 'utf8')).toBe(newer)
    expect(existsSync(file)).toBe(false)
  })

  it('treats a folder in the file’s place as corrupt instead of crashing', () => {
    mkdirSync(file)
    const snap = service().settings.snapshot()
    expect(snap.settings).toEqual(DEFAULT_SETTINGS)
    expect(snap.recovered?.reason).toBe('corrupt')
  })
})

describe('the ffmpeg program a window may choose', () => {
  it.each([
    ['the ffmpeg on this computer', () => '/usr/bin/ffmpeg', null],
    ['another program', () => '/bin/sh', /Choose the ffmpeg program itself: a file called ffmpeg/],
    ['a missing file', () => '/opt/nowhere/ffmpeg', /There is no ffmpeg at/],
    ['a folder named ffmpeg', () => (mkdirSync(join(dir, 'ffmpeg')), join(dir, 'ffmpeg')), /is a folder, not the program/],
    ['a file that cannot be run', () => (writeFileSync(join(dir, 'ffmpeg'), ''), join(dir, 'ffmpeg')), /cannot be run/]
  ])('%s', (_, path, problem) => {
    const p = path()
    if (problem) expect(ffmpegPathProblem(p, 'linux')).toMatch(problem)
    else if (existsSync(p)) expect(ffmpegPathProblem(p, 'linux')).toBeNull()
  })

  it('is refused by settings:set with the field named, and nothing is saved', async () => {
    const c = core(service().settings)
    expect(await c.dispatch('settings:set', { ffmpegPath: '/bin/sh' })).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'ffmpegPath' } })
    expect(existsSync(file)).toBe(false)
    expect(await c.dispatch('settings:set', { ffmpegPath: null })).toMatchObject({ ok: true, value: { settings: { ffmpegPath: null } } })
  })
})

describe('settings:get and settings:set through the core', () => {
  it('gives the whole settings and applies a partial patch', async () => {
    const c = core(service().settings)
    expect(await c.dispatch('settings:get', {})).toEqual({ ok: true, value: { settings: DEFAULT_SETTINGS } })
    const set = await c.dispatch('settings:set', {
      sources: { video: 'screen:0', audio: 'mic:default' },
      destinations: [{ provider: 'naver', profile: 'default', channelId: 'ls-1', channelName: '아침 라이브', hasBackup: true, backup: true }]
    })
    expect(set).toMatchObject({
      ok: true,
      value: { settings: { sources: { video: 'screen:0', audio: 'mic:default' }, destinations: [{ channelName: '아침 라이브' }] } }
    })
    expect(await c.dispatch('settings:get', {})).toEqual(set)
  })

  it.each([
    ['an unknown section', { theme: 'dark' }, undefined],
    ['an unknown field in a section', { output: { crf: 20 } }, 'output'],
    ['an odd width', { output: { width: 1279 } }, 'output.width'],
    ['a reconnect window of a day', { network: { reconnectWindowMinutes: 1440 } }, 'network.reconnectWindowMinutes'],
    ['a relative recording folder', { recording: { folder: 'recordings' } }, 'recording.folder'],
    ['a language we do not have', { language: 'fr' }, 'language'],
    ['a source that is a URL', { sources: { video: 'file:http://example.com/a.mp4' } }, 'sources.video'],
    ['five destinations', { destinations: Array.from({ length: 5 }, (_, i) => ({ provider: 'custom', profile: `p${i}` })) }, 'destinations'],
    ['a megabyte of ffmpeg path', { ffmpegPath: `/${'a'.repeat(1_000_000)}` }, 'ffmpegPath'],
    ['a hotkey with a control character', { hotkeys: { goLive: 'Ctrl+\u001b[2J' } }, 'hotkeys.goLive']
  ])('refuses %s and saves nothing', async (_, patch, field) => {
    const c = core(service().settings)
    const result = await c.dispatch('settings:set', patch)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    if (field && !result.ok) expect(result.error.field).toBe(field)
    expect(existsSync(file)).toBe(false)
  })
})
