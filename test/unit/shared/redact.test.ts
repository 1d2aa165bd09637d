import { describe, expect, it } from 'vitest'
import { CUT, maskSecret, redact, redactDeep, REDACTED, TEXT_LIMIT } from '../../../src/shared/redact'
import { bestTime, hostileTexts } from './hostile-text'

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
    ['x-ncp-apigw-signature-v2: AbCdEf==', 'x-ncp-apigw-signature-v2: •••'],
    // values longer than any bounded repeat are still masked whole
    [`rtmp://h/app/${'k'.repeat(10_000)} next`, 'rtmp://h/app/••• next'],
    [`{"password": "${'p'.repeat(10_000)}"}`, '{"password": "•••"}'],
    [`Bearer ${'t'.repeat(10_000)}.x`, 'Bearer •••'],
    [`STREAM_KEY=${'s'.repeat(10_000)} rest`, 'STREAM_KEY=••• rest'],
    // a JSON value whose closing quote was cut off
    ['{"clientSecret": "abcdefgh', '{"clientSecret": "•••'],
    ['x-ncp-iam-access-key: "AKIDabc"', 'x-ncp-iam-access-key: "•••"'],
    ['srt://h:9000/app/streamid', 'srt://h:9000/app/•••'],
    ['monkey=banana&x=1', 'monkey=•••&x=1']
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

  it('cuts long text before redaction, with a visible marker, and never keeps part of a secret at the cut', () => {
    const secret = 'sk_live_0123456789abcdef'
    const text = `${'x'.repeat(TEXT_LIMIT - 10)}${secret} and more`.padEnd(100_000, 'y')
    const out = redact(text, [secret])
    expect(out.length).toBeLessThan(TEXT_LIMIT + 40)
    expect(out).toContain(`${CUT} (`)
    expect(out).not.toContain(secret.slice(0, 10))
    expect(out.startsWith('x'.repeat(TEXT_LIMIT - 10))).toBe(true)
    expect(redact('short', [], 3)).toBe(`sho${CUT} (2 characters cut)`)
    // a shape cut in the middle of its value is masked too
    expect(redact(`see rtmp://h/app/${'K'.repeat(TEXT_LIMIT)}`)).toMatch(/^see rtmp:\/\/h\/app\/•••… \(\d+ characters cut\)$/)
  })

  it.each(Object.entries(hostileTexts()))('redacts 1 MB of %s in under 50 ms, cut or whole', (_name, text) => {
    expect(bestTime(() => redact(text))).toBeLessThan(50)
    expect(bestTime(() => redact(text, ['sk_live_abcdef'], Infinity))).toBeLessThan(50)
    expect(bestTime(() => redactDeep({ [text]: text, list: [text, { text }] }, ['sk_live_abcdef']))).toBeLessThan(50)
  })

  it('redacts every string in nested values', () => {
    const out = redactDeep({ message: 'push to rtmp://h/app/KEY9', list: ['my-secret-token'], n: 3 }, ['my-secret-token'])
    expect(out).toEqual({ message: 'push to rtmp://h/app/•••', list: ['•••'], n: 3 })
  })

  it('redacts keys too, and keeps a "__proto__" key a plain key', () => {
    const out = redactDeep(JSON.parse('{"__proto__": {"polluted": "yes"}, "rtmp://h/app/KEY1": 1}'), [])
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.keys(out)).toEqual(['__proto__', 'rtmp://h/app/•••'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('bounds depth, string length and total size without a stack overflow', () => {
    let deep: unknown = 'rtmp://h/app/DEEPKEY'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const out = JSON.stringify(redactDeep(deep))
    expect(out.length).toBeLessThan(200)
    expect(out).toContain(CUT)
    expect(out).not.toContain('DEEPKEY')

    const wide = Array.from({ length: 50_000 }, () => 'z'.repeat(1000))
    const cutWide = redactDeep(wide, [], { maxTotal: 1_000_000 })
    expect(cutWide.length).toBeLessThanOrEqual(1001)
    expect(cutWide.at(-1)).toBe(CUT)

    const long = redactDeep({ data: 'd'.repeat(600 * 1024) }).data
    expect(long.length).toBeLessThan(513 * 1024)
    expect(long).toContain(CUT)
    // what the app sends is far below the limits and comes back whole
    const frame = { time: 1, mime: 'image/jpeg', data: 'A/+b'.repeat(40_000) }
    expect(redactDeep(frame)).toEqual(frame)
    expect(redactDeep({ n: 1, b: true, none: null, list: [1, 'two'] })).toEqual({ n: 1, b: true, none: null, list: [1, 'two'] })
    expect(REDACTED).toBe('•••')
  })

  it('masks keys for display without revealing short ones', () => {
    expect(maskSecret('live_1234567890abcd')).toBe('••••••••abcd')
    expect(maskSecret('short')).toBe('••••••••')
    expect(maskSecret('')).toBe('')
  })
})
