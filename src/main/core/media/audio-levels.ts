import { CLIP_DB, NO_SIGNAL_DB, NO_SIGNAL_MS } from '../../../shared/preview'

/** One block of audio as astats measured it (100 ms: the meter's filter cuts the stream into 4800-sample frames). */
export interface LevelReading {
  /** Seconds into the stream (ffmpeg's pts_time). */
  time: number
  /** dBFS; null for digital silence (astats says -inf). */
  peakDb: number | null
  rmsDb: number | null
}

const PEAK_KEY = 'lavfi.astats.Overall.Peak_level'
const RMS_KEY = 'lavfi.astats.Overall.RMS_level'

/** astats prints -inf for silence, and inf/nan for blocks it could not measure: none of them is a level. */
export function parseDb(text: string): number | null {
  const trimmed = text.trim()
  const value = trimmed === '' ? NaN : Number(trimmed)
  return Number.isFinite(value) ? value : null
}

/**
 * Reads what `ametadata=mode=print` writes for the meter's `astats` (pure, streaming):
 *
 *     frame:12   pts:57600   pts_time:1.2
 *     lavfi.astats.Overall.Peak_level=-12.041200
 *     lavfi.astats.Overall.RMS_level=-15.051500
 *
 * A reading is complete once both keys of its frame arrived; a frame missing one is told when the next one starts.
 * https://ffmpeg.org/ffmpeg-filters.html#astats-1 , https://ffmpeg.org/ffmpeg-filters.html#metadata_002c-ametadata
 */
export class AstatsParser {
  private partial = ''
  private current: { time: number; peak?: number | null; rms?: number | null } | null = null

  push(chunk: string): LevelReading[] {
    this.partial += chunk
    const lines = this.partial.split('\n')
    this.partial = lines.pop() ?? ''
    // A line that never ends is not ffmpeg's: do not keep it growing.
    if (this.partial.length > 4096) this.partial = ''
    const out: LevelReading[] = []
    for (const raw of lines) {
      const line = raw.trim()
      const frame = /^frame:\s*\d+\s+pts:\s*-?\d+\s+pts_time:\s*(-?[\d.]+)/.exec(line)
      if (frame) {
        this.flush(out)
        this.current = { time: Number(frame[1]) }
        continue
      }
      const eq = line.indexOf('=')
      if (eq < 0 || !this.current) continue
      const key = line.slice(0, eq)
      if (key === PEAK_KEY) this.current.peak = parseDb(line.slice(eq + 1))
      else if (key === RMS_KEY) this.current.rms = parseDb(line.slice(eq + 1))
      if (this.current.peak !== undefined && this.current.rms !== undefined) this.flush(out)
    }
    return out
  }

  private flush(out: LevelReading[]): void {
    const c = this.current
    this.current = null
    if (!c || (c.peak === undefined && c.rms === undefined)) return
    out.push({ time: c.time, peakDb: c.peak ?? null, rmsDb: c.rms ?? null })
  }
}

/** What the meter shows of a source now. */
export interface MeterState {
  peakDb: number | null
  rmsDb: number | null
  clipped: boolean
  noSignal: boolean
}

/** How long a clipping mark stays lit after the sample that clipped: long enough to be seen at 10 updates a second. */
export const CLIP_HOLD_MS = 1000
/** A reading older than this is no longer shown (the source stopped sending). */
const STALE_MS = 1000

/**
 * Turns readings into what the meter shows (pure: the caller passes the time). "No signal" means nothing above
 * NO_SIGNAL_DB for NO_SIGNAL_MS, counted from the start too: a source that sends nothing at all is the same warning.
 */
export class LevelTracker {
  private last: LevelReading | null = null
  private lastAt = -Infinity
  private heardAt: number
  private clippedAt = -Infinity

  constructor(startedAt: number) {
    this.heardAt = startedAt
  }

  reading(now: number, reading: LevelReading): void {
    this.last = reading
    this.lastAt = now
    if (reading.peakDb !== null && reading.peakDb > NO_SIGNAL_DB) this.heardAt = now
    if (reading.peakDb !== null && reading.peakDb >= CLIP_DB) this.clippedAt = now
  }

  state(now: number): MeterState {
    // A source that stopped sending shows no level rather than its last one.
    const stale = now - this.lastAt > STALE_MS
    return {
      peakDb: stale ? null : (this.last?.peakDb ?? null),
      rmsDb: stale ? null : (this.last?.rmsDb ?? null),
      clipped: now - this.clippedAt < CLIP_HOLD_MS,
      noSignal: now - this.heardAt >= NO_SIGNAL_MS
    }
  }
}
