import type { ChannelOptionField, ChannelOptions } from '../../../../shared/channel-options'
import { NAME_LIMIT } from '../../../../shared/display-text'
import type { ProviderId } from '../../../../shared/providers'

/**
 * The create-channel form as pure data (table-tested): which control each option gets, its starting value, what the
 * streamer must fix before anything is sent, the options the request carries, and which field an error from main is about.
 */

/**
 * How an option is drawn. A boolean with a documented default is a switch; one without is a choice of "the service's
 * default / on / off", so leaving it alone never sends a value the streamer did not pick.
 */
export type OptionControl = 'text' | 'number' | 'select' | 'switch' | 'tristate'

export function optionControl(field: ChannelOptionField): OptionControl {
  if (field.type === 'boolean') return field.default === undefined ? 'tristate' : 'switch'
  if (field.type === 'enum') return 'select'
  return field.type === 'number' ? 'number' : 'text'
}

/** Switches hold booleans; everything else the text of its input or select ('' = not set, tristate 'true'/'false'). */
export type OptionValue = string | boolean

export interface ChannelFormState {
  name: string
  values: Record<string, OptionValue>
}

export function initialChannelForm(fields: readonly ChannelOptionField[]): ChannelFormState {
  const values: Record<string, OptionValue> = {}
  for (const f of fields) {
    if (optionControl(f) === 'switch') values[f.name] = f.default === true
    else values[f.name] = f.default === undefined ? '' : String(f.default)
  }
  return { name: '', values }
}

export type FieldProblem =
  { kind: 'required' } | { kind: 'notNumber' } | { kind: 'atLeast'; min: number } | { kind: 'atMost'; max: number } | { kind: 'tooLong'; max: number }

/** What must be fixed before the form is sent, by field ('name' or an option's name). */
export function channelFormProblems(fields: readonly ChannelOptionField[], state: ChannelFormState): Record<string, FieldProblem> {
  const out: Record<string, FieldProblem> = {}
  if (!state.name.trim()) out.name = { kind: 'required' }
  else if (state.name.trim().length > NAME_LIMIT) out.name = { kind: 'tooLong', max: NAME_LIMIT }
  for (const f of fields) {
    const value = state.values[f.name]
    if (typeof value === 'boolean') continue
    const text = (value ?? '').trim()
    if (!text) {
      if (f.required) out[f.name] = { kind: 'required' }
      continue
    }
    if (f.type !== 'number') continue
    const n = Number(text)
    if (!Number.isFinite(n)) out[f.name] = { kind: 'notNumber' }
    else if (f.min !== undefined && n < f.min) out[f.name] = { kind: 'atLeast', min: f.min }
    else if (f.max !== undefined && n > f.max) out[f.name] = { kind: 'atMost', max: f.max }
  }
  return out
}

/**
 * The options channels:create carries: every option the form shows a value for (the documented defaults included, so
 * the channel gets what the form showed), typed; empty fields and "the service's default" are left out.
 */
export function channelCreateOptions(fields: readonly ChannelOptionField[], state: ChannelFormState): ChannelOptions {
  const out: ChannelOptions = {}
  for (const f of fields) {
    const value = state.values[f.name]
    if (typeof value === 'boolean') {
      out[f.name] = value
      continue
    }
    const text = (value ?? '').trim()
    if (!text) continue
    if (f.type === 'number') out[f.name] = Number(text)
    else if (f.type === 'boolean') out[f.name] = text === 'true'
    else out[f.name] = text
  }
  return out
}

/** How providers name the channel's name in their errors. */
const NAME_ALIASES = new Set(['name', 'title', 'channelName'])
/** Provider request paths that are one of our options under another name (NAVER nests its CDN and recording settings). */
const OPTION_ALIASES: Partial<Record<ProviderId, Record<string, string>>> = {
  naver: { 'record.type': 'recordType', 'record.format': 'recordFormat', 'record.bucketName': 'bucketName', 'record.filePath': 'filePath' }
}

/**
 * The form field an error from main is about: 'name', an option's name, or undefined (said above the buttons).
 * Main names fields as the request did (`options.mode`), as the provider did (`cdn.profileId`, `title`), or plainly.
 */
export function formFieldOfError(provider: ProviderId, field: string | undefined, fields: readonly ChannelOptionField[]): string | undefined {
  if (!field) return undefined
  const plain = field.replace(/^options\./, '')
  if (NAME_ALIASES.has(plain)) return 'name'
  const alias = OPTION_ALIASES[provider]?.[plain]
  if (alias) return alias
  const names = new Map(fields.map((f) => [f.name.toLowerCase(), f.name]))
  return names.get(plain.toLowerCase()) ?? names.get((plain.split('.').pop() ?? '').toLowerCase())
}

/**
 * The options a streamer sets most often, shown first; the rest wait under "More options". Required options are
 * always shown. A presentation choice per provider, not part of the contract.
 */
const FIRST_OPTIONS: Partial<Record<ProviderId, readonly string[]>> = {
  kollus: ['customer_code', 'is_shared', 'concurrently_viewer_limit', 'use_timeshift', 'recording_file_policy'],
  sigma: ['type', 'mode', 'catchup', 'record'],
  'livestream-api': ['mode', 'catchup', 'record', 'dvr'],
  naver: ['qualitySetId', 'profileId', 'isStreamFailOver', 'outputProtocol', 'useDvr', 'recordType']
}

export function splitOptions(provider: ProviderId, fields: readonly ChannelOptionField[]): { first: ChannelOptionField[]; more: ChannelOptionField[] } {
  const firstNames = FIRST_OPTIONS[provider] ?? []
  const isFirst = (f: ChannelOptionField) => f.required === true || firstNames.includes(f.name)
  // In the provider's own order, which groups related options (the thumbnails' sizes after Thumbnails), but the
  // switches after the fields, where they line up as a row of their own instead of a lone switch between two inputs.
  const tidy = (list: ChannelOptionField[]) => [...list.filter((f) => optionControl(f) !== 'switch'), ...list.filter((f) => optionControl(f) === 'switch')]
  return { first: tidy(fields.filter(isFirst)), more: tidy(fields.filter((f) => !isFirst(f))) }
}
