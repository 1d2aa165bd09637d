import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import type { Reachability } from '../../../src/main/core/recordings/auto-handoff-rule'
import { AutoHandoffService } from '../../../src/main/core/recordings/auto-handoff-service'
import type { AutoHandoffEvent } from '../../../src/shared/auto-handoff'
import type { HandoffProgress } from '../../../src/shared/contract'
import { onairError } from '../../../src/shared/errors'
import type { LiveDestination } from '../../../src/shared/live'
import type { RecordingSummary } from '../../../src/shared/recordings'
import type { Settings } from '../../../src/shared/settings'

const recording: RecordingSummary = {
  id: 'r1',
  path: '/data/recordings/show.mkv',
  fileName: 'show.mkv',
  sessionId: 's1',
  kind: 'live',
  destinations: ['127.0.0.1:1935/live'],
  startedAt: 1,
  endedAt: 2,
  durationSeconds: 3,
  sizeBytes: 10,
  state: 'pending_handoff',
  inUse: false,
  missing: false,
  repairing: false
}

/** The service with fakes around it: a clock, a library of one pending recording, checks and a stream that the test steers. */
function setup(options: { reach?: Reachability; streamFails?: boolean; ends?: HandoffProgress['state'] | 'never' } = {}) {
  const bus = new EventBus(new SecretRegistry())
  let now = 100_000
  let settings: Settings['handoff'] = { auto: true, action: 'stream', storageProfile: 'default', uploadTo: '' }
  let showRunning = false
  const checks: LiveDestination[] = []
  const streams: LiveDestination[][] = []
  const told: AutoHandoffEvent[] = []
  let stopStream: () => Promise<unknown> = async () => {}
  bus.onDidEmit((event, payload) => {
    if (event === 'handoff:auto') told.push(payload as AutoHandoffEvent)
  })
  const service = new AutoHandoffService({
    bus,
    settings: () => settings,
    recordings: { list: async () => [recording] },
    destinationsOf: async () => [{ provider: 'custom', profile: 'default' }],
    check: async (d) => {
      checks.push(d)
      return options.reach ?? 'up'
    },
    showRunning: () => showRunning,
    stream: async (request) => {
      streams.push(request.destinations)
      if (options.streamFails) throw onairError('ingest_unreachable', 'The ingest server does not answer.', { retryable: true })
      const progress = {
        id: 'p1',
        kind: 'stream',
        path: recording.path,
        recordingId: recording.id,
        target: '',
        bytesDone: 0,
        bytesTotal: 10,
        bytesPerSecond: 0,
        etaSeconds: 0
      } as const
      const ends = options.ends ?? 'done'
      if (ends !== 'never') queueMicrotask(() => bus.emit('handoff:progress', { ...progress, state: ends }))
      else stopStream = async () => bus.emit('handoff:progress', { ...progress, state: 'cancelled' })
      return { ...progress, state: 'running' }
    },
    stopStream: () => stopStream(),
    upload: async () => {
      throw onairError('network', 'The storage cannot be reached.', { retryable: true })
    },
    now: () => now
  })
  return {
    service,
    checks,
    streams,
    told,
    advance: (ms: number) => (now += ms),
    set: (s: Partial<Settings['handoff']>) => (settings = { ...settings, ...s }),
    show: (on: boolean) => (showRunning = on)
  }
}

describe('AutoHandoffService', () => {
  it('gives way to the streamer’s Go Live: the stream ends, says paused, and the recording is sent again after the show', async () => {
    const t = setup({ ends: 'never' })
    const running = t.service.tick()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(t.streams).toHaveLength(1)
    t.show(true)
    await t.service.yieldToShow()
    await running
    expect(t.told.map((e) => e.state)).toEqual(['started', 'paused'])
    // Not held as one the streamer stopped: once the show is over, the rule sends it again.
    expect(await t.service.tick()).toBeNull()
    t.show(false)
    t.advance(60_000)
    const again = t.service.tick()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(t.streams).toHaveLength(2)
    await t.service.yieldToShow()
    await again
  })

  it('streams the pending recording to its destination once it answers, and says started then done', async () => {
    const t = setup()
    expect(await t.service.tick()).toMatchObject({ kind: 'stream', recordingId: 'r1' })
    expect(t.streams).toEqual([[{ provider: 'custom', profile: 'default' }]])
    expect(t.told.map((e) => [e.state, e.action, e.target])).toEqual([
      ['started', 'stream', '127.0.0.1:1935/live'],
      ['done', 'stream', '127.0.0.1:1935/live']
    ])
  })

  it('off, or a show on air: no check, nothing sent', async () => {
    const t = setup()
    t.set({ auto: false })
    expect(await t.service.tick()).toBeNull()
    t.set({ auto: true })
    t.show(true)
    expect(await t.service.tick()).toBeNull()
    expect([t.checks, t.streams, t.told]).toEqual([[], [], []])
  })

  it('a destination still down is checked at most once per 30 s', async () => {
    const t = setup({ reach: 'down' })
    for (let i = 0; i < 6; i++) {
      expect(await t.service.tick()).toEqual({ kind: 'wait', reason: 'nothing_due' })
      t.advance(5000)
    }
    expect(t.checks).toHaveLength(1)
    await t.service.tick()
    expect(t.checks).toHaveLength(2)
    expect(t.streams).toEqual([])
  })

  it('a failure is told once, tried again after the backoff (quietly), and the recording is never given up', async () => {
    const t = setup({ streamFails: true })
    await t.service.tick()
    expect(t.told.map((e) => e.state)).toEqual(['started', 'failed'])
    expect(t.told[1]).toMatchObject({ error: { code: 'ingest_unreachable' }, retryAt: 160_000 })
    t.advance(30_000)
    expect(await t.service.tick()).toEqual({ kind: 'wait', reason: 'nothing_due' })
    t.advance(30_000)
    await t.service.tick()
    t.advance(120_000)
    await t.service.tick()
    expect(t.streams).toHaveLength(3)
    expect(t.told.filter((e) => e.state === 'failed')).toHaveLength(1)
  })

  it('a handoff the streamer stopped is said and not started again', async () => {
    const t = setup({ ends: 'cancelled' })
    await t.service.tick()
    t.advance(3_600_000)
    expect(await t.service.tick()).toEqual({ kind: 'wait', reason: 'nothing_due' })
    expect(t.streams).toHaveLength(1)
    expect(t.told.map((e) => e.state)).toEqual(['started', 'stopped'])
  })

  it('a recording whose session cannot be read does not hold back the others', async () => {
    const bus = new EventBus(new SecretRegistry())
    const streamed: string[] = []
    const service = new AutoHandoffService({
      bus,
      settings: () => ({ auto: true, action: 'stream', storageProfile: 'default', uploadTo: '' }),
      recordings: { list: async () => [{ ...recording, id: 'old', sessionId: 'gone', startedAt: 0 }, recording] },
      destinationsOf: async (sessionId) => {
        if (sessionId === 'gone') throw new Error('ENOENT')
        return [{ provider: 'custom', profile: 'default' }]
      },
      check: async () => 'up',
      showRunning: () => false,
      stopStream: async () => {},
      stream: async (request) => {
        streamed.push(request.recording)
        throw onairError('ingest_unreachable', 'The ingest server does not answer.')
      },
      upload: async () => {
        throw new Error('unused')
      }
    })
    expect(await service.tick()).toMatchObject({ kind: 'stream', recordingId: 'r1' })
    expect(streamed).toEqual(['r1'])
  })

  it('upload rule: the storage out of reach is told once with its code', async () => {
    const t = setup()
    t.set({ action: 'upload', uploadTo: 's3://shows/offline' })
    expect(await t.service.tick()).toMatchObject({ kind: 'upload', upload: 's3://shows/offline/' })
    expect(t.checks).toEqual([])
    expect(t.told.map((e) => [e.state, e.action, e.error?.code])).toEqual([
      ['started', 'upload', undefined],
      ['failed', 'upload', 'network']
    ])
  })
})
