import type { ErrorCode, OnairErrorValue } from '../../../shared/errors'
import type { GoLiveStep } from '../../../shared/go-live-steps'

// The provider refused who we are, or we could not even say it: the account step.
const ACCOUNT_CODES = new Set<ErrorCode>(['auth', 'forbidden', 'credentials_missing', 'keychain_unavailable', 'clock_skew', 'api_base_mismatch'])
const INGEST_CODES = new Set<ErrorCode>(['invalid_rtmp_url', 'ingest_failed', 'ingest_unreachable', 'ingest_rejected_key'])
const ENCODER_CODES = new Set<ErrorCode>([
  'recording_unavailable',
  'disk_full',
  'ffmpeg_missing',
  'ffmpeg_capability_missing',
  'source_unavailable',
  'encoder_failed',
  'encoder_stalled'
])

/**
 * Where preparing one destination stopped: the provider is asked for the channel's ingest in one go (sign in, make the
 * channel ready, hand out the ingest), so the error's code tells the step. What the provider says about the channel
 * itself, or any trouble talking to it once signed in, is the channel step.
 */
export function preparationStep(error: Pick<OnairErrorValue, 'code' | 'field'>): GoLiveStep {
  // Kollus: the account is fine, the channel has no hand-entered ingest yet; NAVER: the channel has no backup ingest.
  if (error.field === 'ingest' || /\.backup$/.test(error.field ?? '')) return 'ingest'
  if (ACCOUNT_CODES.has(error.code)) return 'account'
  if (INGEST_CODES.has(error.code)) return 'ingest'
  return 'channel'
}

/** Where a whole session stopped, when no destination said it first: capture/encode/record, or the push. */
export function sessionStep(error: Pick<OnairErrorValue, 'code' | 'step'>): GoLiveStep | undefined {
  if (error.step) return error.step
  if (ENCODER_CODES.has(error.code)) return 'encoder'
  if (error.code === 'ingest_unreachable' || error.code === 'ingest_rejected_key' || error.code === 'ingest_failed') return 'push'
  return undefined
}
