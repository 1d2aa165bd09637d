/**
 * AMF0, the value encoding of RTMP commands (connect, publish, onStatus...) and of FLV script data. Pure.
 * Only what a publisher meets: number, boolean, string, object, null, undefined, ECMA array, strict array,
 * date and long string. Spec: https://rtmp.veriskope.com/pdf/amf0-file-format-specification.pdf
 */
export type AmfValue = number | boolean | string | null | undefined | Date | AmfValue[] | AmfObject
export interface AmfObject {
  [key: string]: AmfValue
}

const NUMBER = 0x00
const BOOLEAN = 0x01
const STRING = 0x02
const OBJECT = 0x03
const NULL = 0x05
const UNDEFINED = 0x06
const ECMA_ARRAY = 0x08
const OBJECT_END = 0x09
const STRICT_ARRAY = 0x0a
const DATE = 0x0b
const LONG_STRING = 0x0c

/** Nesting deeper than this is not a server's command; it is an attack on our stack. */
const MAX_DEPTH = 32

export class AmfDecodeError extends Error {}

export function encodeAmf0(values: AmfValue[]): Buffer {
  const parts: Buffer[] = []
  for (const v of values) writeValue(parts, v)
  return Buffer.concat(parts)
}

/** Decodes every value in `data`. Throws AmfDecodeError on truncated or unknown input. */
export function decodeAmf0(data: Buffer): AmfValue[] {
  const reader = { data, pos: 0 }
  const out: AmfValue[] = []
  while (reader.pos < data.length) out.push(readValue(reader, 0))
  return out
}

function writeValue(parts: Buffer[], v: AmfValue): void {
  if (v === null) return void parts.push(Buffer.from([NULL]))
  if (v === undefined) return void parts.push(Buffer.from([UNDEFINED]))
  if (typeof v === 'number') {
    const b = Buffer.alloc(9)
    b[0] = NUMBER
    b.writeDoubleBE(v, 1)
    return void parts.push(b)
  }
  if (typeof v === 'boolean') return void parts.push(Buffer.from([BOOLEAN, v ? 1 : 0]))
  if (typeof v === 'string') {
    const body = Buffer.from(v, 'utf8')
    const long = body.length > 0xffff
    const head = Buffer.alloc(long ? 5 : 3)
    head[0] = long ? LONG_STRING : STRING
    if (long) head.writeUInt32BE(body.length, 1)
    else head.writeUInt16BE(body.length, 1)
    return void parts.push(head, body)
  }
  if (v instanceof Date) {
    const b = Buffer.alloc(11)
    b[0] = DATE
    b.writeDoubleBE(v.getTime(), 1)
    return void parts.push(b)
  }
  if (Array.isArray(v)) {
    const head = Buffer.alloc(5)
    head[0] = STRICT_ARRAY
    head.writeUInt32BE(v.length, 1)
    parts.push(head)
    for (const item of v) writeValue(parts, item)
    return
  }
  parts.push(Buffer.from([OBJECT]))
  for (const [key, value] of Object.entries(v)) {
    parts.push(propertyName(key))
    writeValue(parts, value)
  }
  parts.push(Buffer.from([0, 0, OBJECT_END]))
}

function propertyName(key: string): Buffer {
  const body = Buffer.from(key, 'utf8')
  const head = Buffer.alloc(2)
  head.writeUInt16BE(Math.min(body.length, 0xffff))
  return Buffer.concat([head, body.subarray(0, 0xffff)])
}

interface Reader {
  data: Buffer
  pos: number
}

function need(r: Reader, n: number): void {
  if (r.pos + n > r.data.length) throw new AmfDecodeError('truncated AMF0 value')
}

function readValue(r: Reader, depth: number): AmfValue {
  if (depth > MAX_DEPTH) throw new AmfDecodeError('AMF0 value nested too deeply')
  need(r, 1)
  const marker = r.data[r.pos++]
  switch (marker) {
    case NUMBER:
      need(r, 8)
      r.pos += 8
      return r.data.readDoubleBE(r.pos - 8)
    case BOOLEAN:
      need(r, 1)
      return r.data[r.pos++] !== 0
    case STRING:
      return readString(r, 2)
    case LONG_STRING:
      return readString(r, 4)
    case OBJECT:
      return readProperties(r, depth)
    case ECMA_ARRAY:
      // The count is a hint only (servers get it wrong); the end marker is what counts.
      need(r, 4)
      r.pos += 4
      return readProperties(r, depth)
    case STRICT_ARRAY: {
      need(r, 4)
      const count = r.data.readUInt32BE(r.pos)
      r.pos += 4
      // Each item takes at least one byte: a count beyond what is left is a lie, not a reason to allocate.
      if (count > r.data.length - r.pos) throw new AmfDecodeError('AMF0 array longer than its message')
      const items: AmfValue[] = []
      for (let i = 0; i < count; i++) items.push(readValue(r, depth + 1))
      return items
    }
    case DATE:
      need(r, 10)
      r.pos += 10
      return new Date(r.data.readDoubleBE(r.pos - 10))
    case NULL:
      return null
    case UNDEFINED:
      return undefined
    default:
      throw new AmfDecodeError(`unsupported AMF0 type 0x${marker.toString(16)}`)
  }
}

function readString(r: Reader, lengthBytes: 2 | 4): string {
  need(r, lengthBytes)
  const length = lengthBytes === 2 ? r.data.readUInt16BE(r.pos) : r.data.readUInt32BE(r.pos)
  r.pos += lengthBytes
  need(r, length)
  r.pos += length
  return r.data.toString('utf8', r.pos - length, r.pos)
}

function readProperties(r: Reader, depth: number): AmfObject {
  // No prototype: a server's "__proto__" key is data, not a way into our objects.
  const out: AmfObject = Object.create(null) as AmfObject
  for (;;) {
    need(r, 2)
    const keyLength = r.data.readUInt16BE(r.pos)
    if (keyLength === 0) {
      need(r, 3)
      if (r.data[r.pos + 2] !== OBJECT_END) throw new AmfDecodeError('AMF0 object without its end marker')
      r.pos += 3
      return out
    }
    const key = readString(r, 2)
    out[key] = readValue(r, depth + 1)
  }
}
