import { connect as tcpConnect, isIP } from 'node:net'
import type { Duplex } from 'node:stream'
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls'
import type { RtmpDestination } from '../../../../shared/rtmp-url'

/**
 * Opens the byte stream to an ingest: TCP for rtmp://, TLS for rtmps:// (with SNI, certificates checked as a
 * browser would). It emits 'connect' once TCP is up and, for TLS, 'secureConnect' once the TLS handshake is done.
 */
export type OpenRtmpSocket = (destination: RtmpDestination) => Duplex

export function openRtmpSocket(destination: RtmpDestination, tlsOptions: ConnectionOptions = {}): Duplex {
  const { host, port } = destination
  if (!destination.secure) return tcpConnect({ host, port })
  // SNI takes a host name only; ingests behind a CDN pick their certificate by it.
  return tlsConnect({ host, port, servername: isIP(host) ? undefined : host, ...tlsOptions })
}
