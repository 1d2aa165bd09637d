import { onairError, type OnairError, type OnairErrorValue } from '../../../../shared/errors'
import { redact } from '../../../../shared/redact'

/**
 * Why an RTMP publish ended, as the publisher saw it:
 * - unreachable: no TCP (or TLS) connection at all (refused, no route, DNS, no answer in time);
 * - tls: the TLS handshake of rtmps:// failed (certificate, or not a TLS port);
 * - handshake: connected, but the server did not complete an RTMP handshake (not an RTMP server);
 * - rejected: the server refused connect, createStream or publish (`_error`, an `onStatus` error such as
 *   NetStream.Publish.BadName or .Denied), or closed the connection while we waited for its answer, which is how
 *   nginx-rtmp says no when its on_publish hook answers 403;
 * - timeout: connected, but no answer to connect or publish in time;
 * - protocol: the server sent bytes that are not RTMP;
 * - lost: the connection broke or was closed after the publish had started.
 */
export type RtmpFailureKind = 'unreachable' | 'tls' | 'handshake' | 'rejected' | 'timeout' | 'protocol' | 'lost'

export interface RtmpFailure {
  kind: RtmpFailureKind
  /** A short technical detail (an error code, the server's status code). Never holds the stream key. */
  detail: string
}

/**
 * One error a streamer can act on. `reachable` is a TCP probe made just after the failure: an ingest that does
 * not answer a new connection now is unreachable, whatever the broken one said last.
 */
export function pushFailure(failure: RtmpFailure, reachable: boolean, secrets: string[] = []): OnairError {
  const detail = redact(failure.detail, secrets).slice(0, 240)
  const why = detail ? ` (${detail})` : ''
  if (failure.kind === 'unreachable' || (!reachable && failure.kind !== 'tls')) {
    return onairError('ingest_unreachable', `The ingest server does not answer. Check the server address and your network, then try again.${why}`, {
      retryable: true
    })
  }
  switch (failure.kind) {
    case 'rejected':
      return onairError(
        'ingest_rejected_key',
        `The ingest refused the stream key. Copy the key again from your provider (it may have been reset) and save it.${why}`,
        {
          retryable: false
        }
      )
    case 'tls':
      return onairError('ingest_failed', `The secure connection (rtmps://) to the ingest failed: check the server address.${why}`, { retryable: true })
    case 'handshake':
    case 'protocol':
      return onairError(
        'ingest_failed',
        `The server at that address does not answer as an RTMP ingest. Check the server URL (rtmp:// or rtmps://, and the port).${why}`,
        {
          retryable: true
        }
      )
    case 'timeout':
      return onairError('ingest_failed', `The ingest accepted the connection but did not answer in time.${why}`, { retryable: true })
    default:
      return onairError('ingest_failed', `The connection to the ingest was lost.${why}`, { retryable: true })
  }
}

/**
 * Offline mode (DESIGN §6): a push that failed this way may be waited out (no connection, no answer in time, a
 * connection that broke), unlike a refusal or a server that is no RTMP ingest (TLS, handshake, protocol), which fail
 * as without offline mode. The API side of the same question is live/offline-cause.ts.
 */
export function isOfflinePushFailure(kind: RtmpFailureKind, error: Pick<OnairErrorValue, 'code'>): boolean {
  if (error.code === 'ingest_unreachable') return true
  if (error.code === 'ingest_rejected_key') return false
  return kind === 'unreachable' || kind === 'timeout' || kind === 'lost'
}
