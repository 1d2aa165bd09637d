import { describe, expect, it } from 'vitest'
import { maskSecret, redact, redactDeep } from '../../../src/shared/redact'

describe('redact', () => {
  it.each([
    ['rtmp://live.example.com/app/sk_live_abc123', 'rtmp://live.example.com/app/•••'],
    ['rtmps://a.b:443/live2/key?token=zz', 'rtmps://a.b:443/live2/•••'],
    ["[tee @ 0x1] Slave '[f=flv]rtmp://127.0.0.1:1935/live/KEY123': error opening", "[tee @ 0x1] Slave '[f=flv]rtmp://127.0.0.1:1935/live/•••': error opening"],
    ['https://user:hunter22@api.example.com/x', 'https://user:•••@api.example.com/x'],
    ['Authorization: Basic dXNlcjpzZWNyZXQ=', 'Authorization: Basic •••'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y', 'Authorization: Bearer •••'],
    ['GET /x?access_token=abcdef&page=2', 'GET /x?access_token=•••&page=2'],
    ['{"streamKey":"abcdef","name":"My show"}', '{"streamKey":"•••","name":"My show"}'],
    ['{"input":{"streamToken":"42efe-a050"}}', '{"input":{"streamToken":"•••"}}'],
    ['client_secret=s3cr3tvalue&grant_type=client_credentials', 'client_secret=•••&grant_type=client_credentials'],
    ['x-ncp-apigw-signature-v2: AbCdEf==', 'x-ncp-apigw-signature-v2: •••']
  ])('masks %s', (input, expected) => {
    expect(redact(input)).toBe(expected)
  })

  it('leaves prose, ids and app paths alone', () => {
    for (const text of [
      'Missing "streamKey": Custom RTMP needs serverUrl + streamKey.',
      'Connecting to rtmp://live.example.com/app',
      'keyint=60 -g 60 -flags +global_header',
      'Kênh trực tiếp 채널 1 is live'
    ]) {
      expect(redact(text)).toBe(text)
    }
  })

  it('replaces known secrets wherever they occur, longest first', () => {
    expect(redact('key abc123 and abc123456 in text', ['abc123', 'abc123456'])).toBe('key ••• and ••• in text')
    expect(redact('short ab stays', ['ab'])).toBe('short ab stays')
  })

  it('redacts every string in nested values', () => {
    const out = redactDeep({ message: 'push to rtmp://h/app/KEY9', list: ['my-secret-token'], n: 3 }, ['my-secret-token'])
    expect(out).toEqual({ message: 'push to rtmp://h/app/•••', list: ['•••'], n: 3 })
  })

  it('masks keys for display without revealing short ones', () => {
    expect(maskSecret('live_1234567890abcd')).toBe('••••••••abcd')
    expect(maskSecret('short')).toBe('••••••••')
    expect(maskSecret('')).toBe('')
  })
})
