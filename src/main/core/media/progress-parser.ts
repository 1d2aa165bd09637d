/** One block of `ffmpeg -progress` output (key=value lines ending with `progress=continue|end`). */
export interface FfmpegProgress {
  frame: number
  fps: number
  bitrateKbps: number
  totalSize: number
  outTimeMs: number
  dupFrames: number
  dropFrames: number
  speed: number
  end: boolean
}

/**
 * Streaming parser for `-progress pipe:N`. Feed it chunks; it returns every complete block.
 * https://ffmpeg.org/ffmpeg.html#Advanced-options (-progress)
 */
export class ProgressParser {
  private buffer = ''
  private block: Record<string, string> = {}

  push(chunk: string): FfmpegProgress[] {
    this.buffer += chunk
    const out: FfmpegProgress[] = []
    let newline: number
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim()
      this.buffer = this.buffer.slice(newline + 1)
      const eq = line.indexOf('=')
      if (eq <= 0) continue
      const key = line.slice(0, eq)
      const value = line.slice(eq + 1).trim()
      this.block[key] = value
      if (key === 'progress') {
        out.push(toProgress(this.block))
        this.block = {}
      }
    }
    return out
  }
}

function num(v: string | undefined): number {
  if (v === undefined || v === 'N/A') return 0
  const n = parseFloat(v)
  return Number.isFinite(n) ? n : 0
}

export function toProgress(block: Record<string, string>): FfmpegProgress {
  return {
    frame: num(block.frame),
    fps: num(block.fps),
    // "2500.3kbits/s"
    bitrateKbps: num(block.bitrate?.replace(/kbits\/s$/, '')),
    totalSize: num(block.total_size),
    // out_time_us is microseconds; older builds misname it out_time_ms (also microseconds).
    outTimeMs: num(block.out_time_us ?? block.out_time_ms) / 1000,
    dupFrames: num(block.dup_frames),
    dropFrames: num(block.drop_frames),
    speed: num(block.speed?.replace(/x$/, '')),
    end: block.progress === 'end'
  }
}
