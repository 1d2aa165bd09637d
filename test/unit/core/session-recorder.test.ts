import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import { SessionHistory } from '../../../src/main/core/sessions/session-history'
import { SessionRecorder } from '../../../src/main/core/sessions/session-recorder'
import type { LiveHealth, LiveSnapshot, LiveStats } from '../../../src/shared/live'
import type { RecordingSummary } from '../../../src/shared/recordings'

const ID = '6f1c1c9e-7a40-4c1e-9d53-1b2f3a4b5c6d'
const KEY = 'live_sk_9f8e7d6c5b4a3210'

describe('session recorder and history', () => {
  let dir: string
  let clock: number
  let secrets: SecretRegistry
  let bus: EventBus
  let recorder: SessionRecorder
  const file = (id = ID) => join(dir, `${id}.ndjson`)
  const lines = (id = ID) =>
    readFileSync(file(id), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  const snap = (state: LiveSnapshot['state'], destinationState: LiveSnapshot['state'] = state, extra: Partial<LiveSnapshot> = {}): LiveSnapshot => ({
    sessionId: ID,
    state,
    startedAt: 1_000_000,
    sources: { video: 'testsrc', audio: 'sine' },
    destinations: [{ id: 'd1', provider: 'custom', profile: 'default', label: 'rtmp://127.0.0.1:1935/live', state: destinationState }],
    log: [],
    ...extra
  })
  const stats = (kbps: number): LiveStats => ({
    time: clock,
    fps: 30,
    bitrateKbps: 2500,
    speed: 1,
    droppedFrames: 0,
    duplicatedFrames: 0,
    destinations: [{ id: 'd1', bytesSent: 1, kbps, congestion: 0, droppedFrames: 0, reconnects: 0 }]
  })
  const history = (extra: Partial<ConstructorParameters<typeof SessionHistory>[0]> = {}) =>
    new SessionHistory({ dir, currentId: () => recorder.currentId(), processAlive: () => false, ...extra })
  const tick = () => new Promise((r) => setTimeout(r, 80))

  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'onair-sessions-')), 'sessions')
    clock = 1_000_000
    secrets = new SecretRegistry()
    bus = new EventBus(secrets)
    recorder = new SessionRecorder({ bus, secrets, dir, now: () => clock, flushMs: 40 })
    recorder.start()
  })
  afterEach(() => {
    recorder.dispose()
    rmSync(join(dir, '..'), { recursive: true, force: true })
  })

  it('writes the show as it happens: header at once, then state changes, a stats sample every 2 s, health changes, log lines, the end with its summary', async () => {
    bus.emit('live:state', snap('preparing', 'preparing'))
    // The header is on disk before anything else happens.
    expect(lines()).toEqual([
      expect.objectContaining({ t: 'header', id: ID, start: 1_000_000, pid: process.pid, sources: { video: 'testsrc', audio: 'sine' } })
    ])
    bus.emit('live:state', snap('connecting', 'connecting', { recordingPath: '/rec/show.mkv' }))
    clock += 1000
    bus.emit('live:state', snap('live', 'live', { liveSince: clock }))
    bus.emit('live:state', snap('live', 'live', { liveSince: clock })) // no change: no line
    for (let s = 0; s < 6; s++) {
      clock += 1000
      bus.emit('live:stats', stats(2500))
      bus.emit('live:health', { time: clock, level: 'excellent', reasons: [], causes: [] } as LiveHealth)
    }
    bus.emit('live:health', {
      time: clock,
      level: 'acceptable',
      reasons: ['network congestion 17 %'],
      causes: [{ code: 'congestion', percent: 17 }]
    } as LiveHealth)
    bus.emit('live:health', {
      time: clock,
      level: 'acceptable',
      reasons: ['network congestion 21 %'],
      causes: [{ code: 'congestion', percent: 21 }]
    } as LiveHealth) // same reason, new figure
    bus.emit('log:event', { time: clock, level: 'warn', code: 'pusher.reconnecting', message: 'lost', data: { id: 'd1', attempt: 1 } })
    await tick()
    // On disk within the flush period, before the show ends.
    expect(lines().map((l) => l.t)).toEqual(['header', 'state', 'state', 'state', 'stats', 'health', 'stats', 'stats', 'health', 'log'])
    clock += 500
    bus.emit('live:state', snap('ending', 'live'))
    bus.emit('live:state', snap('ended', 'ended', { recording: { path: '/rec/show.mkv', complete: true, seconds: 7.5 } }))
    // The session's last log line comes right after its final state: it goes in before the end line.
    bus.emit('log:event', { time: clock, level: 'info', code: 'live.ended', message: 'The live session ended' })
    await tick()
    const all = lines()
    expect(all.slice(-5).map((l) => l.t)).toEqual(['state', 'state', 'recording', 'log', 'end'])
    expect(all.at(-1)).toMatchObject({
      t: 'end',
      ending: 'clean',
      summary: {
        id: ID,
        ending: 'clean',
        durationSeconds: 7.5,
        onAirSeconds: 6.5,
        outages: 0,
        recordedSeconds: 7.5,
        destinations: ['rtmp://127.0.0.1:1935/live']
      }
    })
    expect(recorder.currentId()).toBeNull()
    // A later event of nobody's show writes nothing more.
    bus.emit('log:event', { time: clock, level: 'info', code: 'x', message: 'x' })
    await tick()
    expect(lines()).toHaveLength(all.length)
  })

  it('no secret reaches the file: the session key, and key-shaped text nobody registered', async () => {
    secrets.add(KEY)
    bus.emit(
      'live:state',
      snap('live', 'live', { destinations: [{ id: 'd1', provider: 'custom', profile: 'default', label: `rtmp://h/live/${KEY}`, state: 'live' }] })
    )
    bus.emit('log:event', {
      time: clock,
      level: 'error',
      code: 'error.ingest_failed',
      message: `push to rtmp://h/live/${KEY} failed`,
      data: { url: `rtmp://h/live/${KEY}` }
    })
    bus.emit('log:event', { time: clock, level: 'info', code: 'x', message: 'rtmp://other.example/app/sk_unregistered_0123456789 password=hunter2-abc' })
    bus.emit('live:state', snap('failed', 'failed', { error: { code: 'ingest_failed', message: `rtmp://h/live/${KEY} refused`, retryable: false } }))
    await tick()
    const text = readFileSync(file(), 'utf8')
    expect(text).not.toContain(KEY)
    expect(text).not.toContain('sk_unregistered_0123456789')
    expect(text).not.toContain('hunter2')
    expect(lines().at(-1)).toMatchObject({ t: 'end', ending: 'failed', error: { code: 'ingest_failed' } })
  })

  it('beats once a second while nothing happens, so a crash is dated to its last second', async () => {
    bus.emit('live:state', snap('live'))
    await tick()
    expect(lines().at(-1)).toMatchObject({ t: 'state' })
    clock += 1000
    await tick()
    expect(lines().at(-1)).toEqual({ t: 'beat', time: clock })
    expect(lines().filter((l) => l.t === 'beat')).toHaveLength(1)
  })

  it('a show a crash left open is closed as crashed at the next start, with the figures it has; a second start changes nothing', async () => {
    bus.emit('live:state', snap('live', 'live', { liveSince: clock }))
    for (let s = 0; s < 4; s++) {
      clock += 2000
      bus.emit('live:stats', stats(2400))
    }
    await tick()
    // The process dies: no end line. (dispose lets go of the file without one, as a kill would.)
    recorder.dispose()
    appendFileSync(file(), '{"t":"stats","time":') // torn by the kill mid-write
    const first = history()
    expect(await first.recover()).toBe(1)
    const [summary] = await first.list()
    expect(summary).toMatchObject({ id: ID, ending: 'crashed', durationSeconds: 8, onAirSeconds: 8 })
    const detail = await first.get(ID)
    expect(detail.report).toMatchObject({ ending: 'crashed', durationSeconds: 8, bitrate: { meanKbps: 2400, minKbps: 2400 } })
    expect(detail.samples).toHaveLength(4)
    // The torn line stays on its own line and is skipped; the file ends with the crash's end line.
    expect(readFileSync(file(), 'utf8').split('\n').filter(Boolean).at(-2)).toBe('{"t":"stats","time":')
    const again = history()
    expect(await again.recover()).toBe(0)
    expect(await again.list()).toEqual([summary])
    expect(readFileSync(file(), 'utf8').match(/"t":"end"/g)).toHaveLength(1)
  })

  it('a show still on in another process is listed as running, and not closed; one silent for long is a crash even if its pid lives on', async () => {
    bus.emit('live:state', snap('live', 'live', { liveSince: clock }))
    await tick()
    recorder.dispose()
    const alive = history({ processAlive: () => true })
    expect(await alive.recover()).toBe(0)
    expect(await alive.list()).toEqual([expect.objectContaining({ id: ID, ending: 'running' })])
    expect((await alive.get(ID)).report.ending).toBe('running')
    // The pid was reused by something else: the file has not moved for a minute.
    const old = (Date.now() - 60_000) / 1000
    utimesSync(file(), old, old)
    const later = history({ processAlive: () => true })
    expect(await later.recover()).toBe(1)
    expect((await later.list())[0].ending).toBe('crashed')
  })

  it("this process's own show is running, never a crash", async () => {
    bus.emit('live:state', snap('live'))
    await tick()
    const h = history()
    expect(await h.recover()).toBe(0)
    expect((await h.list())[0]).toMatchObject({ ending: 'running' })
  })

  it('lists newest first across restarts; reads past corrupt lines and foreign files; ids never reach outside the folder', async () => {
    const ids = ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000003']
    for (const [i, id] of ids.entries()) {
      clock = 2_000_000 + i * 100_000
      bus.emit('live:state', { ...snap('live', 'live', { liveSince: clock }), sessionId: id, startedAt: clock })
      clock += 3000
      bus.emit('live:state', { ...snap('ended'), sessionId: id, startedAt: clock - 3000 })
      await tick()
    }
    // A hand edit, a torn write, and files that are not sessions.
    const middle = file(ids[1])
    const text = readFileSync(middle, 'utf8').split('\n')
    writeFileSync(middle, [text[0], 'garbage {', '{"t":"state"}', ...text.slice(1)].join('\n'))
    writeFileSync(join(dir, 'notes.txt'), 'hello')
    writeFileSync(join(dir, '..hidden.ndjson'), '{}')
    mkdirSync(join(dir, 'sub.ndjson'))
    const h = history()
    expect((await h.list()).map((s) => s.id)).toEqual([...ids].reverse())
    expect((await h.list(1)).map((s) => s.id)).toEqual([ids[2]])
    expect(await h.get(ids[1])).toMatchObject({ report: { ending: 'clean', durationSeconds: 3 }, recording: null })
    // The recordings library's word on the show's recording comes with it (and a library that fails does not stop the read).
    const library = { id: 'r1', sessionId: ids[1], state: 'repaired' } as unknown as RecordingSummary
    expect((await history({ recordingOf: async (id) => (id === ids[1] ? library : null) }).get(ids[1])).recording).toBe(library)
    expect((await history({ recordingOf: () => Promise.reject(new Error('x')) }).get(ids[1])).recording).toBeNull()
    for (const bad of ['../../etc/passwd', '..', 'a/b', '', 'x'.repeat(65), `${ids[0]}.ndjson`]) {
      await expect(h.get(bad)).rejects.toMatchObject({ code: 'invalid_request' })
    }
    await expect(h.get('aaaaaaaa-0000-4000-8000-00000000dead')).rejects.toMatchObject({ code: 'not_found' })
    expect(readdirSync(dir).filter((n) => n.endsWith('.ndjson')).length).toBe(5)
  })

  it('no data dir to write into: the show goes on without history', () => {
    writeFileSync(join(dir, '..', 'blocked'), '')
    const blocked = new SessionRecorder({ bus, secrets, dir: join(dir, '..', 'blocked', 'sessions'), now: () => clock })
    blocked.start()
    expect(() => bus.emit('live:state', snap('live'))).not.toThrow()
    expect(blocked.currentId()).toBeNull()
    blocked.dispose()
  })
})
