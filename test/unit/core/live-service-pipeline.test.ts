import { describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { MediaPipelineFactory, PipelineListener, PipelinePlan } from '../../../src/main/core/media/media-pipeline'
import type { EventName, EventPayloads } from '../../../src/shared/contract'
import { onairError } from '../../../src/shared/errors'
import { parseRtmpDestination } from '../../../src/shared/rtmp-url'

/** A pipeline the test drives by hand: it exposes the listener the live session gave it. */
function scripted() {
  const ctl: { listener?: PipelineListener; plan?: PipelinePlan; retries: number; stops: number } = { retries: 0, stops: 0 }
  const factory: MediaPipelineFactory = (plan, listener) => {
    ctl.plan = plan
    ctl.listener = listener
    return {
      start: async () => {
        queueMicrotask(() => plan.destinations.forEach((d) => listener.onDestinationLive(d.id)))
      },
      stop: async () => {
        ctl.stops++
        listener.onEnded(null)
      },
      retryNow: () => void ctl.retries++,
      pids: () => []
    }
  }
  return { ctl, factory }
}

async function session(destinations = 1) {
  const { ctl, factory } = scripted()
  const core = createCore({
    shell: 'cli',
    version: 't',
    credentialStore: new MemoryCredentialStore(),
    dataDir: '/tmp/onair-unit-live',
    pipelineFactory: factory,
    env: { ...process.env }
  })
  const events: Array<{ event: EventName; payload: unknown }> = []
  core.onDidEmit((event, payload) => events.push({ event, payload }))
  const dests = Array.from({ length: destinations }, (_, i) => ({
    provider: 'custom' as const,
    profile: core.services.accounts.addSessionAccount('custom', { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: `unit-key-${i}-abcdef` })
  }))
  await core.services.live.start({ destinations: dests, video: 'testsrc', audio: 'sine', record: false, preview: true })
  const states = () => events.filter((e) => e.event === 'live:state').map((e) => (e.payload as EventPayloads['live:state']).state)
  return { core, ctl, events, states, listener: ctl.listener as PipelineListener }
}

const stats = (congestion = 0) => ({
  fps: 30,
  bitrateKbps: 2500,
  speed: 1,
  droppedFrames: 0,
  duplicatedFrames: 0,
  destinations: [{ id: 'd1', bytesSent: 1, kbps: 2500, congestion, droppedFrames: 0, reconnects: 0 }]
})

describe('live session × media pipeline', () => {
  it('passes what the UI needs to the pipeline: preview on, the ffmpeg probe, destinations', async () => {
    const s = await session()
    expect(s.ctl.plan).toMatchObject({ preview: true, video: 'testsrc', audio: 'sine', recordingPath: null })
    expect(s.ctl.plan?.encoders?.has('libx264')).toBe(true)
    await s.core.services.live.stop()
  })

  it('live → reconnecting → live as a destination drops and comes back; retry now reaches the pipeline', async () => {
    const s = await session()
    s.listener.onDestinationReconnecting?.('d1', onairError('ingest_failed', 'lost'), 1, 1000)
    expect(s.core.services.live.snapshot()).toMatchObject({ state: 'reconnecting', destinations: [{ state: 'reconnecting' }] })
    s.core.services.live.retryNow()
    expect(s.ctl.retries).toBe(1)
    s.listener.onDestinationLive('d1')
    expect(s.states()).toEqual(['preparing', 'connecting', 'live', 'reconnecting', 'live'])
    const codes = s.events.filter((e) => e.event === 'log:event').map((e) => (e.payload as EventPayloads['log:event']).code)
    expect(codes).toContain('pusher.reconnecting')
    expect(codes).toContain('pusher.reconnected')
    expect(codes.filter((c) => c === 'live.started')).toHaveLength(1)
    await s.core.services.live.stop()
  })

  it('tells the reason of an outage once, then only the attempts, and again when the reason changes', async () => {
    const s = await session()
    s.listener.onDestinationReconnecting?.('d1', onairError('ingest_unreachable', 'The ingest server does not answer.'), 1, 1000)
    s.listener.onDestinationReconnecting?.('d1', onairError('ingest_unreachable', 'The ingest server does not answer.'), 2, 1500)
    s.listener.onDestinationReconnecting?.('d1', onairError('ingest_failed', 'The connection to the ingest was lost.'), 3, 2300)
    const messages = s.events
      .filter((e) => e.event === 'log:event' && (e.payload as EventPayloads['log:event']).code === 'pusher.reconnecting')
      .map((e) => (e.payload as EventPayloads['log:event']).message)
    expect(messages).toEqual([
      'rtmp://127.0.0.1:1935/live: The ingest server does not answer. Reconnecting (attempt 1, next in 1 s)',
      'rtmp://127.0.0.1:1935/live: Still no connection. Reconnecting (attempt 2, next in 1.5 s)',
      'rtmp://127.0.0.1:1935/live: The connection to the ingest was lost. Reconnecting (attempt 3, next in 2.3 s)'
    ])
    await s.core.services.live.stop()
  })

  it('with two destinations, one failing for good leaves the other live', async () => {
    const s = await session(2)
    s.listener.onDestinationReconnecting?.('d2', onairError('ingest_failed', 'lost'), 1, 1000)
    s.listener.onDestinationFailed?.('d2', onairError('ingest_unreachable', 'gave up'))
    expect(s.core.services.live.snapshot()).toMatchObject({ state: 'live', destinations: [{ state: 'live' }, { state: 'failed' }] })
    await s.core.services.live.stop()
  })

  it('forwards preview frames and scores health every 2 s from the stats', async () => {
    const s = await session()
    s.listener.onPreviewFrame?.({ time: 1, mime: 'image/jpeg', data: '/9j/' })
    expect(s.events.some((e) => e.event === 'preview:frame')).toBe(true)
    s.listener.onStats(stats(0.8))
    const health = s.events.filter((e) => e.event === 'live:health').map((e) => e.payload as EventPayloads['live:health'])
    expect(health.at(-1)).toMatchObject({ level: 'unstable' })
    expect(health.at(-1)?.reasons.join(' ')).toMatch(/congested/)
    await s.core.services.live.stop()
  })

  it('scores health at the first stats after a destination drops or comes back, not up to 2 s later', async () => {
    const s = await session()
    const levels = () => s.events.filter((e) => e.event === 'live:health').map((e) => (e.payload as EventPayloads['live:health']).level)
    s.listener.onStats(stats())
    s.listener.onStats(stats())
    expect(levels()).toEqual(['excellent'])
    s.listener.onDestinationReconnecting?.('d1', onairError('ingest_failed', 'lost'), 1, 1000)
    s.listener.onStats(stats())
    s.listener.onStats(stats())
    expect(levels()).toEqual(['excellent', 'offline'])
    s.listener.onDestinationLive('d1')
    s.listener.onStats(stats())
    expect(levels()).toEqual(['excellent', 'offline', 'unstable'])
    // A retry that changes nothing (still reconnecting, a new countdown) is not a change.
    s.listener.onDestinationReconnecting?.('d1', onairError('ingest_failed', 'lost'), 1, 1000)
    s.listener.onStats(stats())
    s.listener.onDestinationReconnecting?.('d1', onairError('ingest_failed', 'lost'), 2, 1500)
    s.listener.onStats(stats())
    expect(levels()).toEqual(['excellent', 'offline', 'unstable', 'offline'])
    await s.core.services.live.stop()
  })

  it('a pipeline that ends by itself without an error (a file ran out) ends the session cleanly', async () => {
    const s = await session()
    s.listener.onEnded(null)
    await new Promise((r) => setTimeout(r, 10))
    expect(s.states().slice(-2)).toEqual(['ending', 'ended'])
    expect(JSON.stringify(s.events)).not.toContain('unit-key-0-abcdef')
  })
})

describe('live session: ends the session asked for do not echo back', () => {
  it('a connect timeout fails the session once, even though stopping the pipeline reports a clean end', async () => {
    const { LiveService } = await import('../../../src/main/core/live/live-service')
    const { EventBus } = await import('../../../src/main/core/events/event-bus')
    const { SecretRegistry } = await import('../../../src/main/core/events/secret-registry')
    const { FfmpegLocator } = await import('../../../src/main/core/media/ffmpeg-locator')
    const secrets = new SecretRegistry()
    const bus = new EventBus(secrets)
    const events: Array<{ event: EventName; payload: unknown }> = []
    bus.onDidEmit((event, payload) => events.push({ event, payload }))
    const neverLive: MediaPipelineFactory = (_plan, listener) => ({
      start: async () => {},
      stop: async () => listener.onEnded(null),
      retryNow: () => {},
      pids: () => []
    })
    const live = new LiveService({
      bus,
      secrets,
      ingest: {
        resolve: async () => ({ label: 'rtmp://127.0.0.1:1935/live', rtmp: parseRtmpDestination('rtmp://127.0.0.1:1935/live/timeout-key-1') })
      } as never,
      locator: new FfmpegLocator(),
      pipelineFactory: neverLive,
      recordingsDir: '/tmp/onair-unit-live',
      connectTimeoutMs: 50
    })
    await expect(
      live.start({ destinations: [{ provider: 'custom', profile: 'default' }], video: 'testsrc', audio: 'sine', record: false })
    ).rejects.toMatchObject({ code: 'ingest_unreachable' })
    await new Promise((r) => setTimeout(r, 20))
    const states = events.filter((e) => e.event === 'live:state').map((e) => (e.payload as EventPayloads['live:state']).state)
    expect(states).toEqual(['preparing', 'connecting', 'failed'])
    expect(events.filter((e) => e.event === 'log:event' && (e.payload as EventPayloads['log:event']).level === 'error')).toHaveLength(1)
  })
})
