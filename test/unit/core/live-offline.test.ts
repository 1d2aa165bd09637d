import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { initI18n, logText } from '../../../src/renderer/src/i18n/texts'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import type { IngestResolver, ResolvedIngest } from '../../../src/main/core/live/ingest-resolver'
import { LiveService } from '../../../src/main/core/live/live-service'
import { canTransition, isActive, runningState } from '../../../src/main/core/live/live-transitions'
import { isOfflineCause } from '../../../src/main/core/live/offline-cause'
import { FfmpegLocator } from '../../../src/main/core/media/ffmpeg-locator'
import type { MediaPipelineFactory, PipelineListener, PipelinePlan, PushDestination } from '../../../src/main/core/media/media-pipeline'
import { isOfflinePushFailure, type RtmpFailureKind } from '../../../src/main/core/media/rtmp/rtmp-failure'
import type { EventName } from '../../../src/shared/contract'
import { onairError, type ErrorCode } from '../../../src/shared/errors'
import type { LiveSnapshot, LiveState, LogEvent } from '../../../src/shared/live'
import { parseRtmpDestination } from '../../../src/shared/rtmp-url'

describe('offline: the state machine', () => {
  it.each<[LiveState, LiveState, boolean]>([
    ['connecting', 'offline', true],
    ['live', 'offline', true],
    ['reconnecting', 'offline', true],
    ['offline', 'live', true],
    ['offline', 'ending', true],
    ['offline', 'failed', true],
    ['preparing', 'offline', false],
    ['idle', 'offline', false],
    ['offline', 'ended', false],
    ['ended', 'offline', false]
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed)
  })

  it('an offline show is active (one session at a time, Stop applies)', () => {
    expect(isActive('offline')).toBe(true)
  })

  it.each<[LiveState[], ReturnType<typeof runningState>]>([
    [['live', 'offline'], 'live'],
    [['offline', 'offline'], 'offline'],
    [['offline', 'failed'], 'offline'],
    [['reconnecting', 'offline'], 'reconnecting'],
    [['live', 'reconnecting'], 'reconnecting'],
    [['live', 'failed'], 'live'],
    [['failed', 'failed'], null]
  ])('destinations %j → the show is %s', (states, show) => {
    expect(runningState(states)).toBe(show)
  })
})

describe('offline: what is waited out and what fails', () => {
  it.each<[ErrorCode, boolean]>([
    ['network', true],
    ['timeout', true],
    ['server', true],
    ['rate_limited', true],
    ['ingest_unreachable', true],
    ['auth', false],
    ['forbidden', false],
    ['not_found', false],
    ['ingest_rejected_key', false],
    ['credentials_missing', false],
    ['validation', false],
    ['clock_skew', false]
  ])('preparing failed with %s → offline: %s', (code, offline) => {
    expect(isOfflineCause({ code })).toBe(offline)
  })

  it.each<[RtmpFailureKind, ErrorCode, boolean]>([
    ['unreachable', 'ingest_unreachable', true],
    ['lost', 'ingest_unreachable', true],
    ['timeout', 'ingest_failed', true],
    ['lost', 'ingest_failed', true],
    ['rejected', 'ingest_rejected_key', false],
    ['tls', 'ingest_failed', false],
    ['handshake', 'ingest_failed', false],
    ['protocol', 'ingest_failed', false]
  ])('a push that ended %s (%s) → offline: %s', (kind, code, offline) => {
    expect(isOfflinePushFailure(kind, { code })).toBe(offline)
  })
})

/** A pipeline the test drives; the encoder is "ready" at once, destinations go live when the test says. */
function scripted() {
  const ctl: { listener?: PipelineListener; plan?: PipelinePlan; added: PushDestination[]; stopped: boolean } = { added: [], stopped: false }
  const factory: MediaPipelineFactory = (plan, listener) => {
    ctl.plan = plan
    ctl.listener = listener
    return {
      start: async () => void queueMicrotask(() => listener.onEncoderReady?.()),
      stop: async () => {
        ctl.stopped = true
        listener.onEnded(null)
      },
      retryNow: () => {},
      pids: () => [],
      addDestination: (d) => void ctl.added.push(d)
    }
  }
  return { ctl, factory }
}

const KEY = 'offline-key-abcdef123456'

function harness(answers: Array<ErrorCode | 'ok'>) {
  const { ctl, factory } = scripted()
  const bus = new EventBus(new SecretRegistry())
  const events: Array<{ event: EventName; payload: unknown }> = []
  bus.onDidEmit((event, payload) => events.push({ event, payload }))
  let calls = 0
  const ingest = {
    resolve: async (): Promise<ResolvedIngest> => {
      const answer = answers[Math.min(calls++, answers.length - 1)]
      if (answer !== 'ok') throw onairError(answer, `answer ${answer}`, { retryable: answer !== 'auth', provider: 'sigma' })
      return { label: 'Sigma · show', rtmp: parseRtmpDestination(`rtmp://127.0.0.1:1935/live/${KEY}`) }
    }
  } as unknown as IngestResolver
  const live = new LiveService({
    bus,
    secrets: new SecretRegistry(),
    ingest,
    locator: new FfmpegLocator(),
    pipelineFactory: factory,
    recordingsDir: '/tmp',
    ingestRetry: { initialDelayMs: 10, factor: 1, jitter: 0, maxDelayMs: 10 }
  })
  const start = (offline: boolean) =>
    live.start({ destinations: [{ provider: 'sigma', profile: 'default', channelId: 'c1' }], video: 'testsrc', audio: 'sine', record: false, offline })
  const states = () => events.filter((e) => e.event === 'live:state').map((e) => (e.payload as LiveSnapshot).state)
  const logs = () => events.filter((e) => e.event === 'log:event').map((e) => e.payload as LogEvent)
  const codes = () => logs().map((l) => l.code)
  return { ctl, live, start, states, codes, logs, calls: () => calls }
}

async function until(check: () => unknown): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 5))
}

describe('offline: the session', () => {
  it('a provider API out of reach at Go Live: offline (recording on), asked again, then live from that moment', async () => {
    const h = harness(['network', 'timeout', 'ok'])
    const started = await h.start(true)
    expect(started).toMatchObject({
      state: 'offline',
      offlineMode: true,
      destinations: [{ id: 'd1', state: 'offline' }],
      unstreamed: [{ start: expect.any(Number) }]
    })
    expect(started.liveSince).toBeUndefined()
    expect(h.ctl.plan?.destinations).toEqual([])
    await until(() => h.ctl.added.length > 0)
    expect(h.calls()).toBe(3)
    expect(h.ctl.added.map((d) => [d.id, d.rtmp.key])).toEqual([['d1', KEY]])
    h.ctl.listener?.onDestinationLive('d1')
    const snap = h.live.snapshot()
    expect(snap).toMatchObject({ state: 'live', destinations: [{ state: 'live', label: 'Sigma · show' }] })
    expect(snap.liveSince).toBeGreaterThanOrEqual(snap.unstreamed?.[0].start ?? Infinity)
    expect(snap.unstreamed).toEqual([{ start: expect.any(Number), end: snap.liveSince }])
    expect(snap.offAirSince).toBeUndefined()
    expect(h.states()).toEqual(expect.arrayContaining(['connecting', 'offline', 'live']))
    expect(h.codes()).toEqual(expect.arrayContaining(['destination.offline', 'live.offline', 'destination.ready', 'live.unstreamed', 'live.started']))
    expect(JSON.stringify(snap)).not.toContain(KEY)
    await h.live.stop()
  })

  it('without offline mode the same failure fails Go Live as before', async () => {
    const h = harness(['network'])
    await expect(h.start(false)).rejects.toMatchObject({ value: { code: 'network' } })
    expect(h.live.snapshot().state).toBe('failed')
  })

  it('a refusal is not offline: bad credentials fail Go Live even in offline mode', async () => {
    const h = harness(['auth'])
    await expect(h.start(true)).rejects.toMatchObject({ value: { code: 'auth' } })
    expect(h.states()).not.toContain('offline')
  })

  it('a refusal while offline (the provider answers at last, and says no) fails the show, saying why', async () => {
    const h = harness(['network', 'auth'])
    await h.start(true)
    await until(() => h.live.snapshot().state === 'failed')
    expect(h.live.snapshot()).toMatchObject({ state: 'failed', error: { code: 'auth' }, unstreamed: [{ start: expect.any(Number), end: expect.any(Number) }] })
  })

  it('an ingest down at Go Live (the pusher says offline), then one destination lost past the window while another is live', async () => {
    const h = harness(['ok'])
    const starting = h.start(true)
    await until(() => h.ctl.listener)
    h.ctl.listener?.onDestinationOffline?.('d1', onairError('ingest_unreachable', 'down'), 1000)
    expect(await starting).toMatchObject({ state: 'offline', destinations: [{ state: 'offline' }] })
    h.ctl.listener?.onDestinationLive('d1')
    expect(h.live.snapshot().state).toBe('live')
    // Lost, retried for the window, then offline again: the span starts when it went off air, not when the window ended.
    h.ctl.listener?.onDestinationReconnecting?.('d1', onairError('ingest_unreachable', 'down'), 1, 1000)
    const offAir = h.live.snapshot().offAirSince
    await new Promise((r) => setTimeout(r, 20))
    h.ctl.listener?.onDestinationOffline?.('d1', onairError('ingest_unreachable', 'down'), 1000)
    expect(h.live.snapshot()).toMatchObject({ state: 'offline', offAirSince: offAir })
    expect(h.live.snapshot().unstreamed?.[1]).toEqual({ start: offAir })
    h.ctl.listener?.onDestinationLive('d1')
    expect(h.live.snapshot().state).toBe('live')
    expect(h.codes()).toContain('pusher.reconnected')
    const ended = await h.live.stop()
    expect(ended.unstreamed).toHaveLength(2)
    expect(ended.unstreamed?.every((s) => s.end !== undefined && s.end >= s.start)).toBe(true)
    expect(h.states().at(-1)).toBe('ended')
  })
})

describe('offline: the log in the app’s languages', () => {
  initI18n('en')
  it.each(['ko', 'vi'] as const)('%s: the offline lines are worded, not main’s English', async (lang) => {
    const h = harness(['network', 'ok'])
    await h.start(true)
    await until(() => h.ctl.added.length > 0)
    h.ctl.listener?.onDestinationLive('d1')
    await h.live.stop()
    const mine = h.logs().filter((l) => ['live.offline', 'live.unstreamed', 'destination.offline'].includes(l.code))
    expect(mine).toHaveLength(3)
    await i18next.changeLanguage(lang)
    const said = mine.map((l) => logText(l))
    await i18next.changeLanguage('en')
    mine.forEach((l, i) => expect(said[i], l.code).not.toBe(l.message))
    expect(said.filter((t) => /\{\{|\}\}/.test(t))).toEqual([])
  })
})
