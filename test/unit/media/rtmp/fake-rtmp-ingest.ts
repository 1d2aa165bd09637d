import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net'
import type { Duplex } from 'node:stream'
import { createServer as createTlsServer, type TLSSocket } from 'node:tls'
import type { AmfObject, AmfValue } from '../../../../src/main/core/media/rtmp/amf0'
import { RtmpChunkReader } from '../../../../src/main/core/media/rtmp/rtmp-chunk-reader'
import { RtmpChunkWriter } from '../../../../src/main/core/media/rtmp/rtmp-chunk-writer'
import { HANDSHAKE_SIZE } from '../../../../src/main/core/media/rtmp/rtmp-handshake'
import {
  commandMessage,
  MSG,
  parseCommand,
  setChunkSizeMessage,
  USER_CONTROL,
  type RtmpCommand,
  type RtmpMessage
} from '../../../../src/main/core/media/rtmp/rtmp-message'

/** How the stand-in ingest answers. Defaults: accept everything, as nginx-rtmp does with no hooks. */
export interface FakeIngestScript {
  connect?: 'accept' | 'error' | 'close'
  publish?: 'accept' | 'badname' | 'close' | 'silent' | 'error'
  /** The server's own chunk size, announced after connect (nginx-rtmp: 4096 in our fixture). */
  chunkSize?: number
  /** Window Acknowledgement Size sent after connect. */
  windowAckSize?: number
  streamId?: number
  /** Send onBWDone after connect, as FMS-style servers do. */
  bandwidthDone?: boolean
  /** Answer the handshake with this instead of RTMP (an HTTP server, say). */
  handshakeReply?: Buffer
}

/**
 * The server side of one RTMP connection, scripted (test stand-in for an ingest, STYLE: small fakes for what is
 * slow to script with the real one). It speaks through our own chunk reader and writer, which have their own
 * byte-level tests, and records everything the client sent.
 */
export class FakeIngestSession {
  readonly received: RtmpMessage[] = []
  readonly commands: RtmpCommand[] = []
  c1: Buffer | null = null
  /** C2 came back as our S1, as the simple handshake wants. */
  c2Echoed = false
  private phase: 'c0c1' | 'c2' | 'chunks' = 'c0c1'
  private pending = Buffer.alloc(0)
  private readonly s1 = Buffer.alloc(HANDSHAKE_SIZE, 0x5a)
  private readonly reader = new RtmpChunkReader(16 * 1024 * 1024)
  private readonly writer = new RtmpChunkWriter()
  private readonly streamId: number

  constructor(
    readonly socket: Duplex,
    private readonly script: FakeIngestScript = {}
  ) {
    this.streamId = script.streamId ?? 1
    socket.on('data', (d: Buffer) => this.onData(d))
    // As nginx-rtmp does: the client's end of the connection ends the session.
    socket.on('end', () => socket.destroy())
    socket.on('error', () => undefined)
  }

  /** Audio, video and data messages, in order. */
  get media(): RtmpMessage[] {
    return this.received.filter((m) => m.type === MSG.audio || m.type === MSG.video || m.type === MSG.amf0Data)
  }

  get publishedName(): AmfValue {
    return this.commands.find((c) => c.name === 'publish')?.args[1]
  }

  get connectProperties(): AmfObject | undefined {
    return this.commands.find((c) => c.name === 'connect')?.args[0] as AmfObject | undefined
  }

  /** Messages of a type the client sent (acknowledgements, user control...). */
  ofType(type: number): RtmpMessage[] {
    return this.received.filter((m) => m.type === type)
  }

  send(message: RtmpMessage): void {
    if (!this.socket.destroyed) this.socket.write(this.writer.encode(message))
  }

  ping(timestamp: number): void {
    const payload = Buffer.alloc(6)
    payload.writeUInt16BE(USER_CONTROL.pingRequest)
    payload.writeUInt32BE(timestamp, 2)
    this.send({ csid: 2, type: MSG.userControl, streamId: 0, timestamp: 0, payload })
  }

  onStatus(info: AmfObject): void {
    this.send(commandMessage(5, this.streamId, 'onStatus', 0, null, info))
  }

  close(): void {
    this.socket.destroy()
  }

  private onData(data: Buffer): void {
    this.pending = Buffer.concat([this.pending, data])
    if (this.phase === 'c0c1') {
      if (this.pending.length < 1 + HANDSHAKE_SIZE) return
      this.c1 = this.pending.subarray(1, 1 + HANDSHAKE_SIZE)
      this.pending = this.pending.subarray(1 + HANDSHAKE_SIZE)
      if (this.script.handshakeReply) {
        this.socket.write(this.script.handshakeReply)
        return
      }
      this.socket.write(Buffer.concat([Buffer.from([3]), this.s1, this.c1]))
      this.phase = 'c2'
    }
    if (this.phase === 'c2') {
      if (this.pending.length < HANDSHAKE_SIZE) return
      this.c2Echoed = this.pending.subarray(0, HANDSHAKE_SIZE).equals(this.s1)
      this.pending = this.pending.subarray(HANDSHAKE_SIZE)
      this.phase = 'chunks'
    }
    const bytes = this.pending
    this.pending = Buffer.alloc(0)
    for (const message of this.reader.push(bytes)) this.onMessage(message)
  }

  private onMessage(message: RtmpMessage): void {
    this.received.push(message)
    if (message.type !== MSG.amf0Command) return
    const command = parseCommand(message)
    if (!command) return
    this.commands.push(command)
    const { name, transactionId: txn } = command
    if (name === 'connect') {
      if (this.script.connect === 'close') return this.close()
      if (this.script.connect === 'error') {
        return this.send(
          commandMessage(3, 0, '_error', txn, null, { level: 'error', code: 'NetConnection.Connect.Rejected', description: 'Connection failed.' })
        )
      }
      const window = Buffer.alloc(4)
      window.writeUInt32BE(this.script.windowAckSize ?? 5_000_000)
      this.send({ csid: 2, type: MSG.windowAckSize, streamId: 0, timestamp: 0, payload: window })
      this.send({ csid: 2, type: MSG.setPeerBandwidth, streamId: 0, timestamp: 0, payload: Buffer.concat([window, Buffer.from([2])]) })
      const chunkSize = this.script.chunkSize ?? 4096
      this.send(setChunkSizeMessage(chunkSize))
      this.writer.setChunkSize(chunkSize)
      this.send(commandMessage(3, 0, '_result', txn, { fmsVer: 'FMS/3,0,1,123', capabilities: 31 }, { level: 'status', code: 'NetConnection.Connect.Success' }))
      if (this.script.bandwidthDone) this.send(commandMessage(3, 0, 'onBWDone', 0, null))
    } else if (name === 'releaseStream' || name === 'FCPublish') {
      // FMS answers these with _error when the stream is not known yet: a client must not mind.
      this.send(commandMessage(3, 0, '_error', txn, null, { level: 'error', code: 'NetStream.Unknown' }))
    } else if (name === 'createStream') {
      this.send(commandMessage(3, 0, '_result', txn, null, this.streamId))
    } else if (name === 'publish') {
      const key = String(command.args[1])
      switch (this.script.publish ?? 'accept') {
        case 'close':
          return this.close()
        case 'silent':
          return
        case 'error':
          return this.send(commandMessage(3, 0, '_error', txn, null, { level: 'error', code: 'NetStream.Publish.Denied', description: `Denied: ${key}` }))
        case 'badname':
          return this.onStatus({ level: 'error', code: 'NetStream.Publish.BadName', description: `Stream ${key} is already publishing` })
        default: {
          const begin = Buffer.alloc(6)
          begin.writeUInt32BE(this.streamId, 2)
          this.send({ csid: 2, type: MSG.userControl, streamId: 0, timestamp: 0, payload: begin })
          this.onStatus({ level: 'status', code: 'NetStream.Publish.Start', description: `${key} is now published.` })
        }
      }
    }
  }
}

export interface FakeIngestServer {
  port: number
  sessions: FakeIngestSession[]
  /** TLS only: the server name each client asked for (SNI). */
  serverNames: Array<string | false | null>
  close(): Promise<void>
}

/** A fake ingest on a free loopback port, plain or TLS. */
export async function startFakeIngest(script: FakeIngestScript = {}, tls?: { key: Buffer; cert: Buffer }): Promise<FakeIngestServer> {
  const sessions: FakeIngestSession[] = []
  const serverNames: Array<string | false | null> = []
  const sockets = new Set<Duplex>()
  const onSocket = (socket: Duplex) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    sessions.push(new FakeIngestSession(socket, script))
  }
  let server: Server
  if (tls) {
    server = createTlsServer({ key: tls.key, cert: tls.cert }, (socket: TLSSocket) => {
      serverNames.push(socket.servername)
      onSocket(socket)
    })
    server.on('tlsClientError', () => undefined)
  } else server = createTcpServer(onSocket)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    sessions,
    serverNames,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}
