import { describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import type { IngestResolver, ResolvedIngest } from '../../../src/main/core/live/ingest-resolver'
import { LiveService } from '../../../src/main/core/live/live-service'
import { FfmpegLocator } from '../../../src/main/core/media/ffmpeg-locator'
import type { MediaPipelineFactory, PipelineListener, PipelinePlan } from '../../../src/main/core/media/media-pipeline'
import type { EventName, EventPayloads } from '../../../src/shared/contract'
import { onairError } from '../../../src/shared/errors'
import { SESSION_LOG_MAX, type LiveSnapshot, type LogEvent } from '../../../src/shared/live'
import { parseRtmpDestination } from '../../../src/shared/rtmp-url'

/** A pipeline the test drives: nothing goes live until the test says so. */
function scripted(autoLive: 'all' | 'none' = 'all') {
  const ctl: { listener?: PipelineListener; plan?: PipelinePlan } = {}
  const factory: MediaPipelineFactory = (plan, listener) => {
    ctl.plan = plan
    ctl.listener = listener
    return {
      start: async () => {
        if (autoLive === 'all') queueMicrotask(() => plan.destinations.forEach((d) => listener.onDestinationLive(d.id)))
      },
      stop: async () => listener.onEnded(null),
      retryNow: () => {},
      pids: () => []
    }
  }
  return { ctl, factory }
}

function newCore(factory: MediaPipelineFactory) {
  const core = createCore({
    shell: 'serve',
    version: 't',
    credentialStore: new MemoryCredentialStore(),
    dataDir: '/tmp/onair-unit-destinations',
    pipelineFactory: factory,
    env: { ...process.env }
  })
  const events: Array<{ event: EventName; payload: unknown }> = []
  core.onDidEmit((event, payload) => events.push({ event, payload }))
  return { core, events }
}

const KEYS = ['dest-key-one-111111', 'dest-key-two-222222', 'dest-key-three-333333']

async function saveCustom(core: ReturnType<typeof newCore>['core'], profile: string, key: string, port = 1935) {
  const saved = await core.dispatch('accounts:save', { provider: 'custom', profile, fields: { serverUrl: `rtmp://127.0.0.1:${port}/live`, streamKey: key } })
  expect(saved.ok).toBe(true)
}

async function until(check: () => unknown): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
}

/** What a client that followed the events holds: the last live:state, with every log:event after it appended. */
function followed(events: Array<{ event: EventName; payload: unknown }>): LiveSnapshot {
  let view: LiveSnapshot | null = null
  for (const { event, payload } of events) {
    if (event === 'live:state') view = structuredClone(payload as LiveSnapshot)
    else if (event === 'log:event' && view) view.log = [...view.log, payload as LogEvent].slice(-SESSION_LOG_MAX)
  }
  return view as LiveSnapshot
}

describe('live:start request', () => {
  it.each([
    ['no destination', { destinations: [] }, 'destinations'],
    ['five destinations', { destinations: Array.from({ length: 5 }, (_, i) => ({ provider: 'custom', profile: `p${i}` })) }, 'destinations'],
    [
      'the same channel twice',
      {
        destinations: [
          { provider: 'sigma', channelId: 'c1' },
          { provider: 'sigma', profile: 'default', channelId: 'c1' }
        ]
      },
      'destinations.1'
    ],
    ['one Custom RTMP account twice', { destinations: [{ provider: 'custom' }, { provider: 'custom', channelId: 'x' }] }, 'destinations.1'],
    ['an API provider without a channel', { destinations: [{ provider: 'custom' }, { provider: 'naver' }] }, 'destinations.1.channelId'],
    ['a backup ingest on a provider that has none', { destinations: [{ provider: 'sigma', channelId: 'c1', backup: true }] }, 'destinations.0.backup'],
    ['a backup that is not a boolean', { destinations: [{ provider: 'naver', channelId: 'c1', backup: 'yes' }] }, 'destinations.0.backup'],
    ['the old single target', { target: { provider: 'custom' } }, undefined],
    ['an address inside a destination', { destinations: [{ provider: 'custom', serverUrl: 'rtmp://elsewhere/live' }] }, 'destinations.0']
  ])('%s → invalid_request naming %s', async (_what, request, field) => {
    const { core } = newCore(scripted().factory)
    const result = await core.dispatch('live:start', request)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', ...(field ? { field } : {}) } })
    expect(JSON.stringify(result)).not.toContain('elsewhere')
    expect(JSON.stringify(result).length).toBeLessThan(300)
  })
})

describe('live:start with several destinations', () => {
  it('one encode feeds up to four: the plan has every destination, the snapshot says what is captured and where it goes', async () => {
    const { ctl, factory } = scripted()
    const { core } = newCore(factory)
    for (const [i, key] of KEYS.entries()) await saveCustom(core, `p${i}`, key, 1935 + i)
    const started = await core.dispatch('live:start', {
      destinations: KEYS.map((_, i) => ({ provider: 'custom', profile: `p${i}` })),
      video: 'testsrc',
      audio: 'sine',
      record: false
    })
    expect(started).toMatchObject({
      ok: true,
      value: {
        state: 'live',
        sources: { video: 'testsrc', audio: 'sine' },
        destinations: [
          { id: 'd1', provider: 'custom', profile: 'p0', label: 'Custom RTMP (p0) (rtmp://127.0.0.1:1935/live)', state: 'live' },
          { id: 'd2', provider: 'custom', profile: 'p1', label: 'Custom RTMP (p1) (rtmp://127.0.0.1:1936/live)', state: 'live' },
          { id: 'd3', provider: 'custom', profile: 'p2', label: 'Custom RTMP (p2) (rtmp://127.0.0.1:1937/live)', state: 'live' }
        ]
      }
    })
    expect(ctl.plan?.destinations.map((d) => d.id)).toEqual(['d1', 'd2', 'd3'])
    expect(JSON.stringify(started)).not.toMatch(/dest-key/)
    await core.dispatch('live:stop', {})
  })

  it('a destination that cannot be prepared is failed with its reason; the show goes live on the others', async () => {
    const { ctl, factory } = scripted()
    const { core, events } = newCore(factory)
    await saveCustom(core, 'main', KEYS[0])
    const started = await core.dispatch('live:start', {
      destinations: [
        { provider: 'custom', profile: 'main' },
        { provider: 'sigma', channelId: 'c-1' }
      ],
      record: false
    })
    expect(started).toMatchObject({
      ok: true,
      value: {
        state: 'live',
        destinations: [
          { id: 'd1', state: 'live' },
          { id: 'd2', provider: 'sigma', channelId: 'c-1', label: 'Sigma Livestream · c-1', state: 'failed', error: { code: 'credentials_missing' } }
        ]
      }
    })
    // Only what could be prepared is pushed.
    expect(ctl.plan?.destinations.map((d) => d.id)).toEqual(['d1'])
    const logs = events.filter((e) => e.event === 'log:event').map((e) => e.payload as LogEvent)
    expect(logs.find((l) => l.code === 'error.credentials_missing')).toMatchObject({ level: 'error', data: { destination: 'Sigma Livestream · c-1' } })
    await core.dispatch('live:stop', {})
    // The end keeps which one failed and why.
    expect(await core.dispatch('live:snapshot', {})).toMatchObject({
      ok: true,
      value: { state: 'ended', destinations: [{ state: 'ended' }, { state: 'failed' }] }
    })
  })

  it('an ingest that refuses its key while the other goes live: live, the refused one failed and named', async () => {
    const { ctl, factory } = scripted('none')
    const { core } = newCore(factory)
    await saveCustom(core, 'a', KEYS[0])
    await saveCustom(core, 'b', KEYS[1], 1936)
    const starting = core.dispatch('live:start', {
      destinations: [
        { provider: 'custom', profile: 'a' },
        { provider: 'custom', profile: 'b' }
      ],
      record: false
    })
    await until(() => ctl.listener)
    ctl.listener?.onDestinationFailed?.('d2', onairError('ingest_rejected_key', `The ingest refused the stream key ${KEYS[1]}.`))
    expect(core.services.live.snapshot().state).toBe('connecting')
    ctl.listener?.onDestinationLive('d1')
    const started = await starting
    expect(started).toMatchObject({
      ok: true,
      value: {
        state: 'live',
        destinations: [{ state: 'live' }, { state: 'failed', error: { code: 'ingest_rejected_key' }, label: 'Custom RTMP (b) (rtmp://127.0.0.1:1936/live)' }]
      }
    })
    expect(JSON.stringify(started)).not.toContain(KEYS[1])
    await core.dispatch('live:stop', {})
  })

  it('when every destination fails, the start fails with the first reason, told once per destination', async () => {
    const { ctl, factory } = scripted('none')
    const { core, events } = newCore(factory)
    await saveCustom(core, 'a', KEYS[0])
    await saveCustom(core, 'b', KEYS[1], 1936)
    const starting = core.dispatch('live:start', {
      destinations: [
        { provider: 'custom', profile: 'a' },
        { provider: 'custom', profile: 'b' }
      ],
      record: false
    })
    await until(() => ctl.listener)
    ctl.listener?.onDestinationFailed?.('d1', onairError('ingest_unreachable', 'The ingest server does not answer.', { retryable: true }))
    ctl.listener?.onDestinationFailed?.('d2', onairError('ingest_rejected_key', 'The ingest refused the stream key.'))
    expect(await starting).toMatchObject({ ok: false, error: { code: 'ingest_unreachable' } })
    const errors = events.filter((e) => e.event === 'log:event' && (e.payload as LogEvent).level === 'error').map((e) => (e.payload as LogEvent).code)
    expect(errors).toEqual(['error.ingest_unreachable', 'error.ingest_rejected_key'])
    expect(core.services.live.snapshot()).toMatchObject({
      state: 'failed',
      destinations: [{ error: { code: 'ingest_unreachable' } }, { error: { code: 'ingest_rejected_key' } }]
    })
  })

  it('the connect timeout goes live with the destinations that are live; the slow one keeps trying', async () => {
    const { ctl, factory } = scripted('none')
    const secrets = new SecretRegistry()
    const bus = new EventBus(secrets)
    const ingest = {
      resolve: async (t: { profile: string }): Promise<ResolvedIngest> => ({
        label: t.profile,
        rtmp: parseRtmpDestination(`rtmp://127.0.0.1:1935/live/key-${t.profile}-123456`)
      })
    } as unknown as IngestResolver
    const live = new LiveService({ bus, secrets, ingest, locator: new FfmpegLocator(), pipelineFactory: factory, recordingsDir: '/tmp', connectTimeoutMs: 80 })
    const starting = live.start({
      destinations: [
        { provider: 'custom', profile: 'fast' },
        { provider: 'custom', profile: 'slow' }
      ],
      video: 'testsrc',
      audio: 'sine',
      record: false
    })
    await until(() => ctl.listener)
    ctl.listener?.onDestinationLive('d1')
    expect(await starting).toMatchObject({ state: 'live', destinations: [{ state: 'live' }, { state: 'connecting' }] })
    ctl.listener?.onDestinationLive('d2')
    expect(live.snapshot()).toMatchObject({ state: 'live', destinations: [{ state: 'live' }, { state: 'live' }] })
    await live.stop()
  })
})

describe('NAVER backup ingest', () => {
  function harness(backup: boolean) {
    const { ctl, factory } = scripted()
    const secrets = new SecretRegistry()
    const bus = new EventBus(secrets)
    const ingest = {
      resolve: async (): Promise<ResolvedIngest> => ({
        label: 'NAVER Cloud Live Station · 방송_1',
        rtmp: parseRtmpDestination('rtmp://127.0.0.1:1935/relay/main-key-abcdef'),
        ...(backup ? { backup: { rtmp: parseRtmpDestination('rtmp://127.0.0.1:1935/relay/backup-key-abcdef') } } : {})
      })
    } as unknown as IngestResolver
    const live = new LiveService({ bus, secrets, ingest, locator: new FfmpegLocator(), pipelineFactory: factory, recordingsDir: '/tmp' })
    const start = () =>
      live.start({ destinations: [{ provider: 'naver', profile: 'default', channelId: 'ls-1', backup: true }], video: 'testsrc', audio: 'sine', record: false })
    return { ctl, live, start }
  }

  it('adds a second push to the backup ingest, started after the main one, labelled and marked as the backup', async () => {
    const h = harness(true)
    const snap = await h.start()
    expect(snap.destinations).toEqual([
      { id: 'd1', provider: 'naver', profile: 'default', channelId: 'ls-1', label: 'NAVER Cloud Live Station · 방송_1', state: 'live' },
      { id: 'd2', provider: 'naver', profile: 'default', channelId: 'ls-1', backup: true, label: 'NAVER Cloud Live Station · 방송_1 (backup)', state: 'live' }
    ])
    expect(h.ctl.plan?.destinations.map((d) => [d.id, d.after, d.rtmp.key])).toEqual([
      ['d1', undefined, 'main-key-abcdef'],
      ['d2', 'd1', 'backup-key-abcdef']
    ])
    expect(JSON.stringify(snap)).not.toMatch(/(main|backup)-key/)
    await h.live.stop()
  })

  it('a channel without a backup ingest: the backup entry is failed with a field, the main one goes live', async () => {
    const h = harness(false)
    const snap = await h.start()
    expect(snap).toMatchObject({
      state: 'live',
      destinations: [
        { id: 'd1', state: 'live' },
        { id: 'd2', backup: true, state: 'failed', error: { code: 'invalid_request', field: 'destinations.0.backup' } }
      ]
    })
    expect(h.ctl.plan?.destinations.map((d) => d.id)).toEqual(['d1'])
    await h.live.stop()
  })
})

describe('live:snapshot mid-show', () => {
  it('a second client gets the same show the first one followed: state, sources, destinations, log', async () => {
    const { ctl, factory } = scripted()
    const { core, events } = newCore(factory)
    await saveCustom(core, 'a', KEYS[0])
    await saveCustom(core, 'b', KEYS[1], 1936)
    await core.dispatch('live:start', {
      destinations: [
        { provider: 'custom', profile: 'a' },
        { provider: 'custom', profile: 'b' }
      ],
      video: 'testsrc',
      audio: 'sine'
    })
    ctl.listener?.onDestinationReconnecting?.('d2', onairError('ingest_failed', 'The connection to the ingest was lost.'), 1, 1000)
    ctl.listener?.onLog('warn', 'encoder.stalled', 'The encoder has produced nothing for 5 s.')
    ctl.listener?.onDestinationLive('d2')
    ctl.listener?.onDestinationFailed?.('d2', onairError('ingest_rejected_key', 'The ingest refused the stream key.'))

    const second = await core.dispatch('live:snapshot', {})
    if (!second.ok) throw new Error(second.error.message)
    const first = followed(events)
    expect(second.value.state).toBe('live')
    expect(second.value.sources).toEqual({ video: 'testsrc', audio: 'sine' })
    expect(second.value.destinations).toEqual(first.destinations)
    expect(second.value.log).toEqual(events.filter((e) => e.event === 'log:event').map((e) => e.payload))
    expect({ ...second.value, log: second.value.log.length }).toEqual({ ...first, log: first.log.length })
    expect(second.value.log.map((l) => l.code)).toEqual(
      expect.arrayContaining([
        'live.preparing',
        'destination.ready',
        'live.connecting',
        'live.started',
        'pusher.reconnecting',
        'encoder.stalled',
        'pusher.reconnected'
      ])
    )
    await core.dispatch('live:stop', {})
  })

  it('keeps the last 500 log entries of a long show, oldest first', async () => {
    const { ctl, factory } = scripted()
    const { core } = newCore(factory)
    await saveCustom(core, 'a', KEYS[0])
    await core.dispatch('live:start', { destinations: [{ provider: 'custom', profile: 'a' }], record: false })
    for (let i = 0; i < 1200; i++) ctl.listener?.onLog('info', 'test.line', `line ${i}`)
    const snap = await core.dispatch('live:snapshot', {})
    if (!snap.ok) throw new Error(snap.error.message)
    expect(snap.value.log).toHaveLength(SESSION_LOG_MAX)
    expect(snap.value.log.at(-1)?.message).toBe('line 1199')
    expect(snap.value.log[0]?.message).toBe(`line ${1200 - SESSION_LOG_MAX}`)
    await core.dispatch('live:stop', {})
    // A new session starts with its own log.
    await core.dispatch('live:start', { destinations: [{ provider: 'custom', profile: 'a' }], record: false })
    const next = await core.dispatch('live:snapshot', {})
    expect(next.ok && next.value.log.every((l) => l.code !== 'test.line')).toBe(true)
    await core.dispatch('live:stop', {})
  })

  it('before any show: idle, no sources, no destinations, no log', async () => {
    const { core } = newCore(scripted().factory)
    expect(await core.dispatch('live:snapshot', {})).toEqual({ ok: true, value: { sessionId: null, state: 'idle', sources: null, destinations: [], log: [] } })
  })
})

void ({} as EventPayloads)
