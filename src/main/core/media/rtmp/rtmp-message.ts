import { decodeAmf0, encodeAmf0, type AmfValue } from './amf0'

/**
 * An RTMP message (what the chunk stream carries) and the few messages a publisher builds or reads. Pure.
 * Spec: Adobe RTMP 1.0, §5.4 (protocol control), §6.2 (user control), §7.1 (command and data).
 * https://rtmp.veriskope.com/docs/spec/
 */
export interface RtmpMessage {
  /** Chunk stream id: 2 for protocol control, any other ≥ 3 as the sender likes. */
  csid: number
  type: number
  /** Message stream id: 0 for the connection, the id createStream gave for the stream's media and publish. */
  streamId: number
  /** Milliseconds, 32 bits. */
  timestamp: number
  payload: Buffer
}

export const MSG = {
  setChunkSize: 1,
  abort: 2,
  acknowledgement: 3,
  userControl: 4,
  windowAckSize: 5,
  setPeerBandwidth: 6,
  audio: 8,
  video: 9,
  amf3Command: 17,
  amf0Data: 18,
  amf0Command: 20
} as const

export const USER_CONTROL = { streamBegin: 0, pingRequest: 6, pingResponse: 7 } as const

/** Protocol control messages travel on chunk stream 2, message stream 0 (§5.4). */
const CONTROL_CSID = 2

function control(type: number, payload: Buffer): RtmpMessage {
  return { csid: CONTROL_CSID, type, streamId: 0, timestamp: 0, payload }
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n >>> 0)
  return b
}

export function setChunkSizeMessage(size: number): RtmpMessage {
  return control(MSG.setChunkSize, uint32(size & 0x7fffffff))
}

export function acknowledgementMessage(bytesReceived: number): RtmpMessage {
  return control(MSG.acknowledgement, uint32(bytesReceived))
}

/** The answer to a server's ping: the same 4-byte timestamp back (§6.2, event 7). */
export function pingResponseMessage(timestamp: Buffer): RtmpMessage {
  const payload = Buffer.alloc(6)
  payload.writeUInt16BE(USER_CONTROL.pingResponse)
  timestamp.copy(payload, 2, 0, 4)
  return control(MSG.userControl, payload)
}

/** A command: name, transaction id, then its arguments (the command object or null first). */
export function commandMessage(csid: number, streamId: number, name: string, transactionId: number, ...args: AmfValue[]): RtmpMessage {
  return { csid, type: MSG.amf0Command, streamId, timestamp: 0, payload: encodeAmf0([name, transactionId, ...args]) }
}

export interface RtmpCommand {
  name: string
  transactionId: number
  args: AmfValue[]
}

/** Reads an AMF0 (or AMF3-wrapped AMF0) command. Null when the message is not a well-formed command. */
export function parseCommand(message: RtmpMessage): RtmpCommand | null {
  // An AMF3 command message starts with one format byte, then (in practice) plain AMF0 values.
  const body = message.type === MSG.amf3Command ? message.payload.subarray(1) : message.payload
  let values: AmfValue[]
  try {
    values = decodeAmf0(body)
  } catch {
    return null
  }
  const [name, transactionId, ...args] = values
  if (typeof name !== 'string') return null
  return { name, transactionId: typeof transactionId === 'number' ? transactionId : 0, args }
}

/** The first 4 bytes of a control message's payload as an unsigned number, or null if it is too short. */
export function readUint32(message: RtmpMessage): number | null {
  return message.payload.length >= 4 ? message.payload.readUInt32BE(0) : null
}
