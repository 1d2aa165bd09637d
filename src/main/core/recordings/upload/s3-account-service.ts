import { onairError } from '../../../../shared/errors'
import { displayText } from '../../../../shared/display-text'
import { maskSecret } from '../../../../shared/redact'
import { CREDENTIAL_FIELD_MAX } from '../../../../shared/providers'
import { DEFAULT_S3_REGION, STORAGE, type StorageAccountSummary } from '../../../../shared/storage'
import type { CredentialStore } from '../../credentials/credential-store'
import { isLoopbackHost } from '../../transport/ws-auth'

export interface S3Account {
  profile: string
  label: string
  accessKeyId: string
  secretAccessKey: string
  region: string
  endpoint?: string
}

interface StoredS3Account {
  label?: string
  fields: Record<string, string>
  savedAt: string
}

const LABEL_MAX = 80

export function s3AccountName(profile: string): string {
  return `s3:${profile}`
}

/**
 * S3 storage accounts in the keychain (DESIGN §8): one entry `s3:PROFILE`, its value the JSON of
 * `{"accessKeyId","secretAccessKey","region","endpoint"?}`, beside the provider accounts and in the same shape.
 * The provider account list skips these entries (`s3` is no provider); callers see them masked only.
 */
export class S3AccountService {
  constructor(private readonly store: CredentialStore) {}

  async save(profile: string, fields: unknown, label?: string): Promise<StorageAccountSummary> {
    const clean = normaliseS3Fields(fields)
    const stored: StoredS3Account = { label: (label && displayText(label, LABEL_MAX)) || undefined, fields: clean, savedAt: new Date().toISOString() }
    await this.store.set(s3AccountName(profile), JSON.stringify(stored))
    return summarise(profile, stored)
  }

  /** The saved account, or null when there is none under that profile. */
  async get(profile: string): Promise<S3Account | null> {
    const raw = await this.store.get(s3AccountName(profile))
    if (raw === null) return null
    const { fields, label } = parseStored(raw)
    return {
      profile,
      label: label ?? defaultLabel(profile),
      accessKeyId: fields.accessKeyId,
      secretAccessKey: fields.secretAccessKey,
      region: fields.region || DEFAULT_S3_REGION,
      ...(fields.endpoint ? { endpoint: fields.endpoint } : {})
    }
  }

  async list(): Promise<StorageAccountSummary[]> {
    const out: StorageAccountSummary[] = []
    for (const account of await this.store.listAccounts()) {
      const [kind, profile, ...rest] = account.split(':')
      if (kind !== 's3' || !profile || rest.length > 0) continue
      const raw = await this.store.get(account)
      if (raw !== null) out.push(summarise(profile, parseStored(raw)))
    }
    return out
  }

  delete(profile: string): Promise<boolean> {
    return this.store.delete(s3AccountName(profile))
  }
}

/** Checks the JSON of DESIGN §8 for `s3`: known fields only, strings, bounded, both keys present. Never echoes a value. */
export function normaliseS3Fields(input: unknown): Record<string, string> {
  const info = STORAGE.s3
  const names = info.credentialFields.map((f) => f.name)
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw onairError('invalid_request', `S3 credentials must be a JSON object with the fields ${names.join(', ')}.`)
  }
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    if (!names.includes(name)) throw onairError('invalid_request', `S3 credentials have an unknown field. Expected ${names.join(', ')}.`)
    if (typeof value !== 'string') throw onairError('invalid_request', `"${name}" must be a string.`, { field: name })
    if (value.length > CREDENTIAL_FIELD_MAX)
      throw onairError('invalid_request', `"${name}" is too long (at most ${CREDENTIAL_FIELD_MAX} characters).`, { field: name })
    if (value.trim()) out[name] = value.trim()
  }
  for (const name of info.required)
    if (!out[name]) throw onairError('invalid_request', `Missing "${name}": S3 needs ${info.required.join(' + ')}.`, { field: name })
  if (out.region && !/^[a-z0-9-]{1,64}$/i.test(out.region)) throw onairError('invalid_request', 'The region is a name like us-east-1.', { field: 'region' })
  if (out.endpoint) out.endpoint = normaliseEndpoint(out.endpoint)
  return out
}

/**
 * An S3-compatible store's address: scheme, host and port (the bucket goes in the path). https:// only, but for this
 * computer: plain http elsewhere would carry the recording, and signed requests, in clear.
 */
export function normaliseEndpoint(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw onairError('invalid_request', 'The endpoint is not a URL; write it as https://host[:port].', { field: 'endpoint' })
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw onairError('invalid_request', 'The endpoint must start with https:// (http:// only for this computer: 127.0.0.1, ::1, localhost).', {
      field: 'endpoint'
    })
  }
  return `${url.protocol}//${url.host}`
}

function parseStored(raw: string): StoredS3Account {
  try {
    const parsed = JSON.parse(raw) as StoredS3Account
    if (parsed && typeof parsed.fields === 'object' && parsed.fields.accessKeyId && parsed.fields.secretAccessKey) return parsed
  } catch {
    // fall through
  }
  throw onairError('internal', 'The saved S3 account is damaged; save it again (onair credentials set s3).')
}

function defaultLabel(profile: string): string {
  return profile === 'default' ? STORAGE.s3.name : `${STORAGE.s3.name} (${profile})`
}

function summarise(profile: string, stored: StoredS3Account): StorageAccountSummary {
  const display: Record<string, string> = {}
  for (const field of STORAGE.s3.credentialFields) {
    const value = stored.fields[field.name]
    if (value !== undefined) display[field.name] = displayText(field.secret ? maskSecret(value) : value, 512)
  }
  return { kind: 's3', profile, label: displayText(stored.label ?? defaultLabel(profile), LABEL_MAX), display }
}
