import { isOnairError, onairError } from '../../../shared/errors'
import { PROVIDERS, type CredentialFields, type ProviderId } from '../../../shared/providers'
import type { CredentialVerifier } from '../credentials/account-service'
import { KollusProvider } from './kollus/kollus-provider'
import { LivestreamApiProvider } from './livestream-api/livestream-api-provider'
import { NaverProvider } from './naver/naver-provider'
import type { Provider, ProviderContext, ProviderFactory } from './provider'
import { SigmaProvider } from './sigma/sigma-provider'

/** Provider id → factory (STYLE 3). Custom RTMP has no API, so no client. */
export const PROVIDER_FACTORIES: Partial<Record<ProviderId, ProviderFactory>> = {
  kollus: (ctx) => new KollusProvider(ctx),
  sigma: (ctx) => new SigmaProvider(ctx),
  'livestream-api': (ctx) => new LivestreamApiProvider(ctx),
  naver: (ctx) => new NaverProvider(ctx)
}

export function hasProviderClient(id: ProviderId): boolean {
  return PROVIDER_FACTORIES[id] !== undefined
}

/** Builds the client for an account. `apiBase` (from --api-base) wins over the one saved with the account. */
export function createProvider(id: ProviderId, ctx: ProviderContext & { apiBase?: string }): Provider {
  const factory = PROVIDER_FACTORIES[id]
  if (!factory) throw onairError('unsupported', `${PROVIDERS[id].name} has no API: it pushes straight to the server you entered.`, { provider: id, field: 'provider' })
  const fields: CredentialFields = ctx.apiBase ? { ...ctx.fields, apiBase: ctx.apiBase } : ctx.fields
  return factory({ ...ctx, fields })
}

/** Failures that say nothing about the credentials: saving goes ahead, and Go Live checks them again. */
const INCONCLUSIVE = new Set(['network', 'timeout', 'server', 'rate_limited'])

/**
 * The AccountService hook: credentials are checked against the provider before they are saved. A refusal
 * (auth, forbidden, unknown account, clock skew, an address that is not the provider) blocks the save; being
 * offline or the provider being down does not, so a streamer can set up an account ahead of time.
 */
export function providerVerifier(base: Omit<ProviderContext, 'fields' | 'profile'>): CredentialVerifier {
  return async (provider, fields) => {
    if (!hasProviderClient(provider)) return true
    try {
      await createProvider(provider, { ...base, fields, profile: 'verify' }).verify()
      return true
    } catch (e) {
      if (isOnairError(e) && INCONCLUSIVE.has(e.code)) return false
      throw e
    }
  }
}
