import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import type { IngestResolver } from '../../../src/main/core/live/ingest-resolver'
import { LiveService } from '../../../src/main/core/live/live-service'
import { FfmpegLocator } from '../../../src/main/core/media/ffmpeg-locator'
import type { MediaPipelineFactory, PipelineListener } from '../../../src/main/core/media/media-pipeline'
import { onairError, OnairError } from '../../../src/shared/errors'
import { parseRtmpDestination } from '../../../src/shared/rtmp-url'

/** A live session to one Custom RTMP ingest on a pipeline the test drives by hand, on a clock the test sets. */
async function session() {
  let listener: PipelineListener | undefined
  const pipelineFactory: MediaPipelineFactory = (plan, l) => {
    listener = l
    return {
      start: async () => queueMicrotask(() => plan.destinations.forEach((d) => l.onDestinationLive(d.id))),
      stop: async () => l.onEnded(null),
      retryNow: () => {},
      pids: () => []
    }
  }
  const ingest = {
    resolve: async () => ({ label: 'rtmp://127.0.0.1/live', rtmp: parseRtmpDestination('rtmp://127.0.0.1:1935/live', 'key-123456') })
  } as unknown as IngestResolver
  const secrets = new SecretRegistry()
  let now = 1_000_000
  const live = new LiveService({
    bus: new EventBus(secrets),
    secrets,
    ingest,
    locator: new FfmpegLocator(),
    pipelineFactory,
    recordingsDir: '/tmp/onair-unit-dashboard',
    now: () => now
  })
  await live.start({ destinations: [{ provider: 'custom', profile: 'default' }], video: 'testsrc', audio: 'sine', record: false })
  return { live, listener: () => listener as PipelineListener, at: (t: number) => (now = t) }
}

const stats = (kbps: number) => ({
  fps: 30,
  bitrateKbps: 2500,
  speed: 1,
  droppedFrames: 0,
  duplicatedFrames: 0,
  destinations: [{ id: 'd1', bytesSent: 0, kbps, congestion: 0, droppedFrames: 0, reconnects: 0 }]
})

describe('what the dashboard reads from core', () => {
  it('marks when the show went off air and when the next try is due, and clears both when it is back', async () => {
    const s = await session()
    expect(s.live.snapshot().offAirSince).toBeUndefined()
    s.at(2_000_000)
    s.listener().onDestinationReconnecting!('d1', new OnairError({ ...onairError('ingest_unreachable', 'gone').value }), 1, 1500)
    expect(s.live.snapshot()).toMatchObject({ state: 'reconnecting', offAirSince: 2_000_000, destinations: [{ state: 'reconnecting', retryAt: 2_001_500 }] })
    s.at(2_003_000)
    s.listener().onDestinationReconnecting!('d1', new OnairError({ ...onairError('ingest_unreachable', 'gone').value }), 2, 2250)
    // Off air since the first loss, not the last attempt.
    expect(s.live.snapshot()).toMatchObject({ offAirSince: 2_000_000, destinations: [{ retryAt: 2_005_250 }] })
    s.at(2_010_000)
    s.listener().onDestinationLive('d1')
    const back = s.live.snapshot()
    expect(back.offAirSince).toBeUndefined()
    expect(back.destinations[0].retryAt).toBeUndefined()
    await s.live.stop()
  })

  it('keeps the show’s graph data for a window that opens mid-show, and starts afresh with the next show', async () => {
    const s = await session()
    for (let i = 0; i < 5; i++) {
      s.at(3_000_000 + i * 1000)
      s.listener().onStats(stats(i === 2 ? 0 : 2400))
    }
    const history = s.live.history()
    expect(history.sessionId).toBe(s.live.snapshot().sessionId)
    expect(history.points.map((p) => p.sent.d1)).toEqual([2400, 2400, 0, 2400, 2400])
    await s.live.stop()
    await s.live.start({ destinations: [{ provider: 'custom', profile: 'default' }], video: 'testsrc', audio: 'sine', record: false })
    expect(s.live.history().points).toEqual([])
    await s.live.stop()
  })
})
