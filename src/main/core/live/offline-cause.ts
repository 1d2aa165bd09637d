import type { ErrorCode, OnairErrorValue } from '../../../shared/errors'

/**
 * What makes a destination `offline` rather than failed (offline mode, DESIGN §6): the provider's API or the ingest
 * could not be reached (no network, no answer, the service down or asking us to slow down). Those pass by themselves
 * and Onair tries again. A refusal (a rejected key, bad credentials, a missing channel, a wrong address) does not pass
 * by itself: it fails as without offline mode, so the streamer learns it at once.
 */
const UNREACHED = new Set<ErrorCode>(['network', 'timeout', 'server', 'rate_limited', 'ingest_unreachable'])

/** Preparing a destination (asking its provider for the ingest) failed with this: can offline mode wait it out? */
export function isOfflineCause(error: Pick<OnairErrorValue, 'code'>): boolean {
  return UNREACHED.has(error.code)
}
