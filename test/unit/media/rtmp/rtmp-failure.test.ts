import { describe, expect, it } from 'vitest'
import { pushFailure, type RtmpFailure } from '../../../../src/main/core/media/rtmp/rtmp-failure'

const KEY = 'live_8f3e9a1b2c'

describe('RTMP failure → an error a streamer can act on', () => {
  it.each<[RtmpFailure, boolean, string, RegExp]>([
    [{ kind: 'unreachable', detail: 'connect ECONNREFUSED 127.0.0.1:1935' }, true, 'ingest_unreachable', /does not answer.*ECONNREFUSED/],
    [{ kind: 'lost', detail: 'read ECONNRESET' }, false, 'ingest_unreachable', /does not answer/],
    [{ kind: 'rejected', detail: 'the server closed the connection before accepting the stream' }, false, 'ingest_unreachable', /does not answer/],
    [{ kind: 'rejected', detail: 'NetStream.Publish.BadName' }, true, 'ingest_rejected_key', /refused the stream key.*BadName/],
    [{ kind: 'rejected', detail: `NetStream.Publish.Denied: ${KEY} denied` }, true, 'ingest_rejected_key', /refused the stream key/],
    [{ kind: 'lost', detail: 'read ECONNRESET' }, true, 'ingest_failed', /connection to the ingest was lost.*ECONNRESET/],
    [{ kind: 'timeout', detail: 'no answer to publish within 10 s' }, true, 'ingest_failed', /did not answer in time/],
    [
      { kind: 'handshake', detail: 'the server did not answer the RTMP handshake (version byte 72)' },
      true,
      'ingest_failed',
      /does not answer as an RTMP ingest/
    ],
    [{ kind: 'protocol', detail: 'RTMP message too large' }, true, 'ingest_failed', /does not answer as an RTMP ingest/],
    // A certificate problem is not an outage, whatever a probe says.
    [{ kind: 'tls', detail: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, false, 'ingest_failed', /secure connection.*SELF_SIGNED/]
  ])('%j (reachable %s) → %s', (failure, reachable, code, message) => {
    const e = pushFailure(failure, reachable, [KEY])
    expect(e.code).toBe(code)
    expect(e.message).toMatch(message)
    expect(e.message).not.toContain(KEY)
    expect(e.value.retryable).toBe(code !== 'ingest_rejected_key')
  })
})
