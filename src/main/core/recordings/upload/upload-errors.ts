import { onairError, type OnairError } from '../../../../shared/errors'

/** The fields of an AWS SDK error (or a Node socket error under it) that say what went wrong. */
export interface SdkErrorShape {
  name?: string
  code?: string
  message?: string
  $metadata?: { httpStatusCode?: number }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED'])
const AUTH_NAMES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken', 'TokenRefreshRequired', 'InvalidSecurity'])
const REGION_NAMES = new Set(['AuthorizationHeaderMalformed', 'PermanentRedirect', 'IllegalLocationConstraintException'])

/** The S3 error code or socket code of a thrown value, for tests and for the typed error's data. */
export function sdkErrorName(e: unknown): string {
  const shape = (e ?? {}) as SdkErrorShape
  return String(shape.code && NETWORK_CODES.has(shape.code) ? shape.code : (shape.name ?? shape.code ?? 'Error'))
}

/**
 * An S3 failure as a typed error a streamer can act on (STYLE 6). The storage's own code goes in `data.s3Code`
 * (S3's codes never carry a secret); its message does not (S3rver's SignatureDoesNotMatch echoes the string it signed).
 */
export function s3Error(e: unknown, where: { bucket: string; endpoint?: string }): OnairError {
  const shape = (e ?? {}) as SdkErrorShape
  const name = sdkErrorName(e)
  const status = shape.$metadata?.httpStatusCode
  const data = { s3Code: name.slice(0, 64), ...(status ? { status } : {}) }
  const host = where.endpoint ? new URL(where.endpoint).host : 'AWS S3'
  if (AUTH_NAMES.has(name)) {
    return onairError(
      'auth',
      `${host} refused the access key or its secret (${name}). Check the storage account (onair credentials set s3) and save it again.`,
      { data, field: 'credentials' }
    )
  }
  if (name === 'CredentialsProviderError') {
    return onairError(
      'credentials_missing',
      'No storage account is saved and no AWS credentials were found. Save one with: onair credentials set s3 (or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).',
      { data }
    )
  }
  if (name === 'NoSuchBucket') {
    return onairError('not_found', `The bucket "${where.bucket}" does not exist at ${host}. Create it first, or check its name and the region.`, {
      data,
      field: 'bucket'
    })
  }
  if (REGION_NAMES.has(name) || status === 301) {
    return onairError(
      'validation',
      `The bucket "${where.bucket}" is in another region than the account's (${name}). Set the account's region to the bucket's.`,
      {
        data,
        field: 'region'
      }
    )
  }
  if (name === 'AccessDenied' || status === 403) {
    return onairError('forbidden', `${host} does not let this account write to the bucket "${where.bucket}" (${name}).`, { data, field: 'bucket' })
  }
  if (name === 'SlowDown' || status === 429) return onairError('rate_limited', `${host} asks to slow down; try again in a minute.`, { data, retryable: true })
  if (name === 'TimeoutError' || name === 'RequestTimeout' || shape.code === 'ETIMEDOUT') {
    return onairError('timeout', `${host} did not answer in time. The parts sent so far are kept: run the upload again to go on.`, { data, retryable: true })
  }
  if (NETWORK_CODES.has(name) || /socket hang up|network|ECONN/i.test(shape.message ?? '')) {
    return onairError('network', `The connection to ${host} was lost (${name}). The parts sent so far are kept: run the upload again to go on.`, {
      data,
      retryable: true
    })
  }
  if (status !== undefined && status >= 500) {
    return onairError('server', `${host} failed (HTTP ${status}, ${name}). The parts sent so far are kept: run the upload again to go on.`, {
      data,
      retryable: true
    })
  }
  return onairError('bad_response', `${host} refused the upload (${name}${status ? `, HTTP ${status}` : ''}).`, { data })
}

/**
 * A local file problem: the recording (`file`) cannot be read, or the upload's state (`state`) cannot be kept.
 * Either way the recording itself is left as it is.
 */
export function localFileError(e: unknown, path: string, what: 'file' | 'state'): OnairError {
  const code = (e as { code?: string })?.code ?? ''
  if (what === 'state') {
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      return onairError('disk_full', `The disk is full: the upload's progress cannot be kept in ${path}. Free some space and run the upload again.`, {
        field: 'dataDir',
        retryable: true
      })
    }
    return onairError('recording_unavailable', `The upload's progress cannot be kept in ${path} (${code || 'write failed'}).`, { field: 'dataDir' })
  }
  if (code === 'ENOENT') return onairError('not_found', `There is no file at ${path}.`, { field: 'file' })
  if (code === 'EISDIR') return onairError('invalid_request', `${path} is a folder; give the recording's file.`, { field: 'file' })
  return onairError('recording_unavailable', `The recording ${path} cannot be read (${code || 'read failed'}). It is left as it is.`, { field: 'file' })
}
