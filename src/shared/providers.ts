import { z } from 'zod'

/** Provider ids are fixed by DESIGN §8; the CLI, the keychain accounts and the UI all use them. */
export const PROVIDER_IDS = ['kollus', 'sigma', 'livestream-api', 'naver', 'custom'] as const
export type ProviderId = (typeof PROVIDER_IDS)[number]
export const providerIdSchema = z.enum(PROVIDER_IDS)

export interface CredentialFieldInfo {
  name: string
  /** English label; the UI localises `credentials.field.<name>` when it has a translation. */
  label: string
  secret: boolean
  required: boolean
  placeholder?: string
}

export interface ProviderInfo {
  id: ProviderId
  name: string
  /** Whether the provider has an API (channels, status); Custom RTMP has none. */
  hasApi: boolean
  credentialFields: CredentialFieldInfo[]
  /** Alternative credential shapes (Kollus: token or OAuth client); each is a list of required field names. */
  credentialShapes: string[][]
}

const apiBase: CredentialFieldInfo = {
  name: 'apiBase',
  label: 'API address (optional: region, sandbox or emulator)',
  secret: false,
  required: false,
  placeholder: 'https://…'
}

export const PROVIDERS: Record<ProviderId, ProviderInfo> = {
  kollus: {
    id: 'kollus',
    name: 'Kollus Live',
    hasApi: true,
    credentialFields: [
      { name: 'serviceAccountKey', label: 'Service account key', secret: false, required: true },
      { name: 'accessToken', label: 'Personal access token', secret: true, required: false },
      { name: 'clientId', label: 'OAuth client id', secret: false, required: false },
      { name: 'clientSecret', label: 'OAuth client secret', secret: true, required: false },
      apiBase
    ],
    credentialShapes: [
      ['serviceAccountKey', 'accessToken'],
      ['serviceAccountKey', 'clientId', 'clientSecret']
    ]
  },
  sigma: {
    id: 'sigma',
    name: 'Sigma Livestream',
    hasApi: true,
    credentialFields: [
      { name: 'appId', label: 'App ID', secret: false, required: true },
      { name: 'username', label: 'Username', secret: false, required: true },
      { name: 'secret', label: 'Secret key', secret: true, required: true },
      apiBase
    ],
    credentialShapes: [['appId', 'username', 'secret']]
  },
  'livestream-api': {
    id: 'livestream-api',
    name: 'Livestream API v1.0-poc',
    hasApi: true,
    credentialFields: [
      { name: 'tokenId', label: 'Token ID', secret: false, required: true },
      { name: 'tokenSecret', label: 'Token secret', secret: true, required: true },
      // The v1.0-poc API documents no public host, so the address is required (DESIGN §8).
      { ...apiBase, label: 'API address', required: true }
    ],
    credentialShapes: [['tokenId', 'tokenSecret', 'apiBase']]
  },
  naver: {
    id: 'naver',
    name: 'NAVER Cloud Live Station',
    hasApi: true,
    credentialFields: [
      { name: 'accessKey', label: 'Access key ID', secret: false, required: true },
      { name: 'secretKey', label: 'Secret key', secret: true, required: true },
      { name: 'region', label: 'Region (KR, SGN, JPN)', secret: false, required: false, placeholder: 'KR' },
      apiBase
    ],
    credentialShapes: [['accessKey', 'secretKey']]
  },
  custom: {
    id: 'custom',
    name: 'Custom RTMP',
    hasApi: false,
    credentialFields: [
      { name: 'serverUrl', label: 'Server URL', secret: false, required: true, placeholder: 'rtmp://live.example.com/app' },
      { name: 'streamKey', label: 'Stream key', secret: true, required: true }
    ],
    credentialShapes: [['serverUrl', 'streamKey']]
  }
}

/** Longest channel id we pass to a provider (theirs are short numbers or UUIDs). */
export const CHANNEL_ID_MAX = 256

/** Longest credential value we take: real keys and tokens are far shorter; a 50 MB "key" is refused, not stored. */
export const CREDENTIAL_FIELD_MAX = 4096
/** More fields than any provider has (the longest shape has five). */
const CREDENTIAL_FIELDS_MAX = 16

/** Credentials as stored: a flat object of the provider's fields (strings only). */
export const credentialFieldsSchema = z
  .record(z.string().max(64), z.string().max(CREDENTIAL_FIELD_MAX))
  .refine((fields) => Object.keys(fields).length <= CREDENTIAL_FIELDS_MAX, `has more fields than any provider uses (at most ${CREDENTIAL_FIELDS_MAX}).`)
export type CredentialFields = z.infer<typeof credentialFieldsSchema>

/** The values of a provider's secret fields, for redaction. */
export function secretValues(provider: ProviderId, fields: CredentialFields): string[] {
  return PROVIDERS[provider].credentialFields
    .filter((f) => f.secret)
    .map((f) => fields[f.name])
    .filter(Boolean)
}

/** Profile names become part of a keychain account name (`provider:profile`). */
export const profileSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'Profile names use letters, digits, dot, dash and underscore (max 64).')
export const DEFAULT_PROFILE = 'default'
