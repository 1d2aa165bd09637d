import { onairError } from '../../../shared/errors'
import { parseRtmpDestination } from '../../../shared/rtmp-url'
import type { AccountCheck } from '../credentials/account-service'
import { tcpReachable } from '../media/tcp-probe'
import type { ProviderBase } from './provider-channels'
import { createProvider, hasProviderClient } from './provider-registry'

/**
 * `accounts:verify` for every provider: API providers make their one cheap authenticated call (`Provider.verify`) at
 * the account's saved address; Custom RTMP has no API, so its server URL is parsed and the ingest's port probed
 * (whether the key is accepted shows only when a push starts).
 */
export function accountCheck(base: ProviderBase, probe: (host: string, port: number) => Promise<boolean> = tcpReachable): AccountCheck {
  return async (provider, fields) => {
    if (hasProviderClient(provider)) return createProvider(provider, { ...base, fields, profile: 'verify' }).verify()
    const rtmp = parseRtmpDestination(fields.serverUrl ?? '', fields.streamKey)
    if (await probe(rtmp.host, rtmp.port)) return
    throw onairError('ingest_unreachable', `The server ${rtmp.server} does not answer on port ${rtmp.port}. Check the server URL and your network.`, {
      provider,
      retryable: true,
      field: 'serverUrl',
      data: { server: rtmp.server, port: rtmp.port }
    })
  }
}
