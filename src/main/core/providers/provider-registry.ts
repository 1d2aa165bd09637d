import { isOnairError, onairError } from '../../../shared/errors'
import { PROVIDERS, type CredentialFields, type ProviderId } from '../../../shared/providers'
import { normaliseApiBase, type CredentialVerifier } from '../credentials/account-service'
import type { ChannelOptionField } from '../../../shared/channel-options'
import { KOLLUS_CHANNEL_OPTIONS, KOLLUS_DEFAULT_API, KollusProvider } from './kollus/kollus-provider'
import { LIVESTREAM_API_CHANNEL_OPTIONS, LivestreamApiProvider } from './livestream-api/livestream-api-provider'
import { NAVER_CHANNEL_OPTIONS, NAVER_DEFAULT_BASE, NaverProvider } from './naver/naver-provider'
import type { Provider, ProviderContext, ProviderFactory } from './provider'
import { SIGMA_CHANNEL_OPTIONS, SIGMA_DEFAULT_BASE, SigmaProvider } from './sigma/sigma-provider'

/** Provider id → factory (STYLE 3). Custom RTMP has no API, so no client. */
export const PROVIDER_FACTORIES: Partial<Record<ProviderId, ProviderFactory>> = {
  kollus: (ctx) => new KollusProvider(ctx),
  sigma: (ctx) => new SigmaProvider(ctx),
  'livestream-api': (ctx) => new LivestreamApiProvider(ctx),
  naver: (ctx) => new NaverProvider(ctx)
}

/**
 * Each API provider's create-channel options (`channels:options`): the same schema `createChannel` checks against,
 * and static, so the UI can draw the form before any account is saved.
 */
export const PROVIDER_CHANNEL_OPTIONS: Partial<Record<ProviderId, readonly ChannelOptionField[]>> = {
  kollus: KOLLUS_CHANNEL_OPTIONS,
  sigma: SIGMA_CHANNEL_OPTIONS,
  'livestream-api': LIVESTREAM_API_CHANNEL_OPTIONS,
  naver: NAVER_CHANNEL_OPTIONS
}

export function hasProviderClient(id: ProviderId): boolean {
  return PROVIDER_FACTORIES[id] !== undefined
}

/**
 * Builds the client for an account. It talks to the account's own `apiBase` (or the provider's public host): there
 * is no override, so the secret goes only where it was saved for (DESIGN §2).
 */
export function createProvider(id: ProviderId, ctx: ProviderContext): Provider {
  const factory = PROVIDER_FACTORIES[id]
  if (!factory)
    throw onairError('unsupported', `${PROVIDERS[id].name} has no API: it pushes straight to the server you entered.`, { provider: id, field: 'provider' })
  // Checked again at use: an account saved before plain http:// to other hosts was refused must not still send its secret in clear.
  if (ctx.fields.apiBase) normaliseApiBase(ctx.fields.apiBase)
  return factory(ctx)
}

/** The public API host each client uses when the account saves none (v1.0-poc has none; Custom RTMP has no API). */
const DEFAULT_API_BASES: Partial<Record<ProviderId, string>> = {
  kollus: KOLLUS_DEFAULT_API,
  sigma: SIGMA_DEFAULT_BASE,
  naver: NAVER_DEFAULT_BASE
}

/** The address an account's secret is sent to: its saved `apiBase`, else the provider's public host. */
export function effectiveApiBase(id: ProviderId, fields: CredentialFields): string | undefined {
  return fields.apiBase || DEFAULT_API_BASES[id]
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
