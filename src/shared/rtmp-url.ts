import { onairError } from './errors'
import { CREDENTIAL_FIELD_MAX } from './providers'

export interface RtmpDestination {
  /** rtmp(s)://host[:port]/app — safe to show. */
  server: string
  /** The stream key: secret. */
  key: string
  host: string
  port: number
  secure: boolean
  /** The full publish URL (server + '/' + key): secret, pass only to ffmpeg. */
  publishUrl: string
}

/** Longest server URL we take (a real one is well under 200 characters). */
export const SERVER_URL_MAX = 2048

const DEFAULT_PORT = { rtmp: 1935, rtmps: 443 } as const

/**
 * Parses a Custom RTMP destination. With `key` given, `serverUrl` is the server (rtmp://host[:port]/app[/...]);
 * without it, the last path segment of `serverUrl` is the key (what users paste from a provider's page).
 * Errors name the field and never echo the key.
 */
export function parseRtmpDestination(serverUrl: string, key?: string, field = 'serverUrl'): RtmpDestination {
  const raw = serverUrl.trim()
  const bad = (why: string) => onairError('invalid_rtmp_url', `That server URL is not usable: ${why}`, { field })
  if (raw.length > SERVER_URL_MAX) throw bad(`it is longer than ${SERVER_URL_MAX} characters.`)
  const match = /^(rtmps?):\/\/([^/\s?#]+)(\/[^\s?#]*)?(\?[^\s#]*)?$/i.exec(raw)
  if (!match) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !/^rtmps?:\/\//i.test(raw))
      throw bad('it must start with rtmp:// or rtmps:// (for example rtmp://live.example.com/app).')
    throw bad('write it as rtmp://host[:port]/app, for example rtmp://live.example.com/app.')
  }
  const scheme = match[1].toLowerCase() as 'rtmp' | 'rtmps'
  const authority = match[2]
  if (authority.includes('@')) throw bad('remove the user name and password from it; put the stream key in the key field.')
  const hostPort = /^(\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(authority)
  if (!hostPort) throw bad('its host name or port is not valid.')
  const host = hostPort[1]
  const port = hostPort[2] ? Number(hostPort[2]) : DEFAULT_PORT[scheme]
  if (!(port >= 1 && port <= 65535)) throw bad(`port ${hostPort[2]} is out of range (1–65535).`)
  const segments = (match[3] ?? '').split('/').filter(Boolean)
  const query = match[4] ?? ''

  let streamKey = key?.trim() ?? ''
  if (!streamKey) {
    if (segments.length < 2) {
      throw onairError('invalid_rtmp_url', 'No stream key: enter the key, or paste the full URL that ends with it (rtmp://host/app/KEY).', {
        field: 'streamKey'
      })
    }
    streamKey = segments.pop() as string
  }
  if (segments.length < 1) throw bad('it needs an application path after the host, for example rtmp://live.example.com/app.')
  if (streamKey.length > CREDENTIAL_FIELD_MAX) {
    throw onairError('invalid_rtmp_url', `The stream key is longer than ${CREDENTIAL_FIELD_MAX} characters; copy it again from your provider.`, {
      field: 'streamKey'
    })
  }
  if (/\s/.test(streamKey)) throw onairError('invalid_rtmp_url', 'The stream key contains spaces; copy it again from your provider.', { field: 'streamKey' })

  const server = `${scheme}://${authority}/${segments.join('/')}`
  // Some ingests put their auth in a query string on the app (rtmp://host/app?token=...): keep it on the key side.
  return { server, key: streamKey + query, host: host.replace(/^\[|\]$/g, ''), port, secure: scheme === 'rtmps', publishUrl: `${server}/${streamKey}${query}` }
}
