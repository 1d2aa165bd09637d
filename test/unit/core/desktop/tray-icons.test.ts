import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { trayIconPng } from '../../../../src/main/core/desktop/tray-icons'

/** Decodes our own PNGs (8-bit RGBA, filter 0) far enough to read pixels, checking every chunk's CRC on the way. */
function decode(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  const chunks: Record<string, Buffer> = {}
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at)
    const type = png.toString('ascii', at + 4, at + 8)
    const crc = png.readUInt32BE(at + 8 + length)
    expect(crc, type).toBe(crc32(png.subarray(at + 4, at + 8 + length)))
    chunks[type] = png.subarray(at + 8, at + 8 + length)
    at += 12 + length
  }
  const width = chunks.IHDR.readUInt32BE(0)
  const raw = inflateSync(chunks.IDAT)
  const pixel = (x: number, y: number) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 1 + x * 4 + 4)]
  return { width, height: chunks.IHDR.readUInt32BE(4), pixel, ended: 'IEND' in chunks }
}

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  }
  return (c ^ 0xffffffff) >>> 0
}

describe('tray icons drawn in code', () => {
  it.each([16, 32])('%i px: a round dot, transparent corners, one colour per state, failed barred', (size) => {
    const centre = Math.floor(size / 2)
    const colours = (['idle', 'live', 'reconnecting', 'failed'] as const).map((state) => {
      const png = decode(trayIconPng(state, size))
      expect(png).toMatchObject({ width: size, height: size, ended: true })
      expect(png.pixel(0, 0)[3]).toBe(0)
      expect(png.pixel(centre, Math.floor(size * 0.2))[3]).toBe(255)
      return png.pixel(centre, Math.floor(size * 0.2)).join(',')
    })
    expect(new Set(colours).size).toBe(4)
    expect(decode(trayIconPng('failed', size)).pixel(centre, centre)).toEqual([255, 255, 255, 255])
    expect(decode(trayIconPng('live', size)).pixel(centre, centre)).toEqual([0xe5, 0x39, 0x35, 255])
  })
})
