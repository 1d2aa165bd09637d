import { beforeEach, describe, expect, it } from 'vitest'
import type { OnairError } from '../../../src/shared/errors'
import { parseRtmpDestination } from '../../../src/shared/rtmp-url'
import { buildFlvHeader, FLV_TAG_AUDIO, FLV_TAG_VIDEO } from '../../../src/main/core/media/flv-reader'
import { GopCache } from '../../../src/main/core/media/gop-cache'
import { Pusher, type PusherListener } from '../../../src/main/core/media/pusher'
import { FakeClock, flush } from './fake-clock'
import { fakeSpawner, type FakeFfmpeg } from './fake-ffmpeg'
import { aacConfig, atag, avcConfig, tag, vtag } from './flv-helpers'

const KEY = 'sk_live_abcdef123456'

function setup(options: { refresh?: () => Promise<ReturnType<typeof parseRtmpDestination>> } = {}) {
  const clock = new FakeClock()
  const cache = new GopCache()
  cache.setHeader(buildFlvHeader(true, true))
  cache.add(tag(avcConfig(), 0, FLV_TAG_VIDEO, false, true))
  cache.add(tag(aacConfig(), 0, FLV_TAG_AUDIO, false, true))
  cache.add(vtag(0, true))
  cache.add(atag(10))
  const { spawn, children } = fakeSpawner()
  let reachable = true
  const probes: number[] = []
  const events: Array<[string, ...unknown[]]> = []
  const listener: PusherListener = {
    onLive: (id, reconnected) => events.push(['live', reconnected]),
    onReconnecting: (id, error, attempt, next) => events.push(['reconnecting', error.code, attempt, next]),
    onFailed: (id, error) => events.push(['failed', error.code, error.message]),
    onLog: (level, code) => events.push(['log', code])
  }
  const pusher = new Pusher(
    { id: 'd1', rtmp: parseRtmpDestination(`rtmp://127.0.0.1:1935/live/${KEY}`), refresh: options.refresh },
    cache,
    {
      ffmpegPath: 'ffmpeg',
      spawn,
      clock,
      random: () => 0.5,
      probe: async () => {
        probes.push(clock.now())
        return reachable
      }
    },
    listener
  )
  const last = (): FakeFfmpeg => children.at(-1) as FakeFfmpeg
  const feed = (t: ReturnType<typeof vtag>) => {
    cache.add(t)
    pusher.feed(t)
  }
  return { clock, cache, pusher, children, last, events, probes, feed, setReachable: (v: boolean) => (reachable = v) }
}

async function goLive(s: ReturnType<typeof setup>) {
  s.pusher.start()
  s.last().reportProgress()
  await flush()
}

describe('Pusher', () => {
  let s: ReturnType<typeof setup>
  beforeEach(() => {
    s = setup()
  })

  it('copies FLV to the RTMP URL and starts on a keyframe: header, codec config, then the cached GOP', async () => {
    s.pusher.start()
    const child = s.last()
    expect(child.args.join(' ')).toContain('-f flv -i pipe:0 -map 0 -c copy -f flv')
    expect(child.url).toBe(`rtmp://127.0.0.1:1935/live/${KEY}`)
    await flush()
    const bytes = Buffer.concat(child.written)
    expect(bytes.subarray(0, 3).toString()).toBe('FLV')
    const afterConfig = 13 + avcConfig().length + aacConfig().length
    expect(bytes.subarray(afterConfig, afterConfig + vtag(0, true).bytes.length).equals(vtag(0, true).bytes)).toBe(true)
    child.reportProgress()
    await flush()
    expect(s.events).toEqual([['live', false]])
    expect(s.pusher.state).toBe('live')
  })

  it('after losing a live ingest: waits 1 s, then 1.5 s..., and is live again (counted as a reconnect)', async () => {
    await goLive(s)
    s.setReachable(false)
    s.last().exit(1, 'av_interleaved_write_frame(): Connection reset by peer')
    await flush()
    expect(s.events.at(-1)).toEqual(['reconnecting', 'ingest_unreachable', 1, 1000])
    await s.clock.advance(1000)
    expect(s.children.length).toBe(2)
    s.last().exit(1, 'rtmp://127.0.0.1:1935/live/x: Connection refused')
    await flush()
    expect(s.events.at(-1)).toEqual(['reconnecting', 'ingest_unreachable', 2, 1500])
    await s.clock.advance(1500)
    expect(s.children.length).toBe(3)
    s.last().reportProgress()
    await flush()
    expect(s.events.at(-1)).toEqual(['live', true])
    expect(s.pusher.stats().reconnects).toBe(1)
  })

  it('retries as soon as the probe finds the ingest again, however long the backoff has grown', async () => {
    await goLive(s)
    s.setReachable(false)
    s.last().exit(1, 'Connection reset by peer')
    await flush()
    // Let the outage run: backoff grows to many seconds.
    for (let i = 0; i < 6; i++) {
      await s.clock.advance(40_000)
      s.last().exit(1, 'Connection refused')
      await flush()
    }
    const waiting = s.events.at(-1) as [string, string, number, number]
    expect(waiting[3]).toBeGreaterThan(10_000)
    const spawned = s.children.length
    const probesBefore = s.probes.length
    await s.clock.advance(3000)
    // At most one probe a second, and no retry while the ingest stays away.
    expect(s.probes.length - probesBefore).toBeLessThanOrEqual(3)
    expect(s.children.length).toBe(spawned)
    s.setReachable(true)
    await s.clock.advance(1000)
    expect(s.children.length).toBe(spawned + 1)
  })

  it('"retry now" tries at once and resets the backoff', async () => {
    await goLive(s)
    s.setReachable(false)
    for (let i = 0; i < 4; i++) {
      s.last().exit(1, 'Connection refused')
      await flush()
      await s.clock.advance(20_000)
    }
    s.last().exit(1, 'Connection refused')
    await flush()
    const spawned = s.children.length
    s.pusher.retryNow()
    expect(s.children.length).toBe(spawned + 1)
    s.last().exit(1, 'Connection refused')
    await flush()
    expect(s.events.at(-1)).toEqual(['reconnecting', 'ingest_unreachable', 1, 1000])
  })

  it('a refused key that never worked is not retried blindly: it fails clearly', async () => {
    s.pusher.start()
    s.last().exit(1, `rtmp://127.0.0.1:1935/live/${KEY}: Input/output error`)
    await flush()
    await s.clock.advance(60_000)
    expect(s.children.length).toBe(1)
    expect(s.events).toEqual([['failed', 'ingest_rejected_key', expect.stringMatching(/refused the stream key/)]])
    expect(JSON.stringify(s.events)).not.toContain(KEY)
  })

  it('asks the provider for a fresh ingest once, then fails if that key is refused too', async () => {
    const fresh = parseRtmpDestination('rtmp://127.0.0.1:1935/live/fresh-key-987654')
    let refreshes = 0
    s = setup({ refresh: async () => (refreshes++, fresh) })
    s.pusher.start()
    s.last().exit(1, 'Input/output error')
    await flush()
    expect(refreshes).toBe(1)
    expect(s.children.length).toBe(2)
    expect(s.last().url).toBe(fresh.publishUrl)
    s.last().exit(1, 'Input/output error')
    await flush()
    expect(refreshes).toBe(1)
    expect(s.events.at(-1)?.slice(0, 2)).toEqual(['failed', 'ingest_rejected_key'])
  })

  it('an unreachable ingest at the start fails at once (no silent retries before ever going live)', async () => {
    s.setReachable(false)
    s.pusher.start()
    s.last().exit(1, 'Connection refused')
    await flush()
    expect(s.events).toEqual([['failed', 'ingest_unreachable', expect.any(String)]])
  })

  it('gives up 30 minutes into an outage', async () => {
    await goLive(s)
    s.setReachable(false)
    s.last().exit(1, 'Connection reset by peer')
    await flush()
    for (let i = 0; i < 100 && s.pusher.state !== 'failed'; i++) {
      await s.clock.advance(30_000)
      if (s.pusher.pid) s.last().exit(1, 'Connection refused')
      await flush()
    }
    expect(s.pusher.state).toBe('failed')
    expect(s.events.at(-1)?.slice(0, 2)).toEqual(['failed', 'ingest_unreachable'])
    expect(s.clock.now() - 1_000_000).toBeLessThanOrEqual(31 * 60_000)
  })

  it('a stalled pusher never blocks the fan-out: its queue drops to the next keyframe and congestion shows it', async () => {
    await goLive(s)
    s.last().stalled = true
    let congestionSeen = 0
    for (let n = 1; n <= 150; n++) {
      const ts = Math.round(n * 33.33)
      s.feed(vtag(ts, n % 60 === 0))
      congestionSeen = Math.max(congestionSeen, s.pusher.stats().congestion)
    }
    const stats = s.pusher.stats()
    expect(stats.droppedFrames).toBeGreaterThan(50)
    expect(stats.queueMs).toBeLessThanOrEqual(700)
    expect(congestionSeen).toBeGreaterThan(0.9)
    s.last().unstall()
    await flush()
    // Back to normal from the next keyframe on; the peak of the previous interval is reported once.
    for (let n = 151; n <= 190; n++) s.feed(vtag(Math.round(n * 33.33), n % 60 === 0))
    await flush()
    expect(s.pusher.stats().congestion).toBe(1)
    s.feed(vtag(Math.round(191 * 33.33)))
    expect(s.pusher.stats().congestion).toBeLessThan(0.1)
  })

  it('cuts a connection that silently stopped moving (media waiting, no progress for 10 s) and reconnects', async () => {
    await goLive(s)
    const child = s.last()
    child.stalled = true
    for (let n = 1; n <= 30; n++) s.feed(vtag(Math.round(n * 33.33), false))
    await s.clock.advance(9000)
    expect(child.signalCode).toBe(null)
    await s.clock.advance(2000)
    expect(child.signalCode).toBe('SIGKILL')
    await flush()
    expect(s.events).toContainEqual(['log', 'pusher.stuck'])
    expect(s.events.at(-1)).toEqual(['reconnecting', 'ingest_failed', 1, 1000])
  })

  it('does not cut a pusher that is idle only because the encoder sends nothing', async () => {
    await goLive(s)
    await s.clock.advance(30_000)
    expect(s.last().signalCode).toBe(null)
    expect(s.pusher.state).toBe('live')
  })

  it('stop ends stdin (ffmpeg flushes and exits) and does not reconnect', async () => {
    await goLive(s)
    await s.pusher.stop()
    expect(s.last().exitCode).toBe(0)
    await s.clock.advance(60_000)
    expect(s.children.length).toBe(1)
    expect(s.pusher.state).toBe('stopped')
  })
})

export type { OnairError }
