import { randomBytes } from 'node:crypto'
import type { AccountSummary, AccountVerification } from '../../../shared/contract'
import { onairError, toErrorValue } from '../../../shared/errors'
import { displayText } from '../../../shared/display-text'
import { maskSecret, redact, redactDeep } from '../../../shared/redact'
import { parseRtmpDestination } from '../../../shared/rtmp-url'
import { CREDENTIAL_FIELD_MAX, DEFAULT_PROFILE, PROVIDERS, PROVIDER_IDS, secretValues, type CredentialFields, type ProviderId } from '../../../shared/providers'
import type { CredentialStore } from './credential-store'
import { isLoopbackHost } from '../transport/ws-auth'

interface StoredAccount {
  label?: string
  fields: CredentialFields
  savedAt: string
  /** False when the provider could not be asked at save time (offline); Go Live checks again. */
  verified?: boolean
}

export interface AccountRecord {
  provider: ProviderId
  profile: string
  label: string
  fields: CredentialFields
}

/**
 * Checks credentials against the provider before they are saved (providers plug their `verify` in here).
 * Throws when the provider refuses them; resolves true when it confirmed them, false when it could not be asked.
 */
export type CredentialVerifier = (provider: ProviderId, fields: CredentialFields) => Promise<boolean>

/**
 * Asks the provider now whether the credentials work (`accounts:verify`): resolves when they do, throws the typed
 * reason otherwise (`auth` when refused, `network`/`timeout` when it could not be asked). Custom RTMP: the ingest answers.
 */
export type AccountCheck = (provider: ProviderId, fields: CredentialFields) => Promise<void>

/** How long accounts:list trusts its cached answer when nothing was saved or deleted through this service. */
export const ACCOUNT_LIST_TTL_MS = 5_000

export function accountName(provider: ProviderId, profile: string): string {
  return `${provider}:${profile}`
}

/**
 * Provider accounts in the keychain: one entry per `provider:profile`, its value the JSON of the provider's
 * fields. Validates the field shape of DESIGN §8 before anything is written, and only ever hands masked
 * values to callers that display them.
 */
export class AccountService {
  /** accounts:list shared by every caller until an account changes (issue 7 item 5: 400 parallel lists crashed the keyring). */
  private listCache: { loading: Promise<AccountSummary[]>; at: number } | null = null
  /** Accounts that live only as long as this process (the CLI's `--to URL`): never written, never listed. */
  private readonly sessionAccounts = new Map<string, StoredAccount>()
  /** Read-modify-write of one entry (update, verify's flag) must not interleave with another write. */
  private writing: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly store: CredentialStore,
    private readonly verifyOnSave: CredentialVerifier = async () => true,
    private readonly check: AccountCheck = async (provider, fields) => void (await verifyOnSave(provider, fields))
  ) {}

  async save(provider: ProviderId, profile: string, fields: CredentialFields, label?: string): Promise<AccountSummary> {
    const clean = normaliseFields(provider, fields)
    const verified = await this.verifyOnSave(provider, clean)
    const stored: StoredAccount = { label: (label && displayText(label, LABEL_MAX)) || undefined, fields: clean, savedAt: new Date().toISOString(), verified }
    await this.exclusive(() => this.store.set(accountName(provider, profile), JSON.stringify(stored)))
    return summarise(provider, profile, stored)
  }

  /**
   * Changes some fields of a saved account (`accounts:update`). Omitted fields keep their saved values; `""` clears a
   * non-secret optional field and keeps a secret (a form never has the saved secret to send back). A new address
   * (`apiBase`, a Custom RTMP server's host) needs every saved secret typed again: otherwise a renderer or a socket
   * client could send the saved secret to a host of its choosing (DESIGN §2).
   */
  async update(provider: ProviderId, profile: string, fields: Record<string, string>, label?: string): Promise<AccountSummary> {
    const given = checkFieldInput(provider, fields)
    return this.exclusive(async () => {
      const raw = await this.store.get(accountName(provider, profile))
      if (raw === null) throw missingAccount(provider, profile)
      const before = parseStored(raw, provider)
      const merged: CredentialFields = { ...before.fields }
      for (const [name, value] of Object.entries(given)) {
        if (value) merged[name] = value
        else if (!isSecretField(provider, name)) delete merged[name]
      }
      const moved = ADDRESS_FIELDS.find((name) => !sameAddress(provider, name, before.fields[name], merged[name]))
      if (moved) {
        const retype = PROVIDERS[provider].credentialFields.find((f) => f.secret && merged[f.name] && !given[f.name])
        if (retype) {
          throw onairError(
            'invalid_request',
            `Enter "${retype.name}" again to change the ${moved === 'apiBase' ? 'API address' : 'server'}: a saved secret is sent to a new address only when you type it.`,
            { field: retype.name, provider }
          )
        }
      }
      const clean = normaliseFields(provider, merged)
      const verified = await this.verifyOnSave(provider, clean)
      const nextLabel = label === undefined ? before.label : displayText(label, LABEL_MAX) || undefined
      const stored: StoredAccount = { label: nextLabel, fields: clean, savedAt: new Date().toISOString(), verified }
      await this.store.set(accountName(provider, profile), JSON.stringify(stored))
      return summarise(provider, profile, stored)
    })
  }

  /**
   * Asks the provider now (`accounts:verify`) and keeps the answer as the account's `connected`. A refusal and an
   * unreachable provider both read "not connected"; the error says which (and whether trying again can help).
   */
  async verify(provider: ProviderId, profile: string = DEFAULT_PROFILE): Promise<AccountVerification> {
    const account = await this.get(provider, profile)
    let error: AccountVerification['error']
    try {
      await this.check(provider, account.fields)
    } catch (e) {
      // The provider clients redact their own secrets; this is the last net for anything else that threw.
      error = redactDeep(toErrorValue(e), secretValues(provider, account.fields))
    }
    const connected = error === undefined
    if (!this.sessionAccounts.has(accountName(provider, profile))) await this.remember(provider, profile, connected)
    return { connected, checkedAt: Date.now(), ...(error ? { error } : {}) }
  }

  /**
   * An account for this process only (the CLI's `onair live --to URL`): checked like a saved one, reachable by its
   * generated profile name through `get`, so `live:start` names it like any other; never in the keychain or the list.
   */
  addSessionAccount(provider: ProviderId, fields: CredentialFields, label?: string): string {
    const clean = normaliseFields(provider, fields)
    const profile = `session-${randomBytes(6).toString('hex')}`
    this.sessionAccounts.set(accountName(provider, profile), {
      label: label ?? PROVIDERS[provider].name,
      fields: clean,
      savedAt: new Date().toISOString(),
      verified: true
    })
    return profile
  }

  async get(provider: ProviderId, profile: string = DEFAULT_PROFILE): Promise<AccountRecord> {
    const session = this.sessionAccounts.get(accountName(provider, profile))
    if (session) return { provider, profile, label: session.label ?? defaultLabel(provider, profile), fields: session.fields }
    const raw = await this.store.get(accountName(provider, profile))
    if (raw === null) throw missingAccount(provider, profile)
    const stored = parseStored(raw, provider)
    return { provider, profile, label: stored.label ?? defaultLabel(provider, profile), fields: stored.fields }
  }

  async delete(provider: ProviderId, profile: string = DEFAULT_PROFILE): Promise<boolean> {
    if (this.sessionAccounts.delete(accountName(provider, profile))) return true
    return this.exclusive(() => this.store.delete(accountName(provider, profile)))
  }

  /** Keeps what verify found as the saved `connected` flag; written only when it changed. */
  private async remember(provider: ProviderId, profile: string, connected: boolean): Promise<void> {
    await this.exclusive(async () => {
      const raw = await this.store.get(accountName(provider, profile))
      if (raw === null) return // deleted meanwhile
      const stored = parseStored(raw, provider)
      if ((stored.verified !== false) === connected) return
      await this.store.set(accountName(provider, profile), JSON.stringify({ ...stored, verified: connected }))
    })
  }

  /** Runs one write after the other; the list cache is dropped after each, whatever happened. */
  private exclusive<T>(write: () => Promise<T>): Promise<T> {
    const run = this.writing.then(write).finally(() => (this.listCache = null))
    this.writing = run.catch(() => undefined)
    return run
  }

  /**
   * The saved accounts, masked. Concurrent callers share one keychain read; the result is kept until an account is
   * saved or deleted here, and for a few seconds at most, so one saved by `onair credentials` in another process
   * still shows up. A failed read is not kept.
   */
  async list(): Promise<AccountSummary[]> {
    const now = Date.now()
    if (!this.listCache || now - this.listCache.at > ACCOUNT_LIST_TTL_MS) {
      const entry = { loading: this.readList(), at: now }
      this.listCache = entry
      entry.loading.catch(() => {
        if (this.listCache === entry) this.listCache = null
      })
    }
    // Each caller gets its own copy: the cached value is never handed out to be changed.
    return structuredClone(await this.listCache.loading)
  }

  private async readList(): Promise<AccountSummary[]> {
    const out: AccountSummary[] = []
    for (const account of await this.store.listAccounts()) {
      const [provider, profile, ...rest] = account.split(':')
      // Other entries (e.g. per-channel ingest keys) share the service; only `provider:profile` are accounts.
      if (rest.length > 0 || !profile || !(PROVIDER_IDS as readonly string[]).includes(provider)) continue
      const raw = await this.store.get(account)
      if (raw === null) continue
      out.push(summarise(provider as ProviderId, profile, parseStored(raw, provider as ProviderId)))
    }
    return out
  }
}

function missingAccount(provider: ProviderId, profile: string) {
  return onairError(
    'credentials_missing',
    `No ${PROVIDERS[provider].name} account "${profile}" is saved. Add it first (onair credentials set ${provider}${profile === DEFAULT_PROFILE ? '' : ` --profile ${profile}`}).`,
    { provider }
  )
}

/** Fields that say where an account's secret is sent. */
const ADDRESS_FIELDS = ['apiBase', 'serverUrl'] as const

function isSecretField(provider: ProviderId, name: string): boolean {
  return PROVIDERS[provider].credentialFields.some((f) => f.name === name && f.secret)
}

/** Whether an address field still sends the secret to the same place: apiBase as scheme://host:port, an RTMP server by host and port. */
function sameAddress(provider: ProviderId, name: (typeof ADDRESS_FIELDS)[number], before: string | undefined, after: string | undefined): boolean {
  if (before === after) return true
  if (before === undefined || after === undefined) return false
  try {
    if (name === 'apiBase') return normaliseApiBase(before) === normaliseApiBase(after)
    if (provider === 'custom') {
      // A placeholder key: only the host and port are compared, and the real key is not needed for that.
      const [a, b] = [parseRtmpDestination(before, 'k'), parseRtmpDestination(after, 'k')]
      return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port
    }
  } catch {
    return false // not an address at all: normaliseFields says why
  }
  return false
}

function defaultLabel(provider: ProviderId, profile: string): string {
  return profile === DEFAULT_PROFILE ? PROVIDERS[provider].name : `${PROVIDERS[provider].name} (${profile})`
}

function parseStored(raw: string, provider: ProviderId): StoredAccount {
  try {
    const parsed = JSON.parse(raw) as StoredAccount
    if (parsed && typeof parsed.fields === 'object') return parsed
  } catch {
    // fall through
  }
  throw onairError('internal', `The saved ${PROVIDERS[provider].name} account is damaged; save it again.`, { provider })
}

/** Labels are at most 80 characters (the contract's limit); field values shown are cut long before a screen fills. */
const LABEL_MAX = 80
const DISPLAY_VALUE_MAX = 512

function summarise(provider: ProviderId, profile: string, stored: StoredAccount): AccountSummary {
  const info = PROVIDERS[provider]
  const secrets = secretValues(provider, stored.fields)
  const display: Record<string, string> = {}
  for (const field of info.credentialFields) {
    const value = stored.fields[field.name]
    if (value === undefined) continue
    display[field.name] = displayText(field.secret ? maskSecret(value) : redact(value, secrets), DISPLAY_VALUE_MAX)
  }
  const label = displayText(stored.label ?? defaultLabel(provider, profile), LABEL_MAX)
  return { provider, profile, label, connected: stored.verified !== false, display }
}

/** Checks the JSON of DESIGN §8 for a provider: known fields only, strings, one complete credential shape. */
export function normaliseFields(provider: ProviderId, input: unknown): CredentialFields {
  const info = PROVIDERS[provider]
  const out: CredentialFields = {}
  for (const [name, value] of Object.entries(checkFieldInput(provider, input))) if (value) out[name] = value
  const complete = info.credentialShapes.find((shape) => shape.every((name) => out[name]))
  if (!complete) {
    const shape = info.credentialShapes[0]
    const missing = shape.find((name) => !out[name]) as string
    const alternatives = info.credentialShapes.map((s) => s.join(' + ')).join(', or ')
    throw onairError('invalid_request', `Missing "${missing}": ${info.name} needs ${alternatives}.`, { field: missing })
  }
  if (out.apiBase) out.apiBase = normaliseApiBase(out.apiBase)
  if (provider === 'naver' && !out.region) out.region = 'KR'
  if (provider === 'custom') {
    // Validate now so a broken URL is refused at save time, not at Go Live.
    parseRtmpDestination(out.serverUrl, out.streamKey)
  }
  return out
}

/** The provider's own field names only, strings, bounded; values trimmed (empty ones kept as ""). */
function checkFieldInput(provider: ProviderId, input: unknown): Record<string, string> {
  const info = PROVIDERS[provider]
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw onairError('invalid_request', `${info.name} credentials must be a JSON object with the fields ${fieldList(provider)}.`)
  }
  const known = new Set(info.credentialFields.map((f) => f.name))
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    // Errors name our own field names only: a received key or value (a 200 KB name, a pasted secret) is never echoed.
    if (!known.has(name)) throw onairError('invalid_request', `${info.name} credentials have an unknown field. Expected ${fieldList(provider)}.`)
    if (typeof value !== 'string') throw onairError('invalid_request', `"${name}" must be a string.`, { field: name })
    if (value.length > CREDENTIAL_FIELD_MAX) {
      throw onairError('invalid_request', `"${name}" is too long (at most ${CREDENTIAL_FIELD_MAX} characters); copy it again from your provider.`, {
        field: name
      })
    }
    out[name] = value.trim()
  }
  return out
}

/**
 * `apiBase` is scheme + host + port only (DESIGN §8): documented paths stay as they are. Plain http:// only to this
 * machine (emulators, a local proxy): elsewhere it would carry the account's secret (Basic auth, a signature, a
 * token) in clear over the network. Messages never echo the value: it may be a pasted secret.
 */
export function normaliseApiBase(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw onairError('invalid_request', 'The API address is not a URL; write it as https://host[:port].', { field: 'apiBase' })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw onairError('invalid_request', 'The API address must start with https:// (or http:// for this computer only).', { field: 'apiBase' })
  }
  // The URL parser has already turned 127.1 or 0x7f000001 into 127.0.0.1.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw onairError(
      'invalid_request',
      'The API address must start with https://: plain http:// would send your credentials unencrypted. Only addresses on this computer (127.0.0.1, ::1, localhost) may use http://.',
      {
        field: 'apiBase'
      }
    )
  }
  return `${url.protocol}//${url.host}`
}

function fieldList(provider: ProviderId): string {
  return PROVIDERS[provider].credentialFields.map((f) => f.name).join(', ')
}
