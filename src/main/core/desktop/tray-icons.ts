import { deflateSync } from 'node:zlib'
import type { TrayIconState } from './tray-model'

/**
 * The tray's pictures, drawn in code as PNGs (no image files to ship or keep in step): a filled dot in the state's
 * colour, a white bar across it for a failed show, so the states differ in shape as well as colour.
 */
const COLOURS: Record<TrayIconState, [number, number, number]> = {
  idle: [0x8a, 0x91, 0x9c],
  live: [0xe5, 0x39, 0x35],
  reconnecting: [0xf5, 0xa6, 0x23],
  failed: [0x9b, 0x1c, 0x1c]
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** An RGBA image (`size`×`size`, 4 bytes a pixel, rows top down) as PNG bytes. */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bits per channel
  header[9] = 6 // RGBA
  // Each row starts with its filter byte (0: none).
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))
  ])
}

/** The tray picture for a state, `size` pixels square (16 at 1x, 32 for 2x screens). */
export function trayIconPng(state: TrayIconState, size: number): Buffer {
  const [r, g, b] = COLOURS[state]
  const rgba = Buffer.alloc(size * size * 4)
  const centre = (size - 1) / 2
  const radius = size * 0.42
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - centre, y - centre)
      // A one-pixel soft edge, so the dot is round at 16 px too.
      const alpha = Math.max(0, Math.min(1, radius - d + 0.5))
      const bar = state === 'failed' && Math.abs(y - centre) <= size * 0.08 && Math.abs(x - centre) <= radius * 0.6
      const i = (y * size + x) * 4
      rgba[i] = bar ? 255 : r
      rgba[i + 1] = bar ? 255 : g
      rgba[i + 2] = bar ? 255 : b
      rgba[i + 3] = Math.round(alpha * 255)
    }
  }
  return encodePng(size, rgba)
}
