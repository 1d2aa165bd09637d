import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import { preparationStep, sessionStep } from '../../../src/main/core/live/failure-step'
import type { IngestResolver, ProviderReportedStatus, ResolvedIngest } from '../../../src/main/core/live/ingest-resolver'
import { LiveService } from '../../../src/main/core/live/live-service'
import { FfmpegLocator } from '../../../src/main/core/media/ffmpeg-locator'
import type { MediaPipelineFactory, PipelineListener } from '../../../src/main/core/media/media-pipeline'
import type { EventName, EventPayloads } from '../../../src/shared/contract'
import { onairError, type ErrorCode } from '../../../src/shared/errors'
import type { LiveDestination } from '../../../src/shared/live'
import { parseRtmpDestination } from '../../../src/shared/rtmp-url'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('the step a go-live failure stopped at', () => {
  it.each<[ErrorCode, string | undefined, string]>([
    ['auth', undefined, 'account'],
    ['forbidden', undefined, 'account'],
    ['credentials_missing', undefined, 'account'],
    ['keychain_unavailable', undefined, 'account'],
    ['clock_skew', undefined, 'account'],
    // Kollus: the account is fine, the channel's hand-entered ingest is missing.
    ['credentials_missing', 'ingest', 'ingest'],
    ['not_found', undefined, 'channel'],
    ['validation', undefined, 'channel'],
    ['network', undefined, 'channel'],
    ['timeout', undefined, 'channel'],
    ['server', undefined, 'channel'],
    ['rate_limited', undefined, 'channel'],
    ['invalid_request', 'channelId', 'channel'],
    ['invalid_rtmp_url', 'rtmpUrl', 'ingest'],
    ['ingest_failed', undefined, 'ingest'],
    ['invalid_request', 'destinations.0.backup', 'ingest']
  ])('preparing a destination: %s (field %s) → %s', (code, field, step) => {
    expect(preparationStep({ code, ...(field ? { field } : {}) })).toBe(step)
  })

  it.each<[ErrorCode, string | undefined]>([
    ['disk_full', 'encoder'],
    ['recording_unavailable', 'encoder'],
    ['ffmpeg_missing', 'encoder'],
    ['source_unavailable', 'encoder'],
    ['encoder_failed', 'encoder'],
    ['ingest_unreachable', 'push'],
    ['ingest_rejected_key', 'push'],
    ['internal', undefined]
  ])('a whole session: %s → %s', (code, step) => {
    expect(sessionStep({ code })).toBe(step)
  })

  it('a step already said is kept', () => {
    expect(sessionStep({ code: 'auth', step: 'account' })).toBe('account')
  })
})

/** A session over a fake resolver (custom: ready; sigma: refused) and a pipeline the test drives. */
function harness(options: { status?: () => Promise<ProviderReportedStatus>; startFails?: Error } = {}) {
  const ctl: { listener?: PipelineListener } = {}
  const pipelineFactory: MediaPipelineFactory = (_plan, listener) => {
    ctl.listener = listener
    return {
      start: async () => {
        if (options.startFails) throw options.startFails
      },
      stop: async () => listener.onEnded(null),
      retryNow: () => {},
      pids: () => []
    }
  }
  const ingest = {
    resolve: async (t: LiveDestination): Promise<ResolvedIngest> => {
      if (t.provider === 'sigma') throw onairError('auth', 'Sigma Livestream refused the credentials (HTTP 401).', { provider: 'sigma' })
      if (t.provider === 'kollus')
        throw onairError('credentials_missing', 'Kollus does not give out the ingest of this channel.', { provider: 'kollus', field: 'ingest' })
      return {
        label: t.provider === 'naver' ? 'NAVER Cloud Live Station · 방송_1' : 'rtmp://127.0.0.1:1935/live',
        rtmp: parseRtmpDestination('rtmp://127.0.0.1:1935/live', `key-${t.provider}-123456`),
        ...(options.status && t.provider === 'naver' ? { status: options.status } : {})
      }
    }
  } as unknown as IngestResolver
  const secrets = new SecretRegistry()
  const bus = new EventBus(secrets)
  const events: Array<{ event: EventName; payload: unknown }> = []
  bus.onDidEmit((event, payload) => events.push({ event, payload }))
  const live = new LiveService({ bus, secrets, ingest, locator: new FfmpegLocator(), pipelineFactory, recordingsDir: '/tmp', providerPollMs: 20 })
  const logs = () => events.filter((e) => e.event === 'log:event').map((e) => e.payload as EventPayloads['log:event'])
  const start = (destinations: LiveDestination[]) => live.start({ destinations, video: 'testsrc', audio: 'sine', record: false })
  const until = async (check: () => unknown) => {
    for (let i = 0; i < 200 && !check(); i++) await sleep(5)
  }
  return { ctl, live, logs, start, until }
}

describe('the go-live steps core reports', () => {
  it('a refused account is failed at the account step, a missing Kollus ingest at the ingest step; the other goes live', async () => {
    const h = harness()
    const starting = h.start([
      { provider: 'custom', profile: 'default' },
      { provider: 'sigma', profile: 'default', channelId: 'c1' },
      { provider: 'kollus', profile: 'default', channelId: 'k1' }
    ])
    await h.until(() => h.ctl.listener)
    h.ctl.listener?.onDestinationLive('d1')
    const snap = await starting
    expect(snap.destinations).toMatchObject([
      { id: 'd1', state: 'live' },
      { id: 'd2', state: 'failed', error: { code: 'auth', step: 'account' } },
      { id: 'd3', state: 'failed', error: { code: 'credentials_missing', step: 'ingest' } }
    ])
    expect(h.logs().find((l) => l.code === 'error.auth')?.data).toMatchObject({ id: 'd2' })
    await h.live.stop()
  })

  it('encoder ready, each destination live and the provider confirming are each told once, with the destination', async () => {
    const answers: ProviderReportedStatus[] = [{ raw: 'READY', state: 'connecting' }]
    const h = harness({ status: async () => answers.shift() ?? { raw: 'PUBLISHING', state: 'live' } })
    const starting = h.start([
      { provider: 'naver', profile: 'default', channelId: 'ls-1' },
      { provider: 'custom', profile: 'default' }
    ])
    await h.until(() => h.ctl.listener)
    h.ctl.listener?.onEncoderReady?.()
    h.ctl.listener?.onDestinationLive('d1')
    h.ctl.listener?.onDestinationLive('d2')
    await starting
    // A reconnect is not a second "is live" (it is "back live").
    h.ctl.listener?.onDestinationReconnecting?.('d2', onairError('ingest_failed', 'lost'), 1, 1000)
    h.ctl.listener?.onDestinationLive('d2')
    await h.until(() => h.logs().some((l) => l.code === 'provider.live'))
    await sleep(60)
    const codes = h.logs().map((l) => l.code)
    expect(codes.filter((c) => c === 'encoder.started')).toHaveLength(1)
    expect(
      h
        .logs()
        .filter((l) => l.code === 'destination.live')
        .map((l) => l.data)
    ).toEqual([
      { destination: 'NAVER Cloud Live Station · 방송_1', id: 'd1' },
      { destination: 'rtmp://127.0.0.1:1935/live', id: 'd2' }
    ])
    expect(
      h
        .logs()
        .filter((l) => l.code === 'provider.live')
        .map((l) => l.data)
    ).toEqual([{ destination: 'NAVER Cloud Live Station · 방송_1', id: 'd1', raw: 'PUBLISHING' }])
    // In the order a streamer reads the checklist.
    const at = (code: string) => codes.indexOf(code)
    expect(at('destination.ready')).toBeLessThan(at('encoder.started'))
    expect(at('encoder.started')).toBeLessThan(at('destination.live'))
    expect(at('destination.live')).toBeLessThan(at('provider.live'))
    await h.live.stop()
  })

  it('a refused key is failed at the push step; an encoder that cannot start fails the session at the encoder step', async () => {
    const h = harness()
    const starting = h.start([
      { provider: 'custom', profile: 'default' },
      { provider: 'naver', profile: 'default', channelId: 'ls-1' }
    ])
    await h.until(() => h.ctl.listener)
    h.ctl.listener?.onDestinationFailed?.('d1', onairError('ingest_rejected_key', 'The ingest refused the stream key.'))
    h.ctl.listener?.onDestinationLive('d2')
    expect((await starting).destinations[0]).toMatchObject({ state: 'failed', error: { code: 'ingest_rejected_key', step: 'push' } })
    await h.live.stop()

    const broken = harness({ startFails: onairError('source_unavailable', 'The screen could not be opened.') })
    await expect(broken.start([{ provider: 'custom', profile: 'default' }])).rejects.toMatchObject({ code: 'source_unavailable' })
    expect(broken.live.snapshot()).toMatchObject({ state: 'failed', error: { code: 'source_unavailable', step: 'encoder' } })
  })
})
