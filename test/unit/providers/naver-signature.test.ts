import { describe, expect, it } from 'vitest'
import { naverAuthHeaders, naverSignature } from '../../../src/main/core/providers/naver/naver-signature'

// Expected values computed once, independently of the client, with:
//   printf 'GET /api/v2/channels?pageNo=1&pageSizeNo=100\n1755591429630\nNCPACCESSKEY0000001' \
//     | openssl dgst -sha256 -hmac 'naver-emulator-secret-key-0123456789' -binary | base64
//   printf 'POST /api/v2/channels\n1700000000000\nAKIDEXAMPLE' | openssl dgst -sha256 -hmac 'secret/with+chars=' -binary | base64
const VECTORS = [
  {
    input: {
      method: 'GET',
      uri: '/api/v2/channels?pageNo=1&pageSizeNo=100',
      timestamp: '1755591429630',
      accessKey: 'NCPACCESSKEY0000001',
      secretKey: 'naver-emulator-secret-key-0123456789'
    },
    expected: '1VsQ/NkrKrp8sbB+1bS9EVdYfFM4I2zP+ZfwCEOEO7c='
  },
  {
    input: { method: 'post', uri: '/api/v2/channels', timestamp: '1700000000000', accessKey: 'AKIDEXAMPLE', secretKey: 'secret/with+chars=' },
    expected: 'hJma+ex8YSeQc3nrnts2f8LlLGZMsbfMRBpJcyz86Tk='
  }
]

describe('NAVER signature v2', () => {
  it.each(VECTORS)('matches the openssl vector for $input.method $input.uri', ({ input, expected }) => {
    expect(naverSignature(input)).toBe(expected)
  })

  it('builds the four x-ncp headers from one timestamp', () => {
    const headers = naverAuthHeaders({
      method: 'GET',
      uri: VECTORS[0].input.uri,
      now: 1755591429630,
      accessKey: 'NCPACCESSKEY0000001',
      secretKey: 'naver-emulator-secret-key-0123456789',
      region: 'KR'
    })
    expect(headers).toEqual({
      'x-ncp-apigw-timestamp': '1755591429630',
      'x-ncp-iam-access-key': 'NCPACCESSKEY0000001',
      'x-ncp-apigw-signature-v2': VECTORS[0].expected,
      'x-ncp-region_code': 'KR'
    })
  })

  it('changes with the query string (the query is signed)', () => {
    const a = naverSignature({ ...VECTORS[0].input, uri: '/api/v2/channels?pageNo=2&pageSizeNo=100' })
    expect(a).not.toBe(VECTORS[0].expected)
  })
})
