import { createHmac } from 'node:crypto'

export interface NaverSignatureInput {
  method: string
  /** Path plus query string exactly as sent, without scheme or host: `/api/v2/channels?pageNo=1`. */
  uri: string
  /** Milliseconds since the epoch, as the decimal string also sent in `x-ncp-apigw-timestamp`. */
  timestamp: string
  accessKey: string
  secretKey: string
}

/**
 * NAVER Cloud API Gateway signature v2 (naver-live-station.md §2): Base64 of the raw HMAC-SHA256, keyed with the
 * secret key, over `METHOD + " " + URI + "\n" + timestamp + "\n" + accessKey`. Pure: same input, same output.
 */
export function naverSignature(input: NaverSignatureInput): string {
  const message = `${input.method.toUpperCase()} ${input.uri}\n${input.timestamp}\n${input.accessKey}`
  return createHmac('sha256', Buffer.from(input.secretKey, 'utf8')).update(message, 'utf8').digest('base64')
}

/** The four `x-ncp-*` headers of every Live Station request. */
export function naverAuthHeaders(input: Omit<NaverSignatureInput, 'timestamp'> & { now: number; region: string }): Record<string, string> {
  const timestamp = String(Math.trunc(input.now))
  return {
    'x-ncp-apigw-timestamp': timestamp,
    'x-ncp-iam-access-key': input.accessKey,
    'x-ncp-apigw-signature-v2': naverSignature({ ...input, timestamp }),
    'x-ncp-region_code': input.region
  }
}
