import type { RecordingFailure } from '../../../shared/live'

/**
 * Reads the encoder's stderr for the recording leg failing. The tee numbers its slaves from 0 in the order of
 * buildEncoderArgs: #0 is the FLV pipe, #1 the Matroska recording. With onfail=ignore, ffmpeg 5.1 says once
 * `[tee] Slave muxer #1 failed: No space left on device, continuing with 1/2 slaves.` and goes on with the stream;
 * a slave that cannot even open says `Slave '[f=matroska…]PATH': error opening: Read-only file system`; a failure
 * while closing the file says `Error writing trailer of …: <reason>`.
 * https://ffmpeg.org/ffmpeg-formats.html#tee-1 (onfail)
 */
export function recordingFailureFromStderr(line: string): { cause: RecordingFailure; detail: string } | null {
  const m =
    /Slave muxer #1 failed: (.+?)(?:, continuing with.*)?$/.exec(line) ??
    /Slave '\[f=matroska[^\]]*\][^']*': error opening: (.+)$/.exec(line) ??
    /Error writing trailer of .*matroska.*?: (.+)$/.exec(line)
  // The FLV pipe breaking at the very end is the owner going away, not the disk.
  if (!m || /Broken pipe|End of file/.test(m[1])) return null
  return { cause: causeOf(m[1]), detail: m[1].trim() }
}

/** An OS error text (as ffmpeg prints strerror) → what happened, in the terms a streamer can act on. */
export function causeOf(reason: string): RecordingFailure {
  if (/No space left on device|Disk quota exceeded|ENOSPC|EDQUOT|File too large/i.test(reason)) return 'disk_full'
  if (/Read-only file system|EROFS/i.test(reason)) return 'read_only'
  if (/No such file or directory|ENOENT|Stale file handle/i.test(reason)) return 'folder_gone'
  return 'io_error'
}

/** What the watcher last knew of the file: its size, and how much the encoder had produced when it last grew. */
export interface GrowthMark {
  size: number
  encodedBytes: number
}

/**
 * How much the encoder may produce while the file does not grow before the recording counts as stuck. The
 * Matroska muxer writes a cluster every second (cluster_time_limit=1000) behind a 32 KB buffer, so a working
 * recording grows within a second or two at any real bitrate; 2 MB is 6 s at 720p and no false alarm on a still
 * screen, whose few KB a second never reach it.
 */
export const STUCK_AFTER_BYTES = 2_000_000

/**
 * One look at the recording file (a periodic stat): gone (the folder or the file was removed or moved away — on
 * Linux ffmpeg then writes on into a deleted file, with no error at all), stuck (the encoder goes on, the file
 * does not), or fine. Returns the new mark to keep when the file grew.
 */
export function recordingGrowthVerdict(
  mark: GrowthMark,
  size: number | null,
  encodedBytes: number
): { verdict: 'ok'; mark: GrowthMark } | { verdict: 'gone' | 'stuck'; mark: GrowthMark } {
  // ffmpeg creates the file when it writes its first output (the tee opens every leg at once): a capture that takes
  // a few seconds to deliver its first frame has no file yet, and that is not a removed folder.
  if (size === null) return { verdict: mark.size < 0 && encodedBytes === 0 ? 'ok' : 'gone', mark }
  if (size !== mark.size) return { verdict: 'ok', mark: { size, encodedBytes } }
  return { verdict: encodedBytes - mark.encodedBytes >= STUCK_AFTER_BYTES ? 'stuck' : 'ok', mark }
}

/** The cause in a few English words, for log lines and the CLI ("Recording stopped at 6 s: the disk is full"). */
export function describeRecordingFailure(cause: RecordingFailure | undefined): string {
  switch (cause) {
    case 'disk_full':
      return 'the disk is full'
    case 'folder_gone':
      return 'the recording folder or file was removed'
    case 'read_only':
      return 'the disk is read-only'
    default:
      return 'the disk reported an error'
  }
}
