import { describe, expect, it } from 'vitest'
import { AmfDecodeError, decodeAmf0, encodeAmf0, type AmfValue } from '../../../../src/main/core/media/rtmp/amf0'

const hex = (b: Buffer) => b.toString('hex')

describe('AMF0', () => {
  it.each<[string, AmfValue, string]>([
    ['number', 1, '003ff0000000000000'],
    ['negative number', -2.5, '00c004000000000000'],
    ['true', true, '0101'],
    ['false', false, '0100'],
    ['string', 'live', '0200046c697665'],
    ['empty string', '', '020000'],
    ['utf-8 string', 'ê', '020002c3aa'],
    ['null', null, '05'],
    ['undefined', undefined, '06'],
    ['object', { a: true }, '03000161010100' + '0009'],
    ['strict array', [1, 'x'], '0a00000002' + '003ff0000000000000' + '02000178'],
    ['date', new Date(0), '0b' + '0000000000000000' + '0000']
  ])('%s encodes to the spec bytes and back', (_name, value, bytes) => {
    expect(hex(encodeAmf0([value]))).toBe(bytes)
    expect(decodeAmf0(Buffer.from(bytes, 'hex'))).toEqual([value])
  })

  it('encodes a connect command as a server reads it: name, transaction id, command object', () => {
    const values: AmfValue[] = ['connect', 1, { app: 'live', type: 'nonprivate', flashVer: 'FMLE/3.0', tcUrl: 'rtmp://h/live' }]
    expect(decodeAmf0(encodeAmf0(values))).toEqual(values)
  })

  it('a string past 65535 bytes becomes a long string', () => {
    const long = 'k'.repeat(70_000)
    const bytes = encodeAmf0([long])
    expect(bytes[0]).toBe(0x0c)
    expect(bytes.readUInt32BE(1)).toBe(70_000)
    expect(decodeAmf0(bytes)).toEqual([long])
  })

  it('reads an ECMA array (onMetaData) by its end marker, whatever its count says', () => {
    const body = Buffer.concat([
      Buffer.from('08', 'hex'),
      Buffer.from('00000009', 'hex'), // a wrong count, as some muxers write
      Buffer.from('0005776964746800', 'hex'), // "width", then a number marker
      Buffer.alloc(8),
      Buffer.from('000009', 'hex')
    ])
    body.writeDoubleBE(1280, 13)
    expect(decodeAmf0(Buffer.concat([encodeAmf0(['onMetaData']), body]))).toEqual(['onMetaData', { width: 1280 }])
  })

  it('an onStatus as servers send it', () => {
    const info = { level: 'error', code: 'NetStream.Publish.BadName', description: 'Already publishing' }
    expect(decodeAmf0(encodeAmf0(['onStatus', 0, null, info]))).toEqual(['onStatus', 0, null, info])
  })

  it('a server\'s "__proto__" key is data, not a way into our objects', () => {
    const bytes = Buffer.concat([
      Buffer.from('03', 'hex'),
      Buffer.from('0009', 'hex'),
      Buffer.from('__proto__'),
      encodeAmf0([{ polluted: true }]),
      Buffer.from('000009', 'hex')
    ])
    const [value] = decodeAmf0(bytes) as [Record<string, unknown>]
    expect(Object.getPrototypeOf(value)).toBe(null)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it.each([
    ['truncated number', '003ff000'],
    ['truncated string', '020010616263'],
    ['object without end marker', '0300016101'],
    ['AMF3 switch (unsupported)', '11'],
    ['strict array longer than its message', '0affffffff05'],
    ['reference type (unsupported)', '070001']
  ])('%s is a decode error, not a crash', (_name, bytes) => {
    expect(() => decodeAmf0(Buffer.from(bytes, 'hex'))).toThrow(AmfDecodeError)
  })

  it('refuses nesting deep enough to hurt the stack', () => {
    let value: AmfValue = 1
    for (let i = 0; i < 100; i++) value = [value]
    expect(() => decodeAmf0(encodeAmf0([value]))).toThrow(/nested too deeply/)
  })
})
