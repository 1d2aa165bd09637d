import { randomBytes } from 'node:crypto'
import type { Duplex } from 'node:stream'
import { redact } from '../../../../shared/redact'
import type { RtmpDestination } from '../../../../shared/rtmp-url'
import { FLV_TAG_AUDIO, FLV_TAG_SCRIPT, FLV_TAG_VIDEO, type FlvTag } from '../flv-reader'
import { systemClock, type Clock } from '../timers'
import { encodeAmf0, type AmfObject, type AmfValue } from './amf0'
import { RtmpChunkReader, RtmpProtocolError } from './rtmp-chunk-reader'
import { RtmpChunkWriter } from './rtmp-chunk-writer'
import type { RtmpFailure, RtmpFailureKind } from './rtmp-failure'
import { buildC0C1, HandshakeReader } from './rtmp-handshake'
import {
  acknowledgementMessage,
  commandMessage,
  MSG,
  parseCommand,
  pingResponseMessage,
  readUint32,
  setChunkSizeMessage,
  USER_CONTROL,
  type RtmpCommand,
  type RtmpMessage
} from './rtmp-message'
import { openRtmpSocket, type OpenRtmpSocket } from './rtmp-socket'

export interface RtmpPublisherOptions {
  destination: RtmpDestination
  openSocket?: OpenRtmpSocket
  clock?: Clock
  /** Connection, handshake, connect and publish together may take this long. */
  timeoutMs?: number
  /** Our chunk size. Large chunks cost fewer headers; 4096 is what OBS and nginx-rtmp's default config use. */
  chunkSize?: number
  /** How long finish() waits for the server to close after our last message. */
  closeTimeoutMs?: number
}

export interface RtmpPublisherListener {
  /** The server answered NetStream.Publish.Start: media may flow. */
  onPublishing(): void
  /** The socket took what it had buffered: write again. */
  onDrain(): void
  /** The connection is gone: with the reason, or null after our own finish(). Called once. */
  onClosed(failure: RtmpFailure | null): void
}

type Phase = 'connecting' | 'handshake' | 'connect' | 'createStream' | 'publish' | 'publishing' | 'closing' | 'closed'

// Transaction ids of our commands; answers name the one they answer.
const TXN = { connect: 1, releaseStream: 2, fcPublish: 3, createStream: 4, publish: 5, fcUnpublish: 6, deleteStream: 7, checkBandwidth: 8 } as const
// Chunk streams: 2 is protocol control; the rest as OBS lays them out, one per kind so headers compress well.
const CSID = { command: 3, audio: 4, data: 5, video: 6, stream: 8 } as const
const SET_DATA_FRAME = encodeAmf0(['@setDataFrame'])
const FLV_TAG_HEADER = 11
const FLV_PREVIOUS_TAG_SIZE = 4

/**
 * Publishes one live stream to an RTMP(S) ingest (Adobe RTMP 1.0, as nginx-rtmp, YouTube and Twitch speak it):
 * simple handshake; connect (app, tcUrl, flashVer, type 'nonprivate'); releaseStream, FCPublish, createStream;
 * publish(key, 'live'); NetStream.Publish.Start; then FLV tags as audio, video and @setDataFrame messages.
 * The key travels only inside this connection, never through a process's arguments (issue 7).
 * Non-blocking: sendTag() says when the socket wants a drain, and the caller decides what to drop.
 */
export class RtmpPublisher {
  private socket: Duplex | null = null
  private phase: Phase = 'connecting'
  private readonly writer = new RtmpChunkWriter()
  private readonly reader = new RtmpChunkReader()
  private readonly handshake = new HandshakeReader()
  private readonly clock: Clock
  private streamId = 0
  private tcpUp = false
  private received = 0
  private ackWindow = 0
  private lastAck = 0
  private written = 0
  /** The first media timestamp of this connection: every connection starts near 0, as ffmpeg's -c copy did. */
  private base = -1
  private deadline: unknown = null
  private closeWaiter: (() => void) | null = null

  constructor(
    private readonly options: RtmpPublisherOptions,
    private readonly listener: RtmpPublisherListener
  ) {
    this.clock = options.clock ?? systemClock
  }

  /** Publish accepted, not closing. */
  get publishing(): boolean {
    return this.phase === 'publishing'
  }

  /** The socket holds more than its high-water mark: wait for onDrain before sending more. */
  get needDrain(): boolean {
    return Boolean(this.socket?.writableNeedDrain)
  }

  /** Bytes the socket has handed to the operating system (handshake and commands included). */
  get bytesWritten(): number {
    return this.written
  }

  start(): void {
    const destination = this.options.destination
    const socket = (this.options.openSocket ?? openRtmpSocket)(destination)
    this.socket = socket
    this.deadline = this.clock.setTimeout(() => {
      const missing = this.phase === 'connecting' ? 'connection' : this.phase === 'handshake' ? 'RTMP handshake' : `answer to ${this.phase}`
      this.fail(this.tcpUp ? 'timeout' : 'unreachable', `no ${missing} within ${this.timeoutMs / 1000} s`)
    }, this.timeoutMs)
    socket.once('connect', () => {
      this.tcpUp = true
      if (!destination.secure) this.onConnected()
    })
    if (destination.secure) socket.once('secureConnect', () => this.onConnected())
    socket.on('data', (data: Buffer) => this.onData(data))
    socket.on('drain', () => {
      if (this.phase === 'publishing') this.listener.onDrain()
    })
    socket.on('error', (e: NodeJS.ErrnoException) => this.onSocketError(e))
    socket.on('close', () => this.onSocketClose())
  }

  /**
   * One FLV tag as an RTMP message. Returns false when the socket is past its high-water mark (the tag is still
   * sent). Only while publishing.
   */
  sendTag(tag: FlvTag): boolean {
    if (this.phase !== 'publishing') return false
    const body = tag.bytes.subarray(FLV_TAG_HEADER, tag.bytes.length - FLV_PREVIOUS_TAG_SIZE)
    let message: RtmpMessage
    const timestamp = this.rebase(tag)
    const streamId = this.streamId
    if (tag.type === FLV_TAG_VIDEO) message = { csid: CSID.video, type: MSG.video, streamId, timestamp, payload: body }
    else if (tag.type === FLV_TAG_AUDIO) message = { csid: CSID.audio, type: MSG.audio, streamId, timestamp, payload: body }
    // Metadata goes to the ingest as @setDataFrame, which it stores and hands to every viewer (what ffmpeg does).
    else if (tag.type === FLV_TAG_SCRIPT) message = { csid: CSID.data, type: MSG.amf0Data, streamId, timestamp, payload: Buffer.concat([SET_DATA_FRAME, body]) }
    else return !this.needDrain
    this.send(message)
    return !this.needDrain
  }

  /** Runs `fn`'s sends as one write to the operating system (fewer syscalls for a GOP of tags). */
  batch(fn: () => void): void {
    const socket = this.socket
    if (!socket || socket.destroyed) return fn()
    socket.cork()
    try {
      fn()
    } finally {
      socket.uncork()
    }
  }

  /** Cuts the connection now and reports it as lost (a link that stopped moving). */
  abort(detail: string): void {
    this.fail('lost', detail)
  }

  /**
   * Ends the publish politely: FCUnpublish and deleteStream after whatever is already written, then closes and
   * waits (briefly) for the server to close too, so it records the end of the stream (on_publish_done).
   */
  finish(): Promise<void> {
    const socket = this.socket
    if (!socket || this.phase === 'closed') return Promise.resolve()
    const wasPublishing = this.phase === 'publishing'
    // Before the handshake is through there is nothing to say goodbye to.
    const early = this.phase === 'connecting' || this.phase === 'handshake'
    this.phase = 'closing'
    this.clearDeadline()
    const closed = new Promise<void>((resolve) => (this.closeWaiter = resolve))
    if (wasPublishing && !socket.destroyed) {
      const name = this.options.destination.key
      this.send(commandMessage(CSID.stream, 0, 'FCUnpublish', TXN.fcUnpublish, null, name))
      this.send(commandMessage(CSID.stream, this.streamId, 'deleteStream', TXN.deleteStream, null, this.streamId))
    }
    if (early) socket.destroy()
    else socket.end()
    const timer = this.clock.setTimeout(() => socket.destroy(), this.options.closeTimeoutMs ?? 3000)
    return closed.finally(() => this.clock.clearTimeout(timer))
  }

  /** Read afresh: a handler may have closed the connection since the last look. */
  private get isClosed(): boolean {
    return this.phase === 'closed'
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 10_000
  }

  private rebase(tag: FlvTag): number {
    const media = tag.type !== FLV_TAG_SCRIPT && !tag.config
    if (this.base < 0 && media) this.base = tag.timestamp
    return this.base < 0 ? 0 : Math.max(0, tag.timestamp - this.base)
  }

  private onConnected(): void {
    const socket = this.socket as Duplex & { setNoDelay?: (on: boolean) => void }
    // Small messages (commands, audio) go out at once instead of waiting for Nagle's timer.
    socket.setNoDelay?.(true)
    this.phase = 'handshake'
    this.write(buildC0C1(randomBytes))
  }

  private onData(data: Buffer): void {
    if (this.phase === 'closed') return
    this.received += data.length
    let chunkBytes = data
    if (this.phase === 'handshake') {
      let done: ReturnType<HandshakeReader['push']>
      try {
        done = this.handshake.push(data)
      } catch (e) {
        return this.fail('handshake', (e as Error).message)
      }
      if (!done) return
      this.write(done.c2)
      this.connect()
      chunkBytes = done.rest
    }
    let messages: RtmpMessage[]
    try {
      messages = this.reader.push(chunkBytes)
    } catch (e) {
      return this.fail('protocol', e instanceof RtmpProtocolError ? e.message : 'bad chunk stream')
    }
    for (const message of messages) {
      if (this.isClosed) return
      this.onMessage(message)
    }
    // The server may stop sending once we fall a window behind in acknowledging (§5.4.3).
    if (this.ackWindow > 0 && this.received - this.lastAck >= this.ackWindow && !this.isClosed) {
      this.lastAck = this.received
      this.send(acknowledgementMessage(this.received))
    }
  }

  private connect(): void {
    const { server } = this.options.destination
    const chunkSize = this.options.chunkSize ?? 4096
    this.send(setChunkSizeMessage(chunkSize))
    this.writer.setChunkSize(chunkSize)
    const app = server.replace(/^rtmps?:\/\/[^/]+\/?/i, '')
    const properties: AmfObject = { app, type: 'nonprivate', flashVer: 'FMLE/3.0 (compatible; FMSc/1.0)', swfUrl: server, tcUrl: server }
    this.send(commandMessage(CSID.command, 0, 'connect', TXN.connect, properties))
    this.phase = 'connect'
  }

  private onMessage(message: RtmpMessage): void {
    switch (message.type) {
      case MSG.windowAckSize:
        this.ackWindow = readUint32(message) ?? 0
        return
      case MSG.userControl:
        if (message.payload.length >= 6 && message.payload.readUInt16BE(0) === USER_CONTROL.pingRequest) {
          this.send(pingResponseMessage(message.payload.subarray(2, 6)))
        }
        return
      case MSG.amf0Command:
      case MSG.amf3Command: {
        const command = parseCommand(message)
        if (command) this.onCommand(command)
        return
      }
    }
  }

  private onCommand(command: RtmpCommand): void {
    const name = this.options.destination.key
    const { transactionId: txn } = command
    if (command.name === '_result' && txn === TXN.connect && this.phase === 'connect') {
      // FCPublish/releaseStream are what YouTube and Twitch wait for before publish; others ignore them.
      this.send(commandMessage(CSID.command, 0, 'releaseStream', TXN.releaseStream, null, name))
      this.send(commandMessage(CSID.command, 0, 'FCPublish', TXN.fcPublish, null, name))
      this.send(commandMessage(CSID.command, 0, 'createStream', TXN.createStream, null))
      this.phase = 'createStream'
    } else if (command.name === '_result' && txn === TXN.createStream && this.phase === 'createStream') {
      const id = command.args[1]
      this.streamId = typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : 1
      this.send(commandMessage(CSID.stream, this.streamId, 'publish', TXN.publish, null, name, 'live'))
      this.phase = 'publish'
    } else if (command.name === '_error' && (txn === TXN.connect || txn === TXN.createStream || txn === TXN.publish)) {
      // An _error to releaseStream or FCPublish is common and harmless; to these three it is a refusal.
      this.refused(
        statusText(command.args[1]) || `${command.name} to ${txn === TXN.connect ? 'connect' : txn === TXN.createStream ? 'createStream' : 'publish'}`
      )
    } else if (command.name === 'onStatus') {
      const info = asObject(command.args[1])
      if (info?.code === 'NetStream.Publish.Start' && this.phase === 'publish') {
        this.phase = 'publishing'
        this.clearDeadline()
        this.listener.onPublishing()
      } else if (info?.level === 'error') {
        this.refused(statusText(info))
      }
    } else if (command.name === 'onBWDone') {
      // FMS-style servers expect the bandwidth check answered, as ffmpeg and librtmp do.
      this.send(commandMessage(CSID.command, 0, '_checkbw', TXN.checkBandwidth, null))
    } else if (command.name === 'close') {
      this.refused('the server closed the stream')
    }
  }

  /** A "no" before the publish started is a refused key; after it, a lost connection. */
  private refused(detail: string): void {
    if (this.phase === 'closing') return
    this.fail(this.phase === 'publishing' ? 'lost' : 'rejected', detail)
  }

  private onSocketError(e: NodeJS.ErrnoException): void {
    const detail = e.message || e.code || 'socket error'
    if (!this.tcpUp) return this.fail('unreachable', detail)
    if (this.options.destination.secure && this.phase === 'connecting') return this.fail('tls', e.code ?? detail)
    this.onLostConnection(detail)
  }

  private onSocketClose(): void {
    if (this.phase === 'closing') return this.closed(null)
    if (!this.tcpUp) return this.fail('unreachable', 'the connection closed')
    this.onLostConnection('the server closed the connection')
  }

  private onLostConnection(detail: string): void {
    if (this.phase === 'closing') return this.closed(null)
    if (this.phase === 'connecting' && this.options.destination.secure) return this.fail('tls', detail)
    if (this.phase === 'handshake') return this.fail('handshake', `${detail} during the RTMP handshake`)
    if (this.phase === 'publishing') return this.fail('lost', detail)
    // nginx-rtmp answers a refused on_publish by closing the connection, without a word.
    this.fail('rejected', `${detail} before accepting the stream`)
  }

  private fail(kind: RtmpFailureKind, detail: string): void {
    if (this.phase === 'closed') return
    this.socket?.destroy()
    // The server's words may quote the stream name back.
    const { key, publishUrl } = this.options.destination
    this.closed({ kind, detail: redact(detail, [key, publishUrl]).slice(0, 240) })
  }

  private closed(failure: RtmpFailure | null): void {
    if (this.phase === 'closed') return
    this.phase = 'closed'
    this.clearDeadline()
    this.closeWaiter?.()
    this.listener.onClosed(failure)
  }

  private send(message: RtmpMessage): void {
    this.write(this.writer.encode(message))
  }

  private write(bytes: Buffer): void {
    const socket = this.socket
    if (!socket || socket.destroyed || !socket.writable) return
    socket.write(bytes, (error) => {
      if (!error) this.written += bytes.length
    })
  }

  private clearDeadline(): void {
    if (this.deadline !== null) this.clock.clearTimeout(this.deadline)
    this.deadline = null
  }
}

function asObject(value: AmfValue): AmfObject | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? value : null
}

/** "NetStream.Publish.BadName: Already publishing" from a status object. */
function statusText(value: AmfValue): string {
  const info = asObject(value)
  if (!info) return ''
  const code = typeof info.code === 'string' ? info.code : ''
  const description = typeof info.description === 'string' ? info.description : ''
  return [code, description].filter(Boolean).join(': ')
}
