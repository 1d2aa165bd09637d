import { createHash } from 'node:crypto'

const MiB = 1024 * 1024
/** Parts of at least 8 MiB (issue 11 item 5): S3's own minimum is 5 MiB; bigger parts mean fewer requests to sign. */
export const MIN_PART_SIZE = 8 * MiB
/** S3 takes at most 10,000 parts per object. */
export const MAX_PARTS = 10_000
/** S3's largest object (5 TiB). */
export const MAX_OBJECT_SIZE = 5 * 1024 * 1024 * MiB
/** Parts in flight at once (issue 11 item 5). Each holds one part in memory: 4 × 8 MiB. */
export const UPLOAD_CONCURRENCY = 4

export interface PartRange {
  /** 1-based, as S3 numbers parts. */
  number: number
  start: number
  /** Exclusive. */
  end: number
}

/** The smallest whole number of MiB, at least 8, that fits the file in 10,000 parts. */
export function partSizeFor(fileSize: number): number {
  const needed = Math.ceil(fileSize / MAX_PARTS / MiB) * MiB
  return Math.max(MIN_PART_SIZE, needed)
}

export function partRanges(fileSize: number, partSize: number): PartRange[] {
  const out: PartRange[] = []
  for (let start = 0, number = 1; start < fileSize; start += partSize, number++) out.push({ number, start, end: Math.min(fileSize, start + partSize) })
  return out
}

/** Parts not yet on the server, in order. */
export function missingParts(ranges: PartRange[], done: Iterable<{ number: number }>): PartRange[] {
  const have = new Set([...done].map((p) => p.number))
  return ranges.filter((r) => !have.has(r.number))
}

/** S3's ETag of a multipart object: the MD5 of the parts' binary MD5s, then `-` and the number of parts. */
export function multipartEtag(partMd5s: string[]): string {
  const hash = createHash('md5')
  for (const md5 of partMd5s) hash.update(Buffer.from(md5, 'hex'))
  return `${hash.digest('hex')}-${partMd5s.length}`
}

export type EtagCheck = 'multipart-etag' | 'md5' | 'parts' | 'mismatch'

/**
 * What the completed object's ETag says about its content. AWS (and MinIO, Ceph...) give the multipart ETag; some
 * S3-compatible stores (s3rver) the whole object's MD5. An ETag of neither shape (SSE-KMS buckets give opaque ones)
 * proves nothing either way: the parts' Content-MD5 checked on arrival is then all there is.
 */
export function checkEtag(etag: string | undefined, partMd5s: string[], fileMd5: string): EtagCheck {
  const bare = (etag ?? '').replace(/"/g, '').toLowerCase()
  if (/^[0-9a-f]{32}-\d+$/.test(bare)) return bare === multipartEtag(partMd5s) ? 'multipart-etag' : 'mismatch'
  if (bare === fileMd5) return 'md5'
  return 'parts'
}

/**
 * Upload speed over a sliding window of recent samples (a steady figure, not the jump of the last part), and the
 * time left at that pace. Counts only bytes this run sent: resumed parts cost no time.
 */
export class SpeedMeter {
  private readonly samples: Array<{ at: number; bytes: number }> = []

  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now
  ) {
    this.samples.push({ at: this.now(), bytes: 0 })
  }

  /** `sent`: bytes sent by this run so far. */
  add(sent: number): void {
    const at = this.now()
    this.samples.push({ at, bytes: sent })
    // Keep one sample older than the window, so the window is always covered.
    while (this.samples.length > 2 && this.samples[1].at <= at - this.windowMs) this.samples.shift()
  }

  bytesPerSecond(): number {
    const first = this.samples[0]
    const last = this.samples[this.samples.length - 1]
    const seconds = (last.at - first.at) / 1000
    return seconds > 0 ? Math.round((last.bytes - first.bytes) / seconds) : 0
  }

  /** Seconds left for `remaining` bytes, or null while the pace is unknown. */
  etaSeconds(remaining: number): number | null {
    const speed = this.bytesPerSecond()
    if (remaining <= 0) return 0
    return speed > 0 ? Math.ceil(remaining / speed) : null
  }
}
