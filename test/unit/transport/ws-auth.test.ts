import { describe, expect, it } from 'vitest'
import { allowedOrigins, checkUpgrade, hostAllowed, isLoopbackHost, newToken, plainHttpWarning, tokenMatches } from '../../../src/main/core/transport/ws-auth'

describe('serve token', () => {
  it('is long, URL-safe and fresh each time', () => {
    const a = newToken()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(newToken()).not.toBe(a)
  })

  it('matches only the exact token, whatever the length of the guess', () => {
    const token = newToken()
    expect(tokenMatches(token, token)).toBe(true)
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false)
    expect(tokenMatches(token, `${token}x`)).toBe(false)
    expect(tokenMatches(token, '')).toBe(false)
    expect(tokenMatches(token, null)).toBe(false)
    expect(tokenMatches(token, 'x'.repeat(10_000))).toBe(false)
  })
})

describe('allowed origins', () => {
  it('loopback binds accept the loopback names on the same port only', () => {
    expect(allowedOrigins('127.0.0.1', 4000)).toEqual(['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000'])
  })
  it("a wildcard bind also accepts the machine's own addresses", () => {
    expect(allowedOrigins('0.0.0.0', 4000, () => ['192.168.1.20', 'fe80::1'])).toEqual(
      expect.arrayContaining(['http://192.168.1.20:4000', 'http://[fe80::1]:4000', 'http://127.0.0.1:4000'])
    )
  })
  it('a specific host accepts just that host', () => {
    expect(allowedOrigins('192.168.1.20', 4000)).toEqual(['http://192.168.1.20:4000'])
  })
})

describe('checkUpgrade', () => {
  const token = 'secret-token-123'
  const origins = allowedOrigins('127.0.0.1', 4000)
  const req = (url: string, origin?: string, host = '127.0.0.1:4000') => ({ url, headers: { origin, host } })
  it.each([
    ['right token and origin', req(`/ws?token=${token}`, 'http://127.0.0.1:4000'), { ok: true }],
    ['no token', req('/ws', 'http://127.0.0.1:4000'), { ok: false, status: 401 }],
    ['wrong token', req('/ws?token=nope', 'http://127.0.0.1:4000'), { ok: false, status: 401 }],
    ['a foreign page', req(`/ws?token=${token}`, 'http://evil.example'), { ok: false, status: 403 }],
    ['another port (DNS rebinding or another local app)', req(`/ws?token=${token}`, 'http://127.0.0.1:4001'), { ok: false, status: 403 }],
    ['no Origin (not a browser page of ours)', req(`/ws?token=${token}`), { ok: false, status: 403 }],
    ['another path', req(`/other?token=${token}`, 'http://127.0.0.1:4000'), { ok: false, status: 404 }],
    ['a rebound DNS name as Host', req(`/ws?token=${token}`, 'http://127.0.0.1:4000', 'evil.example:4000'), { ok: false, status: 421 }],
    ['no Host header', req(`/ws?token=${token}`, 'http://127.0.0.1:4000', ''), { ok: false, status: 421 }]
  ])('%s', (_name, request, expected) => {
    expect(checkUpgrade(request, token, origins)).toMatchObject(expected)
  })
})

describe('hostAllowed (DNS-rebinding defence)', () => {
  const origins = allowedOrigins('127.0.0.1', 4000)
  it.each([
    ['127.0.0.1:4000', true],
    ['LOCALHOST:4000', true],
    ['[::1]:4000', true],
    ['127.0.0.1:4001', false],
    ['127.0.0.1', false],
    ['evil.example:4000', false],
    ['attacker.example', false],
    [undefined, false]
  ])('Host %s → %s', (host, expected) => {
    expect(hostAllowed(host, origins)).toBe(expected)
  })
  it("a wildcard bind accepts the machine's own addresses, and only those", () => {
    const wide = allowedOrigins('0.0.0.0', 4000, () => ['192.168.1.20'])
    expect(hostAllowed('192.168.1.20:4000', wide)).toBe(true)
    expect(hostAllowed('192.168.1.21:4000', wide)).toBe(false)
  })
})

describe('onair serve --host warning', () => {
  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]'])('says nothing for loopback %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true)
    expect(plainHttpWarning(host)).toBeNull()
  })
  it.each(['0.0.0.0', '::', '192.168.1.20', 'studio.local', '127.0.0.1.evil.example'])('warns that the token travels as plain HTTP for %s', (host) => {
    expect(isLoopbackHost(host)).toBe(false)
    expect(plainHttpWarning(host)).toMatch(new RegExp(`listening on ${host.replace(/\./g, '\\.')}.*token travel.*plain HTTP`))
  })
})
