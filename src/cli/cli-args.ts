import { onairError } from '../shared/errors'
import { PROVIDER_IDS, profileSchema, type ProviderId } from '../shared/providers'
import { describe } from '../shared/validation-error'
import type { ParsedArgs } from './cli-command'

export function usageError(message: string): Error {
  return onairError('invalid_request', message, { field: 'usage' })
}

export function providerArg(value: string | undefined): ProviderId {
  if (!value) throw usageError(`Name a provider: ${PROVIDER_IDS.join(', ')}.`)
  // Not echoed: whatever was typed there (a pasted key, control characters) stays off the screen and the logs.
  if (!(PROVIDER_IDS as readonly string[]).includes(value)) throw usageError(`Unknown provider. Providers: ${PROVIDER_IDS.join(', ')}.`)
  return value as ProviderId
}

export function profileArg(args: ParsedArgs): string {
  const value = stringArg(args, 'profile') ?? 'default'
  const parsed = profileSchema.safeParse(value)
  if (!parsed.success) throw usageError(describe(parsed.error.issues[0], '--profile'))
  return value
}

export function stringArg(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name]
  if (Array.isArray(v)) return v.at(-1)
  return typeof v === 'string' ? v : undefined
}

export function listArg(args: ParsedArgs, name: string): string[] {
  const v = args.values[name]
  if (Array.isArray(v)) return v
  return typeof v === 'string' ? [v] : []
}

export function numberArg(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = stringArg(args, name)
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isFinite(n) || n < min || n > max) throw usageError(`--${name} must be a number from ${min} to ${max}.`)
  return n
}

export const jsonOption = { json: { type: 'boolean' } } as const
export const profileOption = { profile: { type: 'string' } } as const
export const apiBaseOption = { 'api-base': { type: 'string' } } as const

/**
 * node:util parseArgs errors in our words: its own message quotes what was typed (`Unknown option '--streamkey'`,
 * or a pasted key), which we never echo. Names only the options this command has.
 */
export function parseArgsMessage(error: Error & { code?: unknown }, options: Record<string, unknown>): string {
  const names = Object.keys(options)
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = names.find((n) => new RegExp(`'--${n}[' ]`).test(error.message))
    const what = name ? `--${name}` : 'An option'
    return /argument missing/.test(error.message) ? `${what} needs a value.` : `${what} takes no value.`
  }
  const known = names.map((n) => `--${n}`).join(', ')
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option. This command takes ${known}.`
  return `the arguments are not valid. This command takes ${known}.`
}
