import type { z } from 'zod'
import { onairError, type OnairError } from './errors'

/**
 * A request that failed its schema → an `invalid_request` error that names only what our own schema knows.
 * A received key (a record key, an unrecognised key: a client once sent a 200 KB one) or value is never echoed:
 * the path keeps the leading keys our schema declares and says "an unknown field" for the rest, and the message
 * is built from the issue's code and our schema's limits, not from zod's text (which quotes unrecognised keys).
 */
export function validationError(error: z.ZodError, schema: z.ZodType, alsoKnown: Iterable<string> = []): OnairError {
  const issue = error.issues[0]
  if (!issue) return onairError('invalid_request', 'The request is not valid.')
  const known = knownKeys(schema)
  const extra = new Set(alsoKnown)
  const path: string[] = []
  for (const part of issue.path) {
    if (typeof part === 'number') path.push(String(part))
    else if (typeof part === 'string' && (known.has(part) || extra.has(part))) path.push(part)
    else break
  }
  const field = path.length ? path.join('.') : undefined
  const unknownTail = path.length < issue.path.length
  const subject = unknownTail ? (field ? `An unknown field in "${field}"` : 'An unknown field') : field ? `"${field}"` : 'The request'
  return onairError('invalid_request', `${describe(issue, subject)}`, { field })
}

/** What went wrong, in our words. Limits and allowed values come from our schema, never from the input. */
export function describe(issue: z.core.$ZodIssue, subject: string): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.length === 1 ? `${subject} has an unknown field.` : `${subject} has ${issue.keys.length} unknown fields.`
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? `${subject} is missing.` : `${subject} must be ${article(issue.expected)}.`
    case 'too_big':
      return `${subject} is too ${issue.origin === 'number' || issue.origin === 'bigint' ? 'large' : 'long'} (at most ${issue.maximum}${unit(issue.origin)}).`
    case 'too_small':
      return Number(issue.minimum) <= 1 && issue.origin === 'string'
        ? `${subject} must not be empty.`
        : `${subject} is too ${issue.origin === 'number' || issue.origin === 'bigint' ? 'small' : 'short'} (at least ${issue.minimum}${unit(issue.origin)}).`
    case 'invalid_value':
      return `${subject} must be one of ${issue.values.map((v) => String(v)).join(', ')}.`
    case 'invalid_format':
      // Our schemas give their formats a message of their own (fixed text); zod's default quotes its pattern.
      return issue.message.startsWith('Invalid') ? `${subject} is not in the expected format.` : `${subject}: ${issue.message}`
    case 'custom':
      // Our refinements word their message as what follows the field's name ("has more than 32 options.").
      return `${subject} ${issue.message}`
    default:
      return `${subject} is not valid.`
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

function unit(origin: string): string {
  return origin === 'string' ? ' characters' : origin === 'array' || origin === 'set' ? ' items' : origin === 'object' || origin === 'record' ? ' fields' : ''
}

const keysBySchema = new WeakMap<object, Set<string>>()

/** Every object key declared anywhere in a schema (objects, and what wraps, pipes, unions or lists them). */
export function knownKeys(schema: z.ZodType): Set<string> {
  const cached = keysBySchema.get(schema)
  if (cached) return cached
  const keys = new Set<string>()
  const seen = new Set<unknown>()
  const visit = (s: unknown): void => {
    if (!s || typeof s !== 'object' || seen.has(s)) return
    seen.add(s)
    const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def
    if (!def) return
    if (def.shape && typeof def.shape === 'object') {
      for (const [key, inner] of Object.entries(def.shape)) {
        keys.add(key)
        visit(inner)
      }
    }
    for (const name of ['innerType', 'in', 'out', 'element', 'valueType', 'left', 'right', 'catchall']) visit(def[name])
    if (Array.isArray(def.options)) def.options.forEach(visit)
  }
  visit(schema)
  keysBySchema.set(schema, keys)
  return keys
}
