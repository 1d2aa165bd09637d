import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseRtmpDestination } from '../../../../src/shared/rtmp-url'
import { decodeAmf0 } from '../../../../src/main/core/media/rtmp/amf0'
import type { RtmpFailure } from '../../../../src/main/core/media/rtmp/rtmp-failure'
import { MSG } from '../../../../src/main/core/media/rtmp/rtmp-message'
import { RtmpPublisher, type RtmpPublisherOptions } from '../../../../src/main/core/media/rtmp/rtmp-publisher'
import { openRtmpSocket } from '../../../../src/main/core/media/rtmp/rtmp-socket'
import { FLV_TAG_AUDIO, FLV_TAG_SCRIPT, FLV_TAG_VIDEO } from '../../../../src/main/core/media/flv-reader'
import { aacConfig, atag, avcConfig, script, tag, vtag } from '../flv-helpers'
import { startFakeIngest, type FakeIngestScript, type FakeIngestServer } from './fake-rtmp-ingest'

const KEY = 'sk_live_9f8e7d6c5b4a'

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

let servers: FakeIngestServer[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

async function setup(
  script: FakeIngestScript = {},
  url = (port: number) => `rtmp://127.0.0.1:${port}/live/${KEY}`,
  options: Partial<RtmpPublisherOptions> = {}
) {
  const server = await startFakeIngest(script)
  servers.push(server)
  const events: string[] = []
  let closed: RtmpFailure | null | undefined
  const publisher = new RtmpPublisher(
    { destination: parseRtmpDestination(url(server.port)), ...options },
    {
      onPublishing: () => events.push('publishing'),
      onDrain: () => events.push('drain'),
      onClosed: (failure) => {
        events.push('closed')
        closed = failure
      }
    }
  )
  publisher.start()
  return { server, publisher, events, closed: () => closed, session: () => server.sessions[0] }
}

describe('RtmpPublisher against a scripted ingest over real TCP', () => {
  it('handshakes, connects, publishes the key and streams FLV tags as RTMP messages from time 0', async () => {
    const s = await setup()
    await until(() => s.publisher.publishing, 'publish')
    const session = s.session()
    // Simple handshake: C1 has zero bytes where the complex one puts a version, and C2 is our S1.
    expect(session.c1?.readUInt32BE(4)).toBe(0)
    expect(session.c2Echoed).toBe(true)
    expect(session.connectProperties).toEqual({
      app: 'live',
      type: 'nonprivate',
      flashVer: 'FMLE/3.0 (compatible; FMSc/1.0)',
      swfUrl: `rtmp://127.0.0.1:${s.server.port}/live`,
      tcUrl: `rtmp://127.0.0.1:${s.server.port}/live`
    })
    expect(session.commands.map((c) => c.name)).toEqual(['connect', 'releaseStream', 'FCPublish', 'createStream', 'publish'])
    expect(session.commands.find((c) => c.name === 'publish')?.args).toEqual([null, KEY, 'live'])
    expect(session.ofType(MSG.setChunkSize)[0].payload.readUInt32BE(0)).toBe(4096)

    // The encoder's clock was at 5 s when this connection began: the ingest sees it start at 0.
    s.publisher.batch(() => {
      s.publisher.sendTag(tag(script(), 0, FLV_TAG_SCRIPT))
      s.publisher.sendTag(tag(avcConfig(), 0, FLV_TAG_VIDEO, false, true))
      s.publisher.sendTag(tag(aacConfig(), 0, FLV_TAG_AUDIO, false, true))
      s.publisher.sendTag(vtag(5000, true))
      s.publisher.sendTag(atag(5010))
      s.publisher.sendTag(vtag(5033))
    })
    await until(() => session.media.length === 6, 'media')
    expect(session.media.map((m) => [m.type, m.timestamp, m.streamId])).toEqual([
      [MSG.amf0Data, 0, 1],
      [MSG.video, 0, 1],
      [MSG.audio, 0, 1],
      [MSG.video, 0, 1],
      [MSG.audio, 10, 1],
      [MSG.video, 33, 1]
    ])
    // Metadata becomes @setDataFrame; audio and video bodies go as they are (no FLV tag header).
    expect(decodeAmf0(session.media[0].payload)).toEqual(['@setDataFrame', 'onMetaData'])
    expect(session.media[1].payload.equals(avcConfig().subarray(11, -4))).toBe(true)
    expect(session.media[5].payload.equals(vtag(5033).bytes.subarray(11, -4))).toBe(true)
    expect(s.publisher.bytesWritten).toBeGreaterThan(1537 + 1536 + 200)
    expect(s.events).toEqual(['publishing'])
  })

  it('a show past 4 h 40 min: timestamps beyond 0xFFFFFF arrive whole (extended timestamps)', async () => {
    const s = await setup()
    await until(() => s.publisher.publishing, 'publish')
    const fiveHours = 5 * 3600 * 1000
    for (const ts of [0, 1000, fiveHours, fiveHours + 33]) s.publisher.sendTag(vtag(ts, ts === 0))
    s.publisher.sendTag({
      ...vtag(fiveHours + 66),
      bytes: Buffer.concat([vtag(fiveHours + 66).bytes.subarray(0, 11), Buffer.alloc(10_000, 7), Buffer.alloc(4)])
    })
    await until(() => s.session().media.length === 5, 'media')
    expect(s.session().media.map((m) => m.timestamp)).toEqual([0, 1000, fiveHours, fiveHours + 33, fiveHours + 66])
    expect(s.session().media[4].payload.length).toBe(10_000)
  })

  it('sends the key with its query string as the stream name, and a nested app whole', async () => {
    const s = await setup({}, (port) => `rtmp://127.0.0.1:${port}/app/instance/${KEY}?token=abc`)
    await until(() => s.publisher.publishing, 'publish')
    expect(s.session().connectProperties?.app).toBe('app/instance')
    expect(s.session().connectProperties?.tcUrl).toBe(`rtmp://127.0.0.1:${s.server.port}/app/instance`)
    expect(s.session().publishedName).toBe(`${KEY}?token=abc`)
  })

  it("answers the server's pings and bandwidth check, acknowledges once its window is crossed; reads its chunk size", async () => {
    const s = await setup({ windowAckSize: 100, chunkSize: 60, bandwidthDone: true })
    await until(() => s.publisher.publishing, 'publish')
    expect(s.session().commands.map((c) => c.name)).toContain('_checkbw')
    s.session().ping(0xdeadbeef)
    await until(() => s.session().ofType(MSG.userControl).length > 0, 'ping response')
    const pong = s.session().ofType(MSG.userControl)[0].payload
    expect(pong.readUInt16BE(0)).toBe(7)
    expect(pong.readUInt32BE(2)).toBe(0xdeadbeef)
    // 40 more pings of 10 bytes each, one read at a time: 400 bytes, at least 3 more windows of 100.
    const acksBefore = s.session().ofType(MSG.acknowledgement).length
    for (let i = 0; i < 40; i++) {
      s.session().ping(i)
      await until(() => s.session().ofType(MSG.userControl).length === i + 2, 'ping response')
    }
    const acks = s
      .session()
      .ofType(MSG.acknowledgement)
      .map((m) => m.payload.readUInt32BE(0))
    expect(acks.length - acksBefore).toBeGreaterThanOrEqual(3)
    // The sequence number counts every byte received, the handshake's 3073 included, a window or more apart.
    expect(acks[0]).toBeGreaterThan(3073)
    for (let i = 1; i < acks.length; i++) expect(acks[i] - acks[i - 1]).toBeGreaterThanOrEqual(100)
  })

  it('reports backpressure and drains', async () => {
    const s = await setup()
    await until(() => s.publisher.publishing, 'publish')
    s.session().socket.pause()
    const big = { ...vtag(0, true), bytes: Buffer.concat([vtag(0, true).bytes.subarray(0, 11), Buffer.alloc(256 * 1024), Buffer.alloc(4)]) }
    let sent = 0
    while (s.publisher.sendTag(big) && sent < 400) sent++
    expect(s.publisher.needDrain).toBe(true)
    const writtenWhileStuck = s.publisher.bytesWritten
    // Bytes count as written only once the OS took them: far less than was offered.
    expect(writtenWhileStuck).toBeLessThan((sent + 1) * big.bytes.length)
    s.session().socket.resume()
    await until(() => s.events.includes('drain'), 'drain', 10_000)
    expect(s.publisher.needDrain).toBe(false)
    expect(s.publisher.bytesWritten).toBeGreaterThan(writtenWhileStuck)
  })

  it('finish(): FCUnpublish and deleteStream after the media, then a clean close', async () => {
    const s = await setup()
    await until(() => s.publisher.publishing, 'publish')
    s.publisher.sendTag(vtag(0, true))
    await s.publisher.finish()
    const names = s.session().commands.map((c) => c.name)
    expect(names.slice(-2)).toEqual(['FCUnpublish', 'deleteStream'])
    expect(s.session().media).toHaveLength(1)
    expect(s.events).toEqual(['publishing', 'closed'])
    expect(s.closed()).toBe(null)
  })

  it('finish() before the handshake is through closes at once', async () => {
    const s = await setup({ handshakeReply: Buffer.alloc(0) })
    await until(() => s.session()?.c1 !== null && s.session() !== undefined, 'C1 at the server')
    const t0 = Date.now()
    await s.publisher.finish()
    expect(Date.now() - t0).toBeLessThan(500)
    expect(s.closed()).toBe(null)
  })

  it.each<[string, FakeIngestScript, Partial<RtmpPublisherOptions>, RtmpFailure['kind'], RegExp]>([
    ['connect refused with _error', { connect: 'error' }, {}, 'rejected', /NetConnection\.Connect\.Rejected/],
    ['connection closed at connect (app auth)', { connect: 'close' }, {}, 'rejected', /closed the connection before accepting/],
    ['connection closed at publish (nginx-rtmp on_publish 403)', { publish: 'close' }, {}, 'rejected', /closed the connection before accepting/],
    ['NetStream.Publish.BadName', { publish: 'badname' }, {}, 'rejected', /NetStream\.Publish\.BadName: Stream ••• is already publishing/],
    ['_error to publish', { publish: 'error' }, {}, 'rejected', /NetStream\.Publish\.Denied: Denied: •••/],
    ['no answer to publish', { publish: 'silent' }, { timeoutMs: 300 }, 'timeout', /no answer to publish within 0.3 s/],
    ['an HTTP server on the port', { handshakeReply: Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n') }, {}, 'handshake', /did not answer the RTMP handshake/]
  ])('%s → %s, and the key is never in the detail', async (_name, script, options, kind, detail) => {
    const s = await setup(script, undefined, options)
    await until(() => s.closed() !== undefined, 'close')
    expect(s.closed()?.kind).toBe(kind)
    expect(s.closed()?.detail).toMatch(detail)
    expect(s.closed()?.detail).not.toContain(KEY)
    expect(s.events).toEqual(['closed'])
  })

  it('nothing listening → unreachable', async () => {
    const server = await startFakeIngest()
    const port = server.port
    await server.close()
    let failure: RtmpFailure | null = null
    const publisher = new RtmpPublisher(
      { destination: parseRtmpDestination(`rtmp://127.0.0.1:${port}/live/${KEY}`) },
      { onPublishing: () => undefined, onDrain: () => undefined, onClosed: (f) => (failure = f) }
    )
    publisher.start()
    await until(() => failure !== null, 'failure')
    expect(failure).toMatchObject({ kind: 'unreachable', detail: expect.stringMatching(/ECONNREFUSED/) })
  })

  it('after the publish started: a closed connection or an error status is a lost connection', async () => {
    const a = await setup()
    await until(() => a.publisher.publishing, 'publish')
    a.session().close()
    await until(() => a.closed() !== undefined, 'close')
    expect(a.closed()?.kind).toBe('lost')

    const b = await setup()
    await until(() => b.publisher.publishing, 'publish')
    b.session().onStatus({ level: 'error', code: 'NetStream.Publish.Failed', description: 'gone' })
    await until(() => b.closed() !== undefined, 'close')
    expect(b.closed()).toEqual({ kind: 'lost', detail: 'NetStream.Publish.Failed: gone' })
  })

  it('abort() cuts at once and reports a lost connection', async () => {
    const s = await setup()
    await until(() => s.publisher.publishing, 'publish')
    s.publisher.abort('no data moved')
    expect(s.closed()).toEqual({ kind: 'lost', detail: 'no data moved' })
    await until(() => s.session().socket.destroyed, 'server side closed')
  })
})

describe('RtmpPublisher over TLS (rtmps://)', () => {
  let dir: string
  let tls: { key: Buffer; cert: Buffer }
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onair-rtmps-'))
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem')
      ],
      { stdio: 'ignore' }
    )
    tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }
    return () => rmSync(dir, { recursive: true, force: true })
  })

  async function publishTls(trust: boolean) {
    const server = await startFakeIngest({}, tls)
    servers.push(server)
    let failure: RtmpFailure | null | undefined
    const publisher = new RtmpPublisher(
      {
        destination: parseRtmpDestination(`rtmps://localhost:${server.port}/live/${KEY}`),
        // The test's own CA stands in for the system's; the host name and SNI are the publisher's own.
        openSocket: (d) => openRtmpSocket(d, trust ? { ca: tls.cert } : {})
      },
      { onPublishing: () => undefined, onDrain: () => undefined, onClosed: (f) => (failure = f) }
    )
    publisher.start()
    return { server, publisher, failure: () => failure }
  }

  it('publishes over TLS, naming the host in SNI', async () => {
    const t = await publishTls(true)
    await until(() => t.publisher.publishing, 'publish')
    expect(t.server.serverNames).toEqual(['localhost'])
    expect(t.server.sessions[0].publishedName).toBe(KEY)
    expect(t.server.sessions[0].connectProperties?.tcUrl).toBe(`rtmps://localhost:${t.server.port}/live`)
    await t.publisher.finish()
  })

  it('an untrusted certificate is a TLS failure, not a refused key', async () => {
    const t = await publishTls(false)
    await until(() => t.failure() !== undefined, 'failure')
    expect(t.failure()).toMatchObject({ kind: 'tls', detail: expect.stringMatching(/SELF_SIGNED|CERT/) })
    expect(t.server.sessions[0]?.publishedName).toBeUndefined()
  })
})
