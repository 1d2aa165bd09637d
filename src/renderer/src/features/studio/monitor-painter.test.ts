import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AudioLevel } from '../../../../shared/preview'
import { decodeBase64 } from './base64-bytes'
import type { MeterStyle } from './meter-paint'
import { MonitorPainter, type PictureShown } from './monitor-painter'

/** A canvas as the painter uses it: a bitmap renderer that keeps what it was handed, or a 2D context that counts fills. */
function fakeCanvas() {
  const handed: Array<{ width: number; label: string }> = []
  let fills = 0
  const context2d = {
    fillRect: () => void fills++,
    fill: () => void fills++,
    clearRect() {},
    save() {},
    restore() {},
    beginPath() {},
    roundRect() {},
    clip() {},
    stroke() {},
    fillText() {},
    measureText: () => ({ width: 40 }),
    createLinearGradient: () => ({ addColorStop() {} })
  }
  const canvas = {
    width: 300,
    height: 150,
    getContext: (kind: string) => (kind === 'bitmaprenderer' ? { transferFromImageBitmap: (b: { width: number; label: string }) => handed.push(b) } : context2d)
  }
  return { canvas: canvas as unknown as HTMLCanvasElement, handed, fills: () => fills }
}

const STYLE: MeterStyle = {
  track: '#000',
  line: '#111',
  green: '#0f0',
  amber: '#fa0',
  red: '#f00',
  mark: '#fff',
  text: '#aaa',
  fontFamily: 'sans-serif',
  fontPx: 12
}
const level = (peakDb: number): AudioLevel => ({ source: 'mic', peakDb, rmsDb: peakDb - 3, clipped: false, noSignal: false, muted: false })
/** A frame as the feed sends it: `same` when it is the same picture as the frame before it. */
const frame = (label: string, same = false) => ({ mime: 'image/jpeg', bytes: new TextEncoder().encode(label) as Uint8Array<ArrayBuffer>, same })
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

/** createImageBitmap as a browser's, for the test: a 640×360 "bitmap" named after the bytes it was made from. */
function fakeDecoder(): { decoded: string[]; release: () => void } {
  const decoded: string[] = []
  let gate: Promise<void> = Promise.resolve()
  let open = () => {}
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    const label = await blob.text()
    decoded.push(label)
    await gate
    return { width: 640, height: 360, label, close() {} }
  })
  return {
    decoded,
    release: () => {
      open()
      gate = new Promise((resolve) => (open = resolve))
    }
  }
}

afterEach(() => vi.unstubAllGlobals())

describe('the monitor painter', () => {
  it('decodes a frame only for a canvas that shows it, sizes the canvas to the picture and reports what it shows', async () => {
    const decoder = fakeDecoder()
    const shown: PictureShown[] = []
    const painter = new MonitorPainter((s) => shown.push(s))
    painter.handle({ type: 'frame', frame: frame('nobody looks') })
    await tick()
    expect(decoder.decoded).toEqual([])

    const picture = fakeCanvas()
    painter.handle({ type: 'picture', id: 1, canvas: picture.canvas })
    painter.handle({ type: 'frame', frame: frame('a') })
    await vi.waitFor(() => expect(picture.handed.map((b) => b.label)).toEqual(['a']))
    expect([picture.canvas.width, picture.canvas.height]).toEqual([640, 360])
    expect(shown).toEqual([{ type: 'shown', id: 1, width: 640, height: 360, frames: 1 }])
  })

  it('never queues frames: those that come while one decodes give way to the newest', async () => {
    const decoder = fakeDecoder()
    decoder.release() // from now on, each decode waits to be let through
    const painter = new MonitorPainter()
    const picture = fakeCanvas()
    painter.handle({ type: 'picture', id: 1, canvas: picture.canvas })
    painter.handle({ type: 'frame', frame: frame('1') })
    await tick()
    for (const n of ['2', '3', '4']) painter.handle({ type: 'frame', frame: frame(n) })
    decoder.release()
    await vi.waitFor(() => expect(decoder.decoded).toEqual(['1', '4']))
    decoder.release()
    await vi.waitFor(() => expect(picture.handed.map((b) => b.label)).toEqual(['1', '4']))
  })

  it('skips a frame identical to the one shown (a still screen), but paints it on a canvas that has none yet', async () => {
    const decoder = fakeDecoder()
    const painter = new MonitorPainter()
    const first = fakeCanvas()
    painter.handle({ type: 'picture', id: 1, canvas: first.canvas })
    painter.handle({ type: 'frame', frame: frame('still') })
    await vi.waitFor(() => expect(first.handed).toHaveLength(1))
    painter.handle({ type: 'frame', frame: frame('still', true) })
    await tick()
    expect(decoder.decoded).toEqual(['still'])

    // The Studio opened again: a new canvas gets the picture although it has not changed.
    painter.handle({ type: 'detach', id: 1 })
    const second = fakeCanvas()
    painter.handle({ type: 'picture', id: 2, canvas: second.canvas })
    painter.handle({ type: 'frame', frame: frame('still', true) })
    await vi.waitFor(() => expect(second.handed).toHaveLength(1))
    expect(first.handed).toHaveLength(1)
  })

  it('paints a meter at each level of its source when no picture plays, and with the next frame while one does', async () => {
    fakeDecoder()
    const painter = new MonitorPainter()
    const meter = fakeCanvas()
    painter.handle({ type: 'meter', id: 1, canvas: meter.canvas, source: 'mic', style: STYLE, width: 300, height: 32, scale: 2 })
    expect([meter.canvas.width, meter.canvas.height]).toEqual([300, 32])
    const painted = () => meter.fills()
    let before = painted()
    painter.handle({ type: 'levels', levels: [level(-12)] })
    expect(painted()).toBeGreaterThan(before)
    before = painted()
    painter.handle({ type: 'levels', levels: [{ ...level(-3), source: 'other' }] })
    expect(painted()).toBe(before)

    const picture = fakeCanvas()
    painter.handle({ type: 'picture', id: 2, canvas: picture.canvas })
    painter.handle({ type: 'frame', frame: frame('f1') })
    await vi.waitFor(() => expect(picture.handed).toHaveLength(1))
    before = painted()
    painter.handle({ type: 'levels', levels: [level(-20)] })
    expect(painted()).toBe(before)
    painter.handle({ type: 'frame', frame: frame('f2') })
    await vi.waitFor(() => expect(picture.handed).toHaveLength(2))
    expect(painted()).toBeGreaterThan(before)
    // The picture stalls: the meter does not wait for it for ever.
    before = painted()
    painter.handle({ type: 'levels', levels: [level(-9)] })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(painted()).toBeGreaterThan(before)
  })

  it('paints the levels a frame brings with that frame, and at once when no picture plays', async () => {
    fakeDecoder()
    const painter = new MonitorPainter()
    const meter = fakeCanvas()
    painter.handle({ type: 'meter', id: 1, canvas: meter.canvas, source: 'mic', style: STYLE, width: 300, height: 32, scale: 1 })
    let before = meter.fills()
    painter.handle({ type: 'frame', frame: frame('f0'), levels: [level(-12)] })
    expect(meter.fills()).toBeGreaterThan(before)

    const picture = fakeCanvas()
    painter.handle({ type: 'picture', id: 2, canvas: picture.canvas })
    painter.handle({ type: 'frame', frame: frame('f1') })
    await vi.waitFor(() => expect(picture.handed).toHaveLength(1))
    before = meter.fills()
    painter.handle({ type: 'frame', frame: frame('f2'), levels: [level(-6)] })
    await vi.waitFor(() => expect(picture.handed).toHaveLength(2))
    expect(meter.fills()).toBeGreaterThan(before)
  })
})

describe('base64 to bytes', () => {
  it('gives back the bytes btoa encoded, for every length and padding', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Array.from({ length }, (_, i) => (i * 97 + length) & 255)
      expect([...decodeBase64(btoa(String.fromCharCode(...bytes)))]).toEqual(bytes)
    }
  })
})
