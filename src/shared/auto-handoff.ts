import type { OnairErrorValue } from './errors'
import type { AutoHandoffAction } from './settings'

/**
 * `handoff:auto`: what the automatic handoff rule (DESIGN §6) did with a pending recording, for the Recordings place
 * and the log. `started` when it begins, then one of `done` / `failed` / `stopped`; a failure is said once (the next
 * tries are quiet) and `retryAt` says when the rule tries again.
 */
export interface AutoHandoffEvent {
  recordingId: string
  fileName: string
  action: AutoHandoffAction
  /** `paused`: ended for the streamer's own show, sent again once nothing is on air. */
  state: 'started' | 'done' | 'failed' | 'stopped' | 'paused'
  /** Where it goes: the destinations' labels, or s3://bucket/key. Never a key. */
  target: string
  time: number
  retryAt?: number
  error?: OnairErrorValue
}
