import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeFrame } from './frame-decode'

const bytes = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>

/** WebCodecs' ImageDecoder as a browser's, for the test: it decodes `ok…` bytes and refuses anything else. */
function fakeImageDecoder() {
  const made: Array<{ type: string; closed: boolean; imageClosed: boolean }> = []
  class FakeImageDecoder {
    private readonly entry: (typeof made)[number]
    constructor(private readonly init: { data: Uint8Array; type: string }) {
      this.entry = { type: init.type, closed: false, imageClosed: false }
      made.push(this.entry)
    }
    async decode() {
      const text = new TextDecoder().decode(this.init.data)
      if (!text.startsWith('ok')) throw new DOMException('cannot decode', 'EncodingError')
      const entry = this.entry
      return { image: { kind: 'frame', text, close: () => void (entry.imageClosed = true) } }
    }
    close() {
      this.entry.closed = true
    }
  }
  vi.stubGlobal('ImageDecoder', FakeImageDecoder)
  return made
}

/** createImageBitmap as a browser's: from a decoded frame or from a Blob; a Blob of `bad…` bytes does not decode. */
function fakeCreateImageBitmap() {
  const from: string[] = []
  vi.stubGlobal('createImageBitmap', async (source: Blob | { kind: string; text: string }) => {
    if (source instanceof Blob) {
      const text = await source.text()
      if (text.startsWith('bad')) throw new DOMException('The source image could not be decoded.', 'InvalidStateError')
      from.push(`blob:${source.type}:${text}`)
      return { width: 640, height: 360, close() {} }
    }
    from.push(`frame:${source.text}`)
    return { width: 640, height: 360, close() {} }
  })
  return from
}

afterEach(() => vi.unstubAllGlobals())

describe('a preview frame decoded for the monitor', () => {
  it('goes through ImageDecoder where the browser has it: no Blob, and the decoder and its frame are closed', async () => {
    const decoders = fakeImageDecoder()
    const from = fakeCreateImageBitmap()
    const bitmap = await decodeFrame(bytes('ok 1'), 'image/jpeg')
    expect(bitmap.width).toBe(640)
    expect(from).toEqual(['frame:ok 1'])
    expect(decoders).toEqual([{ type: 'image/jpeg', closed: true, imageClosed: true }])
  })

  it('goes through a Blob where the browser has no ImageDecoder (Safari)', async () => {
    const from = fakeCreateImageBitmap()
    vi.stubGlobal('ImageDecoder', undefined)
    await decodeFrame(bytes('ok 2'), 'image/jpeg')
    expect(from).toEqual(['blob:image/jpeg:ok 2'])
  })

  it('falls back to the Blob path for a frame ImageDecoder refuses, and still closes the decoder', async () => {
    const decoders = fakeImageDecoder()
    const from = fakeCreateImageBitmap()
    await decodeFrame(bytes('other 3'), 'image/jpeg')
    expect(from).toEqual(['blob:image/jpeg:other 3'])
    expect(decoders[0].closed).toBe(true)
  })

  it('rejects a frame neither path decodes (the painter skips it and waits for the next)', async () => {
    fakeImageDecoder()
    fakeCreateImageBitmap()
    await expect(decodeFrame(bytes('bad 4'), 'image/jpeg')).rejects.toThrow(/could not be decoded/)
  })
})
