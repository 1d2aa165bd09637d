import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import type { IngestResolver, ProviderReportedStatus } from '../../../src/main/core/live/ingest-resolver'
import { LiveService } from '../../../src/main/core/live/live-service'
import type { ProviderEvent } from '../../../src/main/core/providers/provider'
import { FfmpegLocator } from '../../../src/main/core/media/ffmpeg-locator'
import type { MediaPipelineFactory, PipelineListener } from '../../../src/main/core/media/media-pipeline'
import type { EventName, EventPayloads } from '../../../src/shared/contract'
import { parseRtmpDestination } from '../../../src/shared/rtmp-url'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A live session on a provider channel whose `status` answers from `answer` (a fake provider, an instant pipeline). */
async function providerSession(answer: () => Promise<ProviderReportedStatus>, providerEvents?: (since: number) => Promise<ProviderEvent[]>) {
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
  let calls = 0
  const ingest = {
    resolve: async () => ({
      label: 'NAVER Cloud Live Station · 방송_채널1',
      rtmp: parseRtmpDestination('rtmp://127.0.0.1:1935/live', 'provider-key-123456'),
      status: () => {
        calls++
        return answer()
      },
      ...(providerEvents ? { events: providerEvents } : {})
    })
  } as unknown as IngestResolver
  const secrets = new SecretRegistry()
  const bus = new EventBus(secrets)
  const events: Array<{ event: EventName; payload: unknown }> = []
  bus.onDidEmit((event, payload) => events.push({ event, payload }))
  const live = new LiveService({
    bus,
    secrets,
    ingest,
    locator: new FfmpegLocator(),
    pipelineFactory,
    recordingsDir: '/tmp/onair-unit-status',
    providerPollMs: 30
  })
  await live.start({ destinations: [{ provider: 'naver', profile: 'default', channelId: 'ls-1' }], video: 'testsrc', audio: 'sine', record: false })
  const logs = () => events.filter((e) => e.event === 'log:event').map((e) => e.payload as EventPayloads['log:event'])
  return { live, events, logs, listener: () => listener as PipelineListener, calls: () => calls }
}

describe('provider status while live', () => {
  it('shows the provider’s own state beside ours and lets its health into the score', async () => {
    const answers: ProviderReportedStatus[] = [{ raw: 'PUBLISHING' }, { raw: 'PUBLISHING', health: 'unstable' }]
    const s = await providerSession(async () => answers.shift() ?? { raw: 'PUBLISHING', health: 'unstable' })
    await sleep(100)
    expect(s.live.snapshot()).toMatchObject({ state: 'live', rawState: 'PUBLISHING', destinations: [{ rawState: 'PUBLISHING' }] })
    s.listener().onStats({ fps: 30, bitrateKbps: 2500, speed: 1, droppedFrames: 0, duplicatedFrames: 0, destinations: [] })
    const health = s.events.filter((e) => e.event === 'live:health').map((e) => e.payload as EventPayloads['live:health'])
    expect(health.at(-1)).toMatchObject({ level: 'unstable', reasons: ['provider reports unstable'] })
    await s.live.stop()
    const callsAtStop = s.calls()
    await sleep(100)
    expect(s.calls()).toBe(callsAtStop)
  })

  it('an unreachable provider API does not touch the stream, and is told once', async () => {
    const s = await providerSession(async () => {
      throw new Error('provider API down')
    })
    await sleep(150)
    expect(s.calls()).toBeGreaterThan(2)
    expect(s.live.snapshot().state).toBe('live')
    expect(s.logs().filter((l) => l.code === 'provider.statusFailed')).toHaveLength(1)
    await s.live.stop()
  })

  it('merges the provider’s own events into the log: tagged with the provider, in its words, each once', async () => {
    const start = Date.now()
    const s = await providerSession(
      async () => ({ raw: 'PUBLISHING' }),
      async () => [
        { time: start + 1, code: 'PUBLISH_START', message: '송출이 시작되었습니다 provider-key-123456', level: 'info' },
        { time: start + 2, code: 'LOW_BITRATE', message: '비트레이트가 낮습니다', level: 'warn' }
      ]
    )
    await sleep(150)
    await s.live.stop()
    const provider = s.logs().filter((l) => l.code === 'provider.event')
    expect(provider.map((l) => [l.level, l.source, l.data?.providerCode])).toEqual([
      ['info', 'naver', 'PUBLISH_START'],
      ['warn', 'naver', 'LOW_BITRATE']
    ])
    expect(provider[1].message).toBe('NAVER Cloud Live Station · 방송_채널1: 비트레이트가 낮습니다')
    // A stream key in a provider's text is still a secret.
    expect(JSON.stringify(provider)).not.toContain('provider-key-123456')
    expect(
      s
        .logs()
        .filter((l) => l.code !== 'provider.event')
        .every((l) => l.source === undefined)
    ).toBe(true)
    expect(s.live.snapshot().log.filter((l) => l.code === 'provider.event')).toHaveLength(2)
  })
})
