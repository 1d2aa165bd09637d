/**
 * Errors cross every boundary (IPC, WebSocket, CLI) as plain values with a code, a message a streamer can act
 * on, and whether retrying can help. Codes are stable: the UI localises by code, tests assert on codes.
 */
import type { GoLiveStep } from './go-live-steps'

export const ERROR_CODES = [
  // request shape and local setup
  'invalid_request',
  'invalid_rtmp_url',
  'credentials_missing',
  // CLI --api-base names another address than the one the account's secret is saved for (DESIGN §2, §8)
  'api_base_mismatch',
  'keychain_unavailable',
  'ffmpeg_missing',
  'ffmpeg_capability_missing',
  'source_unavailable',
  // the recording folder cannot be created or written (read-only, no permission), or has too little free space
  'recording_unavailable',
  'disk_full',
  // the settings file could not be written (read-only or full disk); the settings stay as they were
  'settings_unsaved',
  // the encoder chosen in the output settings is not on this computer or did not pass the test encode
  'encoder_unavailable',
  // a recording being written, repaired, handed off or uploaded cannot be deleted now
  'recording_in_use',
  // too many requests at once from one client (onair serve): wait for the answers, then send again
  'busy',
  // live session
  'already_live',
  'not_live',
  'ingest_unreachable',
  'ingest_rejected_key',
  'ingest_failed',
  'encoder_failed',
  'encoder_stalled',
  // provider APIs
  'auth',
  'forbidden',
  'not_found',
  'validation',
  'rate_limited',
  'clock_skew',
  'server',
  'network',
  'timeout',
  'bad_response',
  'unsupported',
  // anything else: a bug on our side
  'internal'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface OnairErrorValue {
  code: ErrorCode
  /** English message a streamer can act on; the UI shows a localised one by code when it has one. */
  message: string
  provider?: string
  retryable: boolean
  /** The request field that was wrong, for `invalid_request`, `validation`, `invalid_rtmp_url`, `disk_full`... */
  field?: string
  /** The message's figures (e.g. `{ needed: '197 MB', free: '3.1 MB' }`), so the UI can say them in its own language. */
  data?: Record<string, string | number>
  /** For a go-live failure: the step it stopped at (account, channel, ingest, encoder, push), shown on the checklist. */
  step?: GoLiveStep
}

/** An Error that carries an OnairErrorValue; thrown inside main/core and the CLI, serialised at the boundary. */
export class OnairError extends Error {
  readonly value: OnairErrorValue

  constructor(value: OnairErrorValue) {
    super(value.message)
    this.name = 'OnairError'
    this.value = value
  }

  get code(): ErrorCode {
    return this.value.code
  }
}

export function onairError(code: ErrorCode, message: string, extra: Partial<Omit<OnairErrorValue, 'code' | 'message'>> = {}): OnairError {
  return new OnairError({ code, message, retryable: extra.retryable ?? false, ...extra })
}

export function isOnairError(e: unknown): e is OnairError {
  return e instanceof OnairError
}

/** Any thrown thing → an error value. Unknown errors become `internal` with their message (redacted by the caller). */
export function toErrorValue(e: unknown): OnairErrorValue {
  if (isOnairError(e)) return e.value
  const message = e instanceof Error ? e.message : String(e)
  return { code: 'internal', message: `Unexpected error: ${message}`, retryable: false }
}
