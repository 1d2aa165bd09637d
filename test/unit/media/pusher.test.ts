import { beforeEach, describe, expect, it } from 'vitest'
import { parseRtmpDestination, type RtmpDestination } from '../../../src/shared/rtmp-url'
import { buildFlvHeader, FLV_TAG_AUDIO, FLV_TAG_SCRIPT, FLV_TAG_VIDEO, type FlvTag } from '../../../src/main/core/media/flv-reader'
import { GopCache } from '../../../src/main/core/media/gop-cache'
import { Pusher, type PusherListener } from '../../../src/main/core/media/pusher'
import { decodeAmf0 } from '../../../src/main/core/media/rtmp/amf0'
import { MSG } from '../../../src/main/core/media/rtmp/rtmp-message'
import { FakeClock, flush } from './fake-clock'
import { aacConfig, atag, avcConfig, script, tag, video, vtag } from './flv-helpers'
import { FakeIngestSession, type FakeIngestScript } from './rtmp/fake-rtmp-ingest'
import { MemorySocket, memorySocketPair } from './rtmp/memory-socket'

const KEY = 'sk_live_abcdef123456'

/** A video tag big enough that a few of them fill a socket's buffer. */
const bigVtag = (ts: number, key = false): FlvTag => tag(video(ts, key, 3000), ts, FLV_TAG_VIDEO, key)

/** A connection attempt that the OS refuses (nothing listens). */
function refusedSocket(destination: RtmpDestination): MemorySocket {
  const socket = new MemorySocket()
  socket.peer = new MemorySocket()
  socket.peer.peer = socket
  setImmediate(() => socket.destroy(Object.assign(new Error(`connect ECONNREFUSED ${destination.host}:${destination.port}`), { code: 'ECONNREFUSED' })))
  return socket
}

function setup(options: { refresh?: () => Promise<RtmpDestination>; noKeyframeYet?: boolean; keepTrying?: boolean } = {}) {
  const clock = new FakeClock()
  const cache = new GopCache()
  cache.setHeader(buildFlvHeader(true, true))
  cache.add(tag(script(), 0, FLV_TAG_SCRIPT))
  cache.add(tag(avcConfig(), 0, FLV_TAG_VIDEO, false, true))
  cache.add(tag(aacConfig(), 0, FLV_TAG_AUDIO, false, true))
  if (!options.noKeyframeYet) {
    cache.add(vtag(3000, true))
    cache.add(atag(3010))
  }
  // The ingest as the pusher meets it: up (a scripted RTMP server per connection) or down (connections refused).
  const ingest = { up: true, reachable: true, script: {} as FakeIngestScript }
  const sessions: FakeIngestSession[] = []
  const clients: MemorySocket[] = []
  const opened: RtmpDestination[] = []
  const probes: number[] = []
  const events: Array<[string, ...unknown[]]> = []
  const listener: PusherListener = {
    onLive: (_id, reconnected) => events.push(['live', reconnected]),
    onReconnecting: (_id, error, attempt, next) => events.push(['reconnecting', error.code, attempt, next]),
    onFailed: (_id, error) => events.push(['failed', error.code, error.message]),
    onOffline: (_id, error) => events.push(['offline', error.code]),
    onLog: (_level, code) => events.push(['log', code])
  }
  const pusher = new Pusher(
    { id: 'd1', rtmp: parseRtmpDestination(`rtmp://127.0.0.1:1935/live/${KEY}`), refresh: options.refresh },
    cache,
    {
      openSocket: (destination) => {
        opened.push(destination)
        if (!ingest.up) return refusedSocket(destination)
        const [client, server] = memorySocketPair()
        clients.push(client)
        sessions.push(new FakeIngestSession(server, ingest.script))
        return client
      },
      clock,
      random: () => 0.5,
      probe: async () => {
        probes.push(clock.now())
        return ingest.reachable
      },
      keepTrying: options.keepTrying
    },
    listener
  )
  const feed = (t: FlvTag) => {
    cache.add(t)
    pusher.feed(t)
  }
  const down = () => Object.assign(ingest, { up: false, reachable: false })
  const up = () => Object.assign(ingest, { up: true, reachable: true })
  return { clock, cache, pusher, ingest, sessions, clients, opened, events, probes, feed, down, up, session: () => sessions.at(-1) as FakeIngestSession }
}

/** Lets the in-memory connection run (handshake, commands) until `check` holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return
    await flush()
  }
  throw new Error(`never happened: ${what}`)
}

async function goLive(s: ReturnType<typeof setup>) {
  s.pusher.start()
  await until(() => s.pusher.state === 'live', 'live')
}

const lastEvent = (s: ReturnType<typeof setup>) => s.events.at(-1)

/** Live, then the ingest goes away for long enough that the pusher waits between attempts (its backoff has grown). */
async function backingOff(s: ReturnType<typeof setup>) {
  await goLive(s)
  s.down()
  s.session().close()
  for (let i = 0; i < 4; i++) await s.clock.advance(20_000)
  await until(() => s.pusher.state === 'reconnecting', 'waiting')
}

describe('Pusher', () => {
  let s: ReturnType<typeof setup>
  beforeEach(() => {
    s = setup()
  })

  it('publishes the key and starts on a keyframe: metadata, codec config, then the cached GOP, from time 0', async () => {
    await goLive(s)
    expect(s.events).toEqual([['live', false]])
    expect(s.session().publishedName).toBe(KEY)
    await until(() => s.session().media.length === 5, 'media')
    const media = s.session().media
    expect(media.map((m) => [m.type, m.timestamp])).toEqual([
      [MSG.amf0Data, 0],
      [MSG.video, 0],
      [MSG.audio, 0],
      [MSG.video, 0],
      [MSG.audio, 10]
    ])
    expect(decodeAmf0(media[0].payload)[0]).toBe('@setDataFrame')
    expect(media[1].payload.equals(avcConfig().subarray(11, -4))).toBe(true)
    // Live tags follow on the same clock.
    s.feed(vtag(3033))
    await until(() => s.session().media.length === 6, 'live tag')
    expect(s.session().media[5].timestamp).toBe(33)
    expect(s.pusher.stats().bytesSent).toBeGreaterThan(3073)
  })

  it('is not live before the capture delivers its first keyframe, even though the ingest accepted the publish', async () => {
    const slow = setup({ noKeyframeYet: true })
    slow.pusher.start()
    await until(() => slow.session()?.publishedName === KEY, 'publish accepted')
    for (let i = 0; i < 10; i++) await flush()
    expect(slow.pusher.state).toBe('connecting')
    expect(slow.events).toEqual([])
    slow.feed(vtag(3000, true))
    await until(() => slow.pusher.state === 'live', 'live once media flows')
    expect(slow.events).toEqual([['live', false]])
  })

  it('after losing a live ingest: waits 1 s, then 1.5 s..., and is live again (counted as a reconnect) from time 0', async () => {
    await goLive(s)
    const sentBefore = s.pusher.stats().bytesSent
    s.down()
    s.session().close()
    await until(() => lastEvent(s)?.[0] === 'reconnecting', 'reconnecting')
    expect(lastEvent(s)).toEqual(['reconnecting', 'ingest_unreachable', 1, 1000])
    await s.clock.advance(1000)
    expect(s.opened.length).toBe(2)
    await until(() => (lastEvent(s)?.[2] as number) === 2, 'second attempt fails')
    expect(lastEvent(s)).toEqual(['reconnecting', 'ingest_unreachable', 2, 1500])
    s.up()
    await s.clock.advance(1500)
    await until(() => s.pusher.state === 'live', 'live again')
    expect(lastEvent(s)).toEqual(['live', true])
    expect(s.pusher.stats().reconnects).toBe(1)
    expect(s.pusher.stats().bytesSent).toBeGreaterThan(sentBefore)
    await until(() => s.session().media.length === 5, 'media')
    expect(s.session().media[3]).toMatchObject({ type: MSG.video, timestamp: 0 })
  })

  it('retries as soon as the probe finds the ingest again, however long the backoff has grown', async () => {
    await goLive(s)
    s.down()
    s.session().close()
    await until(() => lastEvent(s)?.[0] === 'reconnecting', 'reconnecting')
    // Let the outage run: backoff grows to many seconds.
    for (let i = 0; i < 6; i++) await s.clock.advance(40_000)
    const waiting = lastEvent(s) as [string, string, number, number]
    expect(waiting[3]).toBeGreaterThan(10_000)
    const attempts = s.opened.length
    const probesBefore = s.probes.length
    await s.clock.advance(3000)
    // At most one probe a second, and no retry while the ingest stays away.
    expect(s.probes.length - probesBefore).toBeLessThanOrEqual(3)
    expect(s.opened.length).toBe(attempts)
    s.up()
    await s.clock.advance(1000)
    expect(s.opened.length).toBe(attempts + 1)
    await until(() => s.pusher.state === 'live', 'live again')
  })

  it('"retry now" tries at once and resets the backoff', async () => {
    await backingOff(s)
    expect((lastEvent(s)?.[3] as number) > 1000).toBe(true)
    const attempts = s.opened.length
    s.pusher.retryNow()
    expect(s.opened.length).toBe(attempts + 1)
    await until(() => lastEvent(s)?.[2] === 1, 'fresh backoff')
    expect(lastEvent(s)).toEqual(['reconnecting', 'ingest_unreachable', 1, 1000])
  })

  it('"retry now" while an attempt is under way is not lost: that attempt goes on, and if it fails the backoff starts over', async () => {
    await backingOff(s)
    const wait = lastEvent(s)?.[3] as number
    expect(wait > 1000).toBe(true)
    // The next attempt reaches a server that never answers the publish: it is under way until its 10 s timeout.
    Object.assign(s.ingest, { up: true, reachable: false, script: { publish: 'silent' } })
    await s.clock.advance(wait)
    const attempts = s.opened.length
    const told = s.events.length
    s.pusher.retryNow()
    expect(s.opened.length).toBe(attempts)
    await s.clock.advance(10_000)
    expect(s.events.slice(told).find(([kind]) => kind === 'reconnecting')).toEqual(['reconnecting', 'ingest_unreachable', 1, 1000])
  })

  it('a refused key that never worked is not retried blindly: it fails clearly, and the key is in no event', async () => {
    // nginx-rtmp's answer when on_publish says 403: it closes the connection.
    s.ingest.script = { publish: 'close' }
    s.pusher.start()
    await until(() => s.pusher.state === 'failed', 'failed')
    await s.clock.advance(60_000)
    expect(s.opened.length).toBe(1)
    expect(s.events).toEqual([['failed', 'ingest_rejected_key', expect.stringMatching(/refused the stream key/)]])
    expect(JSON.stringify(s.events)).not.toContain(KEY)
  })

  it('asks the provider for a fresh ingest once, then fails if that key is refused too', async () => {
    const fresh = parseRtmpDestination('rtmp://127.0.0.1:1935/live/fresh-key-987654')
    let refreshes = 0
    s = setup({ refresh: async () => (refreshes++, fresh) })
    s.ingest.script = { publish: 'badname' }
    s.pusher.start()
    await until(() => s.pusher.state === 'failed', 'failed')
    expect(refreshes).toBe(1)
    expect(s.opened.map((d) => d.key)).toEqual([KEY, 'fresh-key-987654'])
    expect(s.sessions[1].publishedName).toBe('fresh-key-987654')
    expect(lastEvent(s)?.slice(0, 2)).toEqual(['failed', 'ingest_rejected_key'])
    expect(JSON.stringify(s.events)).not.toMatch(/fresh-key|sk_live/)
  })

  it('a key refused after a reconnect (the old session still holds the name) is tried 3 times, then fails', async () => {
    await goLive(s)
    s.ingest.script = { publish: 'badname' }
    s.session().close()
    for (let i = 0; i < 10 && s.pusher.state !== 'failed'; i++) await s.clock.advance(5000)
    expect(s.opened.length).toBe(4)
    expect(s.events.filter((e) => e[0] === 'reconnecting').map((e) => e[1])).toEqual(['ingest_failed', 'ingest_rejected_key', 'ingest_rejected_key'])
    expect(lastEvent(s)?.slice(0, 2)).toEqual(['failed', 'ingest_rejected_key'])
  })

  it('an unreachable ingest at the start fails at once (no silent retries before ever going live)', async () => {
    s.down()
    s.pusher.start()
    await until(() => s.pusher.state === 'failed', 'failed')
    expect(s.events).toEqual([['failed', 'ingest_unreachable', expect.stringMatching(/does not answer.*ECONNREFUSED/)]])
    // A refused connection needs no probe to know.
    expect(s.probes).toEqual([])
  })

  it('an ingest that accepts the connection but never the publish fails after 10 s', async () => {
    s.ingest.script = { publish: 'silent' }
    s.pusher.start()
    await until(() => s.session()?.publishedName === KEY, 'publish sent')
    await s.clock.advance(9000)
    expect(s.pusher.state).toBe('connecting')
    await s.clock.advance(1000)
    await until(() => s.pusher.state === 'failed', 'failed')
    expect(s.events).toEqual([['failed', 'ingest_failed', expect.stringMatching(/did not answer in time/)]])
  })

  it('gives up 30 minutes into an outage', async () => {
    await goLive(s)
    s.down()
    s.session().close()
    for (let i = 0; i < 100 && s.pusher.state !== 'failed'; i++) await s.clock.advance(30_000)
    expect(s.pusher.state).toBe('failed')
    expect(lastEvent(s)?.slice(0, 2)).toEqual(['failed', 'ingest_unreachable'])
    expect(s.clock.now() - 1_000_000).toBeLessThanOrEqual(31 * 60_000)
  })

  it('a stalled connection never blocks the fan-out: its queue drops to the next keyframe and congestion shows it', async () => {
    await goLive(s)
    const client = s.clients.at(-1) as MemorySocket
    client.stall()
    let congestionSeen = 0
    for (let n = 1; n <= 150; n++) {
      const ts = 3000 + Math.round(n * 33.33)
      s.feed(bigVtag(ts, n % 60 === 0))
      congestionSeen = Math.max(congestionSeen, s.pusher.stats().congestion)
    }
    const stats = s.pusher.stats()
    expect(stats.droppedFrames).toBeGreaterThan(50)
    expect(stats.queueMs).toBeLessThanOrEqual(700)
    expect(congestionSeen).toBeGreaterThan(0.9)
    client.unstall()
    await flush()
    // Back to normal from the next keyframe on; the peak of the previous interval is reported once.
    for (let n = 151; n <= 190; n++) s.feed(vtag(3000 + Math.round(n * 33.33), n % 60 === 0))
    await flush()
    expect(s.pusher.stats().congestion).toBe(1)
    s.feed(vtag(3000 + Math.round(191 * 33.33)))
    expect(s.pusher.stats().congestion).toBeLessThan(0.1)
    // What reached the ingest resumed on a keyframe.
    const media = s.session().media.filter((m) => m.type === MSG.video)
    const afterGap = media.findIndex((m, i) => i > 0 && m.timestamp - media[i - 1].timestamp > 100)
    expect(media[afterGap].payload[0] >> 4).toBe(1)
  })

  it('cuts a connection that silently stopped moving (media waiting, nothing written for 10 s) and reconnects', async () => {
    await goLive(s)
    const client = s.clients.at(-1) as MemorySocket
    client.stall()
    for (let n = 1; n <= 30; n++) s.feed(bigVtag(3000 + Math.round(n * 33.33), false))
    await s.clock.advance(9000)
    expect(client.destroyed).toBe(false)
    await s.clock.advance(2000)
    expect(client.destroyed).toBe(true)
    await until(() => lastEvent(s)?.[0] === 'reconnecting', 'reconnecting')
    expect(s.events).toContainEqual(['log', 'pusher.stuck'])
    expect(lastEvent(s)).toEqual(['reconnecting', 'ingest_failed', 1, 1000])
  })

  it('does not cut a pusher that is idle only because the encoder sends nothing', async () => {
    await goLive(s)
    await s.clock.advance(30_000)
    expect(s.clients.at(-1)?.destroyed).toBe(false)
    expect(s.pusher.state).toBe('live')
  })

  it('stop sends what is queued, ends the publish (FCUnpublish, deleteStream) and does not reconnect', async () => {
    await goLive(s)
    s.feed(vtag(3033))
    await s.pusher.stop()
    expect(
      s
        .session()
        .commands.map((c) => c.name)
        .slice(-2)
    ).toEqual(['FCUnpublish', 'deleteStream'])
    expect(s.session().media.at(-1)?.timestamp).toBe(33)
    expect(s.clients.at(-1)?.destroyed).toBe(true)
    await s.clock.advance(60_000)
    expect(s.opened.length).toBe(1)
    expect(s.pusher.state).toBe('stopped')
  })
})

describe('Pusher in offline mode (keepTrying)', () => {
  it('an ingest down at the start: offline (told once), probed once a second, live within a second of its return', async () => {
    const s = setup({ keepTrying: true })
    s.down()
    s.pusher.start()
    await until(() => s.pusher.state === 'offline', 'offline')
    for (let i = 0; i < 20; i++) await s.clock.advance(1000)
    expect(s.pusher.state).toBe('offline')
    expect(s.events).toEqual([['offline', 'ingest_unreachable']])
    expect(s.probes.length).toBeGreaterThanOrEqual(15)
    s.up()
    await s.clock.advance(1000)
    await until(() => s.pusher.state === 'live', 'live')
    expect(s.events.at(-1)).toEqual(['live', false])
  })

  it('past the reconnect window it goes offline instead of failing, and keeps trying', async () => {
    const s = setup({ keepTrying: true })
    await goLive(s)
    s.down()
    s.session().close()
    for (let i = 0; i < 70 && s.pusher.state !== 'offline'; i++) await s.clock.advance(30_000)
    expect(s.pusher.state).toBe('offline')
    expect(s.events.filter((e) => e[0] === 'offline')).toEqual([['offline', 'ingest_unreachable']])
    const opened = s.opened.length
    await s.clock.advance(120_000)
    expect(s.opened.length).toBeGreaterThan(opened)
    s.up()
    await s.clock.advance(1000)
    await until(() => s.pusher.state === 'live', 'live')
    expect(s.events.at(-1)).toEqual(['live', true])
    expect(s.events.some((e) => e[0] === 'failed')).toBe(false)
  })

  it('a refused key still fails at once, offline mode or not', async () => {
    const s = setup({ keepTrying: true })
    s.ingest.script = { publish: 'close' }
    s.pusher.start()
    await until(() => s.pusher.state === 'failed', 'failed')
    expect(s.events).toEqual([['failed', 'ingest_rejected_key', expect.stringMatching(/refused the stream key/)]])
  })
})
