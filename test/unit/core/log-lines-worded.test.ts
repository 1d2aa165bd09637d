import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import type { IngestResolver } from '../../../src/main/core/live/ingest-resolver'
import { LiveService } from '../../../src/main/core/live/live-service'
import { FfmpegLocator } from '../../../src/main/core/media/ffmpeg-locator'
import type { MediaPipelineFactory, PipelineListener } from '../../../src/main/core/media/media-pipeline'
import i18next from 'i18next'
import { initI18n, logText } from '../../../src/renderer/src/i18n/texts'
import type { EventPayloads } from '../../../src/shared/contract'
import { onairError, OnairError } from '../../../src/shared/errors'
import type { LogEvent } from '../../../src/shared/live'
import { parseRtmpDestination } from '../../../src/shared/rtmp-url'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * A show with everything that writes the log (two destinations, a provider with status and events, a reconnect told
 * twice with the same reason, a refused destination, the pipeline's own lines, a recording that stops, the end),
 * driven through the live session as the real pipeline drives it. Returns every log line it wrote.
 */
async function eventfulShow(): Promise<LogEvent[]> {
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
    resolve: async (target: { provider: string }) =>
      target.provider === 'custom'
        ? { label: 'rtmp://127.0.0.1:1935/live', rtmp: parseRtmpDestination('rtmp://127.0.0.1:1935/live', 'custom-key-123456') }
        : {
            label: 'Sigma Livestream · Kênh tối nay',
            rtmp: parseRtmpDestination('rtmp://127.0.0.1:1935/sigma', 'sigma-key-123456'),
            status: async () => ({ raw: 'live', state: 'live' as const }),
            events: async () => [{ time: Date.now(), code: 'unstable', message: 'Kênh không ổn định', level: 'warn' as const }],
            release: async () => {
              throw new Error('Sigma answered 500')
            }
          }
  } as unknown as IngestResolver
  const secrets = new SecretRegistry()
  const bus = new EventBus(secrets)
  const lines: LogEvent[] = []
  bus.onDidEmit((event, payload) => {
    if (event === 'log:event') lines.push(payload as EventPayloads['log:event'])
  })
  const live = new LiveService({
    bus,
    secrets,
    ingest,
    locator: new FfmpegLocator(),
    pipelineFactory,
    recordingsDir: '/tmp/onair-unit-log',
    providerPollMs: 20
  })
  await live.start({
    destinations: [
      { provider: 'sigma', profile: 'default', channelId: 'c1' },
      { provider: 'custom', profile: 'default' }
    ],
    video: 'testsrc',
    audio: 'sine',
    record: false
  })
  const l = listener as PipelineListener
  l.onEncoderReady?.()
  l.onLog('info', 'encoder.hardware', 'Encoding with the hardware encoder h264_vaapi')
  const gone = new OnairError(onairError('ingest_unreachable', 'The ingest does not answer (connect ECONNREFUSED 127.0.0.1:1935)').value)
  l.onDestinationReconnecting!('d2', gone, 1, 1000)
  l.onDestinationReconnecting!('d2', gone, 2, 1500)
  l.onDestinationLive('d2')
  l.onRecordingFailed!({ path: '/tmp/x.mkv', complete: false, seconds: 12, error: 'disk_full' }, 'No space left on device')
  l.onDestinationFailed!('d2', new OnairError(onairError('ingest_rejected_key', 'The ingest refused the stream key.').value))
  await sleep(80)
  await live.stop()
  return lines
}

describe('every log line a show writes, in every language', () => {
  initI18n('en')

  it.each(['en', 'ko', 'vi'] as const)('%s: each line worded, no raw {{placeholder}}, back live once', async (lang) => {
    const lines = await eventfulShow()
    const codes = lines.map((line) => line.code)
    // The show did write the lines this test is about.
    for (const code of [
      'live.started',
      'pusher.reconnecting',
      'pusher.reconnected',
      'provider.live',
      'provider.event',
      'provider.stopFailed',
      'recording.failed'
    ])
      expect(codes, code).toContain(code)
    expect(codes.filter((c) => c === 'pusher.reconnected')).toHaveLength(1)
    await i18next.changeLanguage(lang)
    const said = lines.map((line) => logText(line))
    await i18next.changeLanguage('en')
    expect(said.filter((text) => /\{\{|\}\}/.test(text))).toEqual([])
    expect(said.filter((text) => text.trim() === '')).toEqual([])
    // ffmpeg's and the socket's own words never reach the app's log: only our cause.
    if (lang !== 'en') expect(said.filter((text) => /ECONNREFUSED|No space left|Broken pipe/.test(text))).toEqual([])
    // The provider's words as written.
    expect(said.find((text) => text.includes('Kênh không ổn định'))).toBeDefined()
  })
})
