import { describe, expect, it } from 'vitest'
import type { SessionLine } from '../../../src/main/core/sessions/session-lines'
import { parseSessionText } from '../../../src/main/core/sessions/session-lines'
import { sessionEndLine, sessionReport, sessionSummary } from '../../../src/main/core/sessions/session-report'

/** A show written as the recorder writes it, in seconds from its start (T0). */
const T0 = Date.UTC(2026, 10, 30, 3, 0, 0)
const at = (s: number) => T0 + s * 1000
type Dest = { id: string; state: string; label?: string; provider?: string; error?: { code: string; message: string } }
const dest = (d: Dest) => ({ provider: d.provider ?? 'custom', profile: 'default', label: d.label ?? `rtmp://ingest-${d.id}/live`, ...d })

function header(destinations: Dest[] = []): SessionLine {
  return {
    t: 'header',
    v: 1,
    id: 'show-1',
    start: T0,
    pid: 1,
    sources: { video: 'testsrc', audio: 'sine' },
    destinations: destinations.map(dest)
  } as SessionLine
}
const state = (s: number, show: string, destinations: Dest[], extra: Record<string, unknown> = {}) =>
  ({ t: 'state', time: at(s), state: show, destinations: destinations.map(dest), ...extra }) as SessionLine
const stats = (s: number, per: Array<[string, number, number?]>, extra: Record<string, number> = {}) =>
  ({
    t: 'stats',
    time: at(s),
    fps: 30,
    bitrateKbps: 2500,
    speed: 1,
    droppedFrames: 0,
    duplicatedFrames: 0,
    destinations: per.map(([id, kbps, congestion]) => ({ id, kbps, congestion: congestion ?? 0, droppedFrames: 0, reconnects: 0 })),
    ...extra
  }) as SessionLine
const log = (s: number, code: string, data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  ({ t: 'log', time: at(s), level: 'info', code, message: code, data, ...extra }) as SessionLine
const health = (s: number, level: string) => ({ t: 'health', time: at(s), level, reasons: [] }) as SessionLine
const end = (s: number, ending: 'clean' | 'failed', error?: { code: string; message: string }) =>
  ({ t: 'end', time: at(s), ending, ...(error ? { error } : {}) }) as SessionLine

/** One destination: live at 2 s, lost at 10 s (the ingest went away), back at 20 s, stopped at 30 s. */
const oneOutage: SessionLine[] = [
  header(),
  state(0, 'preparing', []),
  state(1, 'connecting', [{ id: 'd1', state: 'connecting' }], { recordingPath: '/rec/show.mkv' }),
  state(2, 'live', [{ id: 'd1', state: 'live' }], { liveSince: at(2) }),
  stats(4, [['d1', 2500]]),
  stats(6, [['d1', 2400]], { speed: 0.97 }),
  health(6, 'excellent'),
  state(10, 'reconnecting', [{ id: 'd1', state: 'reconnecting' }]),
  log(10, 'pusher.reconnecting', { id: 'd1', attempt: 1, cause: 'ingest_unreachable' }),
  health(10, 'offline'),
  stats(12, [['d1', 0]]),
  log(12, 'pusher.reconnecting', { id: 'd1', attempt: 2, cause: 'ingest_unreachable' }),
  stats(14, [['d1', 0]]),
  state(20, 'live', [{ id: 'd1', state: 'live' }]),
  log(20, 'pusher.reconnected', { id: 'd1' }),
  health(20, 'unstable'),
  stats(22, [['d1', 2500]], { droppedFrames: 3 }),
  state(29, 'ending', [{ id: 'd1', state: 'live' }]),
  { t: 'recording', time: at(30), path: '/rec/show.mkv', complete: true, seconds: 28.5 } as SessionLine,
  state(30, 'ended', [{ id: 'd1', state: 'ended' }]),
  end(30, 'clean')
]

describe('session report', () => {
  it('a show with one outage: when it started, how long, why, how it came back, and the figures around it', () => {
    const r = sessionReport(oneOutage, { id: 'show-1' })
    expect(r).toMatchObject({
      id: 'show-1',
      start: T0,
      end: at(30),
      durationSeconds: 30,
      ending: 'clean',
      liveSince: at(2),
      // 2 → 10 and 20 → 29 (ending keeps it live until the pushes stop at 30)
      onAirSeconds: 18,
      recordedSeconds: 28.5,
      reconnects: 1,
      outages: [{ start: at(10), seconds: 10, cause: 'ingest_unreachable', recovery: 'reconnected', attempts: 2, destinations: ['d1'] }],
      bitrate: { meanKbps: 1480, minKbps: 0 },
      encoderSpeedMin: 0.97,
      droppedFrames: 3,
      recording: { path: '/rec/show.mkv', seconds: 28.5, complete: true }
    })
    // excellent 6→10, offline 10→20, unstable 20→30
    expect(r.health).toEqual({ excellent: 0.167, acceptable: 0, unstable: 0.417, offline: 0.417 })
    expect(r.destinations).toEqual([
      expect.objectContaining({ id: 'd1', finalState: 'ended', onAirSeconds: 18, reconnects: 1, outages: r.outages.map(({ destinations: _, ...o }) => o) })
    ])
  })

  it.each([
    {
      name: 'ended while still off air: the outage lasts to the end, recovered by nothing',
      lines: [
        ...oneOutage.slice(0, 13),
        state(25, 'ending', [{ id: 'd1', state: 'reconnecting' }]),
        state(26, 'ended', [{ id: 'd1', state: 'ended' }]),
        end(26, 'clean')
      ],
      outages: [{ start: at(10), seconds: 16, recovery: 'ended', cause: 'ingest_unreachable' }]
    },
    {
      name: 'two outages, the second without a cause in the log',
      lines: [
        header(),
        state(0, 'live', [{ id: 'd1', state: 'live' }], { liveSince: at(0) }),
        state(5, 'reconnecting', [{ id: 'd1', state: 'reconnecting' }]),
        log(5, 'pusher.reconnecting', { id: 'd1', attempt: 1, cause: 'ingest_failed' }),
        state(7, 'live', [{ id: 'd1', state: 'live' }]),
        state(9, 'reconnecting', [{ id: 'd1', state: 'reconnecting' }]),
        state(12.5, 'live', [{ id: 'd1', state: 'live' }]),
        end(20, 'clean')
      ],
      outages: [
        { start: at(5), seconds: 2, cause: 'ingest_failed', recovery: 'reconnected', attempts: 1 },
        { start: at(9), seconds: 3.5, recovery: 'reconnected', attempts: 0 }
      ]
    },
    {
      name: 'a destination that gives up (failed) mid-show: off air until the end, its error as the cause',
      lines: [
        header(),
        state(0, 'live', [{ id: 'd1', state: 'live' }], { liveSince: at(0) }),
        state(5, 'live', [{ id: 'd1', state: 'failed', error: { code: 'ingest_rejected_key', message: 'refused' } }]),
        state(8, 'failed', [{ id: 'd1', state: 'failed' }]),
        end(8, 'failed', { code: 'ingest_rejected_key', message: 'refused' })
      ],
      outages: [{ start: at(5), seconds: 3, cause: 'ingest_rejected_key', recovery: 'failed' }]
    },
    {
      name: 'the show failing at its end is not an outage',
      lines: [
        header(),
        state(0, 'live', [{ id: 'd1', state: 'live' }], { liveSince: at(0) }),
        state(8, 'failed', [{ id: 'd1', state: 'failed' }]),
        end(8, 'failed', { code: 'encoder_failed', message: 'x' })
      ],
      outages: []
    },
    {
      name: 'connecting before the first live is not an outage',
      lines: [header(), state(0, 'connecting', [{ id: 'd1', state: 'connecting' }]), state(3, 'live', [{ id: 'd1', state: 'live' }]), end(5, 'clean')],
      outages: []
    }
  ])('outages: $name', ({ lines, outages }) => {
    const r = sessionReport(lines, { id: 'x' })
    expect(r.outages).toEqual(outages.map((o) => expect.objectContaining(o)))
  })

  it('a crashed show (no end line): crashed, its duration from its last line, an outage open at the crash, the recording as far as written', () => {
    const crashed = oneOutage.slice(0, 13) // cut during the outage, after the stats at 14 s
    const r = sessionReport(crashed, { id: 'show-1' })
    expect(r).toMatchObject({
      ending: 'crashed',
      end: at(14),
      durationSeconds: 14,
      onAirSeconds: 8,
      outages: [{ start: at(10), seconds: 4, recovery: 'crashed', cause: 'ingest_unreachable' }],
      // The recording began with connecting (1 s) and nobody said how it ended.
      recording: { path: '/rec/show.mkv', seconds: 13, complete: false },
      recordedSeconds: 13
    })
    expect(r.error).toBeUndefined()
    // The same file of a show that is on right now: running, not crashed.
    expect(sessionReport(crashed, { id: 'show-1', running: true })).toMatchObject({ ending: 'running', outages: [{ recovery: 'ongoing' }] })
  })

  it('a crashed show closed by the next start keeps its figures in the end line, and reads the same after', () => {
    const crashed = oneOutage.slice(0, 13)
    const closing = sessionEndLine(crashed, { id: 'show-1', time: at(14), ending: 'crashed' })
    expect(closing).toMatchObject({
      t: 'end',
      ending: 'crashed',
      summary: { id: 'show-1', ending: 'crashed', durationSeconds: 14, onAirSeconds: 8, outages: 1, reconnects: 0, destinations: ['rtmp://ingest-d1/live'] }
    })
    expect(sessionReport([...crashed, closing], { id: 'show-1' })).toEqual(sessionReport(crashed, { id: 'show-1' }))
  })

  it('several destinations: the show is off air only while none is live; each destination has its own outages, bitrate and reconnects', () => {
    const a = (state: string) => ({ id: 'd1', state, provider: 'naver', label: 'NAVER · 아침 방송' })
    const b = (state: string) => ({ id: 'd2', state, label: 'rtmp://b/live' })
    const lines: SessionLine[] = [
      header([a('preparing'), b('preparing')]),
      state(0, 'live', [a('live'), b('live')], { liveSince: at(0) }),
      stats(2, [
        ['d1', 3000],
        ['d2', 2000, 0.2]
      ]),
      // b drops at 4 s: the show stays on air through a
      state(4, 'reconnecting', [a('live'), b('reconnecting')]),
      log(4, 'pusher.reconnecting', { id: 'd2', attempt: 1, cause: 'ingest_failed' }),
      stats(6, [
        ['d1', 3000],
        ['d2', 0, 1.4]
      ]),
      // a drops too at 8 s: now the show is off air
      state(8, 'reconnecting', [a('reconnecting'), b('reconnecting')]),
      log(8, 'pusher.reconnecting', { id: 'd1', attempt: 1, cause: 'ingest_unreachable' }),
      log(9, 'provider.event', { id: 'd1', text: '스트림 끊김' }, { source: 'naver', message: 'NAVER · 아침 방송: 스트림 끊김' }),
      stats(10, [
        ['d1', 0],
        ['d2', 0]
      ]),
      state(11, 'reconnecting', [a('live'), b('reconnecting')]),
      log(11, 'pusher.reconnected', { id: 'd1' }),
      state(14, 'live', [a('live'), b('live')]),
      log(14, 'pusher.reconnected', { id: 'd2' }),
      stats(16, [
        ['d1', 3000],
        ['d2', 2000]
      ]),
      state(20, 'ended', [a('ended'), b('ended')]),
      end(20, 'clean')
    ]
    const r = sessionReport(lines, { id: 'multi' })
    expect(r.outages).toEqual([{ start: at(8), seconds: 3, cause: 'ingest_unreachable', destinations: ['d1', 'd2'], recovery: 'reconnected', attempts: 2 }])
    expect(r.onAirSeconds).toBe(17)
    expect(r.reconnects).toBe(2)
    expect(r.bitrate).toEqual({ meanKbps: 3250, minKbps: 0 })
    const [d1, d2] = r.destinations
    expect(d1).toMatchObject({
      label: 'NAVER · 아침 방송',
      provider: 'naver',
      onAirSeconds: 17,
      reconnects: 1,
      outages: [{ start: at(8), seconds: 3, cause: 'ingest_unreachable', recovery: 'reconnected' }],
      bitrate: { meanKbps: 2250, minKbps: 0 },
      providerEvents: 1
    })
    expect(d2).toMatchObject({
      onAirSeconds: 10,
      reconnects: 1,
      outages: [{ start: at(4), seconds: 10, cause: 'ingest_failed', recovery: 'reconnected', attempts: 1 }],
      bitrate: { meanKbps: 1000, minKbps: 0 },
      congestionMax: 1.4
    })
    // The provider's words as it wrote them.
    expect(r.providerEvents).toEqual([expect.objectContaining({ code: 'provider.event', source: 'naver', data: { id: 'd1', text: '스트림 끊김' } })])
    expect(sessionSummary(r)).toEqual({
      id: 'multi',
      start: T0,
      end: at(20),
      durationSeconds: 20,
      ending: 'clean',
      destinations: ['NAVER · 아침 방송', 'rtmp://b/live'],
      onAirSeconds: 17,
      outages: 1,
      reconnects: 2,
      recordedSeconds: null
    })
  })

  it('a show that never went live: failed with its error, nothing on air, no figures', () => {
    const r = sessionReport(
      [
        header(),
        state(0, 'preparing', []),
        state(1, 'failed', [{ id: 'd1', state: 'failed', error: { code: 'auth', message: 'The provider refused the credentials.' } }]),
        end(1, 'failed', { code: 'auth', message: 'The provider refused the credentials.' })
      ],
      { id: 'x' }
    )
    expect(r).toMatchObject({ ending: 'failed', error: { code: 'auth' }, onAirSeconds: 0, outages: [], bitrate: null, encoderSpeedMin: null, recording: null })
    expect(r.liveSince).toBeUndefined()
    expect(r.destinations[0]).toMatchObject({ finalState: 'failed', error: { code: 'auth' }, bitrate: null, onAirSeconds: 0 })
  })

  it('reads a file whatever is in it: torn, foreign and hostile lines are skipped, never thrown', () => {
    const good = oneOutage.map((l) => JSON.stringify(l))
    const text = [
      good[0],
      '{"t":"stats","time":1,"fps":"NaN"',
      'not json at all',
      '{"t":"unknown","time":5}',
      '{"t":"stats","time":"later","fps":1,"bitrateKbps":1,"speed":1,"droppedFrames":0,"destinations":[]}',
      '{"t":"log","time":1,"level":"info","code":"x","message":"' + 'a'.repeat(20_000) + '"}',
      '[1,2,3]',
      'null',
      ...good.slice(1),
      '{"t":"end","time":'
    ].join('\n')
    const lines = parseSessionText(text)
    expect(lines).toHaveLength(oneOutage.length)
    expect(sessionReport(lines, { id: 'show-1' })).toEqual(sessionReport(oneOutage, { id: 'show-1' }))
    expect(sessionReport([], { id: 'empty' })).toMatchObject({ id: 'empty', ending: 'crashed', durationSeconds: 0, destinations: [], recording: null })
  })
})

describe('the session report, offline mode', () => {
  it('lists the parts that reached no destination; one still open when the file ends (a crash) closes there', () => {
    const lines: SessionLine[] = [
      header(),
      state(1, 'connecting', [{ id: 'd1', state: 'connecting' }], { recordingPath: '/rec/show.mkv' }),
      state(2, 'offline', [{ id: 'd1', state: 'offline' }], { recordingPath: '/rec/show.mkv', unstreamed: [{ start: at(2) }] }),
      state(17, 'live', [{ id: 'd1', state: 'live' }], { liveSince: at(17), recordingPath: '/rec/show.mkv', unstreamed: [{ start: at(2), end: at(17) }] }),
      state(40, 'offline', [{ id: 'd1', state: 'offline' }], {
        liveSince: at(17),
        recordingPath: '/rec/show.mkv',
        unstreamed: [{ start: at(2), end: at(17) }, { start: at(30) }]
      }),
      log(50, 'pusher.stuck')
    ]
    const report = sessionReport(parseSessionText(lines.map((l) => JSON.stringify(l)).join('\n')), { id: 'show-1' })
    expect(report.ending).toBe('crashed')
    expect(report.unstreamed).toEqual([
      { start: at(2), end: at(17), seconds: 15 },
      { start: at(30), end: at(50), seconds: 20 }
    ])
    expect(report.onAirSeconds).toBe(23)
  })

  it('has no unstreamed part when every moment reached a destination', () => {
    expect(sessionReport(oneOutage, { id: 'show-1' }).unstreamed).toBeUndefined()
  })
})
