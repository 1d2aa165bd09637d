import { onairError } from '../../../shared/errors'
import type { ChannelOptionField, ChannelOptions } from './provider'

/**
 * Checks `--option key=value` pairs (strings from the CLI, typed values from the UI) against a provider's
 * option schema, before anything is sent: unknown names, wrong types and out-of-range values become
 * `validation` errors naming the field (`options` for a name that is none of ours), so the streamer fixes them
 * without a round trip.
 */
export function checkChannelOptions(providerName: string, schema: ChannelOptionField[], options: ChannelOptions): ChannelOptions {
  const byName = new Map(schema.map((f) => [f.name.toLowerCase(), f]))
  const out: ChannelOptions = {}
  for (const [rawName, rawValue] of Object.entries(options)) {
    const field = byName.get(rawName.toLowerCase())
    // The name that was sent is not repeated (issue 7: input is never echoed); ours are listed instead.
    if (!field) {
      throw onairError(
        'validation',
        `There is an unknown option among the ${providerName} channel options. Known options: ${schema.map((f) => f.name).join(', ')}.`,
        {
          field: 'options'
        }
      )
    }
    out[field.name] = coerce(providerName, field, rawValue)
  }
  for (const field of schema) {
    if (field.required && out[field.name] === undefined) {
      throw onairError('validation', `${providerName} needs the channel option "${field.name}" (${field.label}); add --option ${field.name}=VALUE.`, {
        field: field.name
      })
    }
  }
  return out
}

function coerce(providerName: string, field: ChannelOptionField, value: string | number | boolean): string | number | boolean {
  const bad = (why: string) => onairError('validation', `${providerName} option "${field.name}" ${why}`, { field: field.name })
  switch (field.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return value
      const s = String(value).trim().toLowerCase()
      if (['true', '1', 'yes', 'on'].includes(s)) return true
      if (['false', '0', 'no', 'off'].includes(s)) return false
      throw bad('must be true or false.')
    }
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).trim())
      if (!Number.isFinite(n) || String(value).trim() === '') throw bad('must be a number.')
      if (field.min !== undefined && n < field.min) throw bad(`must be at least ${field.min} (got ${n}).`)
      if (field.max !== undefined && n > field.max) throw bad(`must be at most ${field.max} (got ${n}).`)
      return n
    }
    case 'enum': {
      const s = String(value).trim()
      const match = field.values?.find((v) => v.toLowerCase() === s.toLowerCase())
      if (!match) throw bad(`must be one of ${field.values?.join(', ')}.`)
      return match
    }
    default:
      return String(value)
  }
}

/** Option value as an integer (already range-checked). */
export function intOption(options: ChannelOptions, name: string): number | undefined {
  const v = options[name]
  return v === undefined ? undefined : Math.trunc(Number(v))
}
