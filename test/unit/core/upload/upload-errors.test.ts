import { describe, expect, it } from 'vitest'
import { localFileError, s3Error } from '../../../../src/main/core/recordings/upload/upload-errors'

const sdk = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}), ...extra })
const where = { bucket: 'shows', endpoint: 'https://s3.example.com' }

describe('S3 failures as typed errors', () => {
  it.each([
    [sdk('InvalidAccessKeyId', 403), 'auth', false],
    [sdk('SignatureDoesNotMatch', 403), 'auth', false],
    [sdk('ExpiredToken', 400), 'auth', false],
    [sdk('CredentialsProviderError'), 'credentials_missing', false],
    [sdk('NoSuchBucket', 404), 'not_found', false],
    [sdk('AuthorizationHeaderMalformed', 400), 'validation', false],
    [sdk('PermanentRedirect', 301), 'validation', false],
    [sdk('AccessDenied', 403), 'forbidden', false],
    [sdk('SlowDown', 503), 'rate_limited', true],
    [sdk('TimeoutError'), 'timeout', true],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'network', true],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'network', true],
    [sdk('InternalError', 500), 'server', true],
    [sdk('EntityTooLarge', 400), 'bad_response', false]
  ])('%s → %s', (e, code, retryable) => {
    const error = s3Error(e, where)
    expect(error.value).toMatchObject({ code, retryable })
    expect(error.message).toContain(code === 'not_found' || code === 'forbidden' ? 'shows' : '')
  })

  it("names the store's code but never its message (s3rver's echoes the string it signed)", () => {
    const error = s3Error(sdk('SignatureDoesNotMatch', 403, { message: 'StringToSign AWS4-HMAC-SHA256 ...' }), where)
    expect(error.value.data).toEqual({ s3Code: 'SignatureDoesNotMatch', status: 403 })
    expect(error.message).not.toContain('StringToSign')
    expect(error.message).toContain('s3.example.com')
  })

  it.each([
    ['ENOENT', 'file', 'not_found'],
    ['EACCES', 'file', 'recording_unavailable'],
    ['EISDIR', 'file', 'invalid_request'],
    ['EIO', 'file', 'recording_unavailable'],
    ['ENOSPC', 'state', 'disk_full'],
    ['EROFS', 'state', 'recording_unavailable']
  ] as const)('a local %s on the %s → %s', (code, what, expected) => {
    expect(localFileError(Object.assign(new Error(), { code }), '/rec/show.mkv', what).value.code).toBe(expected)
  })
})
