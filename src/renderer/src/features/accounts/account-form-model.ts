import type { AccountSummary, CommandParsedRequest } from '../../../../shared/contract'
import { PROVIDERS, type CredentialFieldInfo, type ProviderId } from '../../../../shared/providers'

/**
 * The account form as data (pure, table-tested): which fields a provider's form shows for a credential shape, what the
 * form must refuse before anything is sent, and which command carries it. The renderer never has a saved secret, so
 * an edit sends only what changed: a secret left empty means "keep" (accounts:update).
 */

export interface FormField extends CredentialFieldInfo {
  /** Shown under "Advanced": an optional API address most streamers never need. */
  advanced: boolean
}

export type FormValues = Record<string, string>

/** Fields whose change sends the account somewhere else: its saved secrets must then be typed again (DESIGN §2). */
const ADDRESS_FIELDS = ['apiBase', 'serverUrl']

export const PROFILE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/**
 * The fields of one credential shape: the shape's own, plus optional fields that belong to no shape (the API
 * address, NAVER's region). Kollus's token form thus hides the OAuth fields and the other way round.
 */
export function formFields(provider: ProviderId, shapeIndex: number): FormField[] {
  const info = PROVIDERS[provider]
  const shape = info.credentialShapes[shapeIndex] ?? info.credentialShapes[0]
  const inSomeShape = new Set(info.credentialShapes.flat())
  return info.credentialFields
    .filter((f) => shape.includes(f.name) || !inSomeShape.has(f.name))
    .map((f) => {
      const required = shape.includes(f.name)
      return { ...f, required, advanced: f.name === 'apiBase' && !required }
    })
}

/** The shape a saved account uses: the first whose fields it has (its display lists the fields that are saved). */
export function savedShape(account: AccountSummary): number {
  const shapes = PROVIDERS[account.provider].credentialShapes
  const found = shapes.findIndex((shape) => shape.every((name) => account.display[name] !== undefined))
  return found < 0 ? 0 : found
}

/** A profile name for a new account of this provider that is not taken yet: `default`, then `profile-2`, ... */
export function freeProfile(provider: ProviderId, accounts: AccountSummary[]): string {
  const taken = new Set(accounts.filter((a) => a.provider === provider).map((a) => a.profile))
  if (!taken.has('default')) return 'default'
  for (let n = 2; ; n++) if (!taken.has(`profile-${n}`)) return `profile-${n}`
}

/** Starting values: an edit shows the saved non-secret values; a secret input always starts empty (never prefilled). */
export function initialValues(fields: FormField[], account?: AccountSummary): FormValues {
  const values: FormValues = {}
  for (const f of fields) values[f.name] = !f.secret && account ? (account.display[f.name] ?? '') : ''
  return values
}

export type FormMode = { kind: 'add'; accounts: AccountSummary[] } | { kind: 'edit'; account: AccountSummary }

export interface FormState {
  provider: ProviderId
  shape: number
  profile: string
  label: string
  values: FormValues
}

/** Why the form cannot be sent yet, by field (`profile` too); i18n keys, so the page says them in its language. */
export type FormProblems = Record<string, 'required' | 'secretRequired' | 'profileInvalid' | 'profileTaken'>

/** True when an edit moves the account to another address: then every secret must be given again. */
export function addressChanged(mode: FormMode, state: FormState): boolean {
  if (mode.kind !== 'edit') return false
  return ADDRESS_FIELDS.some((name) => name in state.values && state.values[name].trim() !== (mode.account.display[name] ?? '').trim())
}

/** An edit that switches Kollus between token and OAuth replaces the account: all fields of the new shape are needed. */
export function shapeChanged(mode: FormMode, state: FormState): boolean {
  return mode.kind === 'edit' && savedShape(mode.account) !== state.shape
}

export function formProblems(mode: FormMode, state: FormState): FormProblems {
  const problems: FormProblems = {}
  const complete = mode.kind === 'add' || shapeChanged(mode, state)
  const secretsAgain = complete || addressChanged(mode, state)
  for (const f of formFields(state.provider, state.shape)) {
    const empty = !state.values[f.name]?.trim()
    if (!empty || !f.required) continue
    if (!f.secret) problems[f.name] = 'required'
    else if (secretsAgain) problems[f.name] = mode.kind === 'add' ? 'required' : 'secretRequired'
  }
  if (mode.kind === 'add') {
    if (!PROFILE_PATTERN.test(state.profile)) problems.profile = 'profileInvalid'
    else if (mode.accounts.some((a) => a.provider === state.provider && a.profile === state.profile)) problems.profile = 'profileTaken'
  }
  return problems
}

export type AccountRequest =
  | { command: 'accounts:save'; request: CommandParsedRequest<'accounts:save'> }
  | { command: 'accounts:update'; request: CommandParsedRequest<'accounts:update'> }

/**
 * The command that saves the form. Adding (or switching Kollus's sign-in method) saves a complete set; an edit sends
 * what changed: the label, non-secret fields (an emptied one as '') and only the secrets that were typed.
 */
export function accountRequest(mode: FormMode, state: FormState): AccountRequest {
  const fields = formFields(state.provider, state.shape)
  const label = state.label.trim()
  if (mode.kind === 'add' || shapeChanged(mode, state)) {
    const values: Record<string, string> = {}
    for (const f of fields) if (state.values[f.name]?.trim()) values[f.name] = state.values[f.name].trim()
    const profile = mode.kind === 'add' ? state.profile : mode.account.profile
    return { command: 'accounts:save', request: { provider: state.provider, profile, ...(label ? { label } : {}), fields: values } }
  }
  const changed: Record<string, string> = {}
  for (const f of fields) {
    const value = state.values[f.name]?.trim() ?? ''
    if (f.secret) {
      if (value) changed[f.name] = value
    } else if (value !== (mode.account.display[f.name] ?? '')) changed[f.name] = value
  }
  const request: CommandParsedRequest<'accounts:update'> = { provider: mode.account.provider, profile: mode.account.profile, fields: changed }
  if (label !== mode.account.label) request.label = label
  return { command: 'accounts:update', request }
}
