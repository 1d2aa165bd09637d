/**
 * How much room a recording needs before Go Live (DESIGN §6). Ten minutes at the chosen bitrate: a folder that
 * cannot hold that is full in practice, and a streamer learns it before the show instead of 6 s into it. A show
 * planned shorter (`--duration`) needs only its own length. The bitrate is the rate control's cap, so real shows
 * (a still screen, a slide deck) take less: the rule errs on the side of room.
 */
export const SPACE_RULE_SECONDS = 600

export interface SpaceNeed {
  /** Seconds of recording the folder must hold. */
  seconds: number
  bytes: number
  kbps: number
}

export function recordingSpaceNeed(kbps: number, plannedSeconds?: number): SpaceNeed {
  const seconds = plannedSeconds !== undefined && plannedSeconds > 0 ? Math.min(plannedSeconds, SPACE_RULE_SECONDS) : SPACE_RULE_SECONDS
  return { seconds, kbps, bytes: Math.ceil(((kbps * 1000) / 8) * seconds) }
}

/** Decimal units (as disks are sold and as macOS and Windows Explorer count): "197 MB", "3.1 MB", "2.6 GB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB']
  let value = Math.max(0, bytes)
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  if (unit === 0) return `${Math.round(value)} bytes`
  // Two significant figures below 10, whole numbers above: what a streamer compares at a glance.
  const shown = value < 10 ? value.toFixed(1) : String(Math.round(value))
  return `${shown} ${units[unit]}`
}

/** "10 minutes", "1 minute", "90 s" (whole minutes as minutes, anything else in seconds). */
export function formatSpan(seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`
  return `${Math.round(seconds * 10) / 10} s`
}
