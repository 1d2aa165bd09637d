import { onairError } from '../shared/errors'
import { DEFAULT_PROFILE, PROVIDERS, type ProviderId } from '../shared/providers'
import { normaliseApiBase } from '../main/core/credentials/account-service'
import { effectiveApiBase } from '../main/core/providers/provider-registry'
import type { CliContext, ParsedArgs } from './cli-command'
import { stringArg, usageError } from './cli-args'

/**
 * `--api-base URL` (DESIGN §8) is a check, not an override: a saved account's secret goes only to the address it was
 * saved with (DESIGN §2). When the flag names that address (or the provider's public host, for an account saved
 * without one) the command goes ahead; otherwise it stops before any request, and says how to save the account with
 * the new address. Nothing is sent with the flag's value: the core takes no address in any request.
 */
export async function checkApiBaseArg(ctx: CliContext, args: ParsedArgs, provider: ProviderId, profile: string): Promise<void> {
  return checkApiBase(ctx, stringArg(args, 'api-base'), provider, profile)
}

/** The same check for one `--api-base` value (`onair live` takes one per `--provider`). */
export async function checkApiBase(ctx: CliContext, given: string | undefined, provider: ProviderId, profile: string): Promise<void> {
  if (given === undefined) return
  if (!PROVIDERS[provider].hasApi) throw usageError(`${PROVIDERS[provider].name} has no API address: drop --api-base.`)
  const wanted = normaliseApiBase(given)
  const account = await ctx.core().services.accounts.get(provider, profile)
  const saved = effectiveApiBase(provider, account.fields)
  const verdict = apiBaseVerdict(wanted, saved)
  if (verdict === 'same') return
  const profileFlag = profile === DEFAULT_PROFILE ? '' : ` --profile ${profile}`
  const where = verdict === 'none-saved' ? 'has no API address saved' : `is saved with the API address ${saved}`
  throw onairError(
    'api_base_mismatch',
    `The ${PROVIDERS[provider].name} account "${profile}" ${where}, not ${wanted}. Onair sends saved credentials only to the address they were saved for. ` +
      `To use ${wanted}, save the account again with it: onair credentials set ${provider}${profileFlag}, with "apiBase": "${wanted}" and the secret in the JSON on stdin.`,
    { provider, field: 'api-base' }
  )
}

/** Whether `--api-base` (normalised) names the address the account's secret already goes to. */
export function apiBaseVerdict(wanted: string, saved: string | undefined): 'same' | 'different' | 'none-saved' {
  if (!saved) return 'none-saved'
  return normaliseApiBase(saved) === wanted ? 'same' : 'different'
}
