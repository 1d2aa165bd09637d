import { basename } from 'node:path'
import { onairError } from '../../../../shared/errors'

export interface S3Target {
  bucket: string
  key: string
}

/** S3's bucket naming rules (3-63 characters: lower-case letters, digits, dots, hyphens; no IP-like names). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
/** S3 keys are at most 1024 bytes of UTF-8. */
const KEY_MAX_BYTES = 1024

/**
 * `s3://BUCKET/KEY` → bucket and key (DESIGN §8). A key that is empty or ends with `/` names a folder: the file's own
 * name is put after it, so `s3://shows/2026/` uploads `show.mkv` as `2026/show.mkv`. Messages never echo the text:
 * a user may paste a URL with a secret in it.
 */
export function parseS3Url(text: string, fileName: string): S3Target {
  const usage = 'Write the upload target as s3://BUCKET/KEY (e.g. s3://my-shows/2026/show.mkv).'
  if (!text.startsWith('s3://')) throw onairError('invalid_request', `The upload target is not an s3:// address. ${usage}`, { field: 'upload' })
  const rest = text.slice('s3://'.length)
  const slash = rest.indexOf('/')
  const bucket = slash === -1 ? rest : rest.slice(0, slash)
  let key = slash === -1 ? '' : rest.slice(slash + 1)
  if (!BUCKET.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
    throw onairError('invalid_request', `The bucket name is not a valid S3 bucket name (3-63 lower-case letters, digits, dots and hyphens). ${usage}`, {
      field: 'upload'
    })
  }
  if (key === '' || key.endsWith('/')) key += basename(fileName)
  // Control characters make keys that most tools cannot show or type again.
  if ([...key].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw onairError('invalid_request', 'The object key has control characters in it.', { field: 'upload' })
  }
  if (Buffer.byteLength(key, 'utf8') > KEY_MAX_BYTES) {
    throw onairError('invalid_request', `The object key is longer than S3 allows (${KEY_MAX_BYTES} bytes).`, { field: 'upload' })
  }
  return { bucket, key }
}

export function s3Url(target: S3Target): string {
  return `s3://${target.bucket}/${target.key}`
}
