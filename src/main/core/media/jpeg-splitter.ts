/**
 * Splits ffmpeg's `image2pipe` MJPEG stream into whole JPEG frames. Pure and streaming. A frame runs from SOI
 * (FF D8) to EOI (FF D9); inside the entropy-coded data every FF byte is stuffed (FF 00), so FF D9 can only be
 * the end marker. https://www.w3.org/Graphics/JPEG/itu-t81.pdf (B.1.1.5)
 */
export class JpegSplitter {
  private buffer: Buffer = Buffer.alloc(0)
  /** Frames larger than this are dropped (a preview is a few tens of kB). */
  constructor(private readonly maxFrameBytes = 2 * 1024 * 1024) {}

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk
    const frames: Buffer[] = []
    for (;;) {
      const start = this.buffer.indexOf(SOI)
      if (start < 0) {
        // Keep a trailing FF: it may be the first half of the next SOI.
        this.buffer = this.buffer.at(-1) === 0xff ? this.buffer.subarray(-1) : Buffer.alloc(0)
        break
      }
      const end = this.buffer.indexOf(EOI, start + 2)
      if (end < 0) {
        this.buffer = this.buffer.subarray(start)
        if (this.buffer.length > this.maxFrameBytes) this.buffer = Buffer.alloc(0)
        break
      }
      frames.push(Buffer.from(this.buffer.subarray(start, end + 2)))
      this.buffer = this.buffer.subarray(end + 2)
    }
    return frames
  }
}

const SOI = Buffer.from([0xff, 0xd8])
const EOI = Buffer.from([0xff, 0xd9])
