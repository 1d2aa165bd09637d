import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RecordingStore, writeAtomic, type RecordingEntry, type SetAside } from '../../../src/main/core/recordings/recording-store'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'onair-recstore-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const entry = (over: Partial<RecordingEntry> = {}): RecordingEntry => ({
  version: 1,
  id: '11111111-2222-3333-4444-555555555555',
  path: '/recordings/2026-01-01_00-00-00-방송.mkv',
  sessionId: 'session-1',
  kind: 'live',
  destinations: ['NAVER · 아침 라이브', 'Custom RTMP · 127.0.0.1/live'],
  startedAt: 1_700_000_000_000,
  state: 'recording',
  ownerPid: 4242,
  ...over
})

describe('RecordingStore: one schema-checked JSON file per recording', () => {
  it('writes and reads an entry back as it was (names as written, no extra keys)', () => {
    const store = new RecordingStore(join(tempDir(), 'library'))
    store.put(entry())
    expect(store.get(entry().id)).toEqual(entry())
    expect(store.list()).toEqual([entry()])
    store.put(entry({ state: 'complete', durationSeconds: 12.3, ownerPid: undefined }))
    expect(store.get(entry().id)).toMatchObject({ state: 'complete', durationSeconds: 12.3 })
    store.remove(entry().id)
    expect(store.list()).toEqual([])
  })

  it('an empty or missing folder is an empty library', () => {
    expect(new RecordingStore(join(tempDir(), 'not-there')).list()).toEqual([])
  })

  it.each([
    ['not JSON', '{"version":1,"id":'],
    ['a state nobody knows', JSON.stringify({ ...entry(), state: 'exploded' })],
    ['a negative start', JSON.stringify({ ...entry(), startedAt: -1 })],
    ['an id that is not its file name', JSON.stringify({ ...entry(), id: '99999999-2222-3333-4444-555555555555' })],
    ['an empty path', JSON.stringify({ ...entry(), path: '' })]
  ])('a damaged file (%s) is moved aside, kept, and not listed; the others still are', (_name, text) => {
    const dir = tempDir()
    const setAside: SetAside[] = []
    const store = new RecordingStore(
      dir,
      (s) => setAside.push(s),
      () => 123
    )
    const good = entry({ id: 'aaaaaaaa-2222-3333-4444-555555555555' })
    store.put(good)
    writeFileSync(join(dir, `${entry().id}.json`), text)
    expect(store.list()).toEqual([good])
    expect(setAside).toEqual([{ file: join(dir, `${entry().id}.json`), movedTo: join(dir, `${entry().id}.json.corrupt-123`) }])
    // Kept byte for byte beside the library, for whoever wants to look.
    expect(readFileSync(join(dir, `${entry().id}.json.corrupt-123`), 'utf8')).toBe(text)
    expect(store.list()).toEqual([good])
  })

  it('a file from a newer version is left alone (not read, not moved, not overwritten by a list)', () => {
    const dir = tempDir()
    const store = new RecordingStore(dir)
    const newer = JSON.stringify({ ...entry(), version: 2, somethingNew: true })
    writeFileSync(join(dir, `${entry().id}.json`), newer)
    expect(store.list()).toEqual([])
    expect(readFileSync(join(dir, `${entry().id}.json`), 'utf8')).toBe(newer)
  })

  it('keys a newer build added are dropped on read, the entry still read', () => {
    const dir = tempDir()
    writeFileSync(join(dir, `${entry().id}.json`), JSON.stringify({ ...entry(), uploadedTo: 's3://bucket/key' }))
    expect(new RecordingStore(dir).get(entry().id)).toEqual(entry())
  })

  it('refuses to write an entry that does not fit the schema (nothing written)', () => {
    const dir = tempDir()
    const store = new RecordingStore(dir)
    expect(() => store.put(entry({ destinations: Array.from({ length: 9 }, () => 'x') }))).toThrow()
    expect(readdirSync(dir)).toEqual([])
  })

  it('ids that could name another file are never read or removed', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'victim.json'), '{}')
    const store = new RecordingStore(join(dir, 'library'))
    expect(store.get('../victim')).toBeNull()
    store.remove('../victim')
    expect(readdirSync(dir)).toContain('victim.json')
  })
})

describe('writeAtomic', () => {
  it('replaces the whole file and leaves no temporary file behind', () => {
    const dir = tempDir()
    const file = join(dir, 'x.json')
    writeAtomic(file, 'old')
    writeAtomic(file, 'new content')
    expect(readFileSync(file, 'utf8')).toBe('new content')
    expect(readdirSync(dir)).toEqual(['x.json'])
  })

  it('a write that fails keeps the old file as it was', () => {
    const dir = tempDir()
    const file = join(dir, 'x.json')
    writeAtomic(file, 'old')
    // Something in the way of the temporary file: the write fails before the old file is touched.
    mkdirSync(`${file}.${process.pid}.tmp`)
    expect(() => writeAtomic(file, 'new')).toThrow()
    expect(readFileSync(file, 'utf8')).toBe('old')
  })
})
