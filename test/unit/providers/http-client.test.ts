import { describe, expect, it } from 'vitest'
import { OnairError } from '../../../src/shared/errors'
import { HttpClient, parseRetryAfter, type HttpDeps, type ProviderHttpConfig } from '../../../src/main/core/providers/http-client'

const SECRET = 'super-secret-token-value-123'

type Reply = { status: number; body?: string; headers?: Record<string, string> } | 'network' | 'hang'

/** A fetch that answers from a script and records what it was asked. */
function scripted(replies: Reply[]) {
  const calls: Array<{ url: string; init: RequestInit }> = []
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    const r = replies.shift() ?? { status: 200, body: '{}' }
    if (r === 'network') throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
    if (r === 'hang') {
      return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
    }
    return new Response(r.body ?? '', { status: r.status, headers: r.headers })
  }) as unknown as typeof fetch
  return { fetchImpl, calls }
}

function client(replies: Reply[], extra: Partial<ProviderHttpConfig> = {}, deps: HttpDeps = {}) {
  const { fetchImpl, calls } = scripted(replies)
  const sleeps: number[] = []
  const http = new HttpClient(
    {
      provider: 'sigma',
      name: 'Sigma Livestream',
      baseUrl: 'https://api.example.test',
      secrets: () => [SECRET],
      parseError: ({ body }) => ({ message: (body as { message?: string } | null)?.message }),
      authHeaders: () => ({ Authorization: `Bearer ${SECRET}` }),
      authHint: 'Check your keys.',
      ...extra
    },
    { fetch: fetchImpl, sleep: async (ms) => void sleeps.push(ms), timeoutMs: 50, retries: 2, backoffBaseMs: 100, ...deps }
  )
  return { http, calls, sleeps }
}

async function failure(p: Promise<unknown>): Promise<OnairError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(OnairError)
    return e as OnairError
  }
  throw new Error('expected a failure')
}

describe('HttpClient', () => {
  it('retries a GET on 503 and succeeds', async () => {
    const { http, calls, sleeps } = client([{ status: 503 }, { status: 200, body: '{"ok":true}' }])
    const res = await http.request({ method: 'GET', path: '/x', what: 'read x' })
    expect(res.body).toEqual({ ok: true })
    expect(calls).toHaveLength(2)
    expect(sleeps).toHaveLength(1)
  })

  it('never retries a POST, even on 503', async () => {
    const { http, calls } = client([{ status: 503 }, { status: 200, body: '{}' }])
    const e = await failure(http.request({ method: 'POST', path: '/x', json: {}, what: 'create x' }))
    expect(e.code).toBe('server')
    expect(e.value.retryable).toBe(true)
    expect(calls).toHaveLength(1)
  })

  it('honours Retry-After (seconds) on 429', async () => {
    const { http, sleeps } = client([
      { status: 429, headers: { 'Retry-After': '2' } },
      { status: 200, body: '{}' }
    ])
    await http.request({ method: 'GET', path: '/x', what: 'read x' })
    expect(sleeps).toEqual([2000])
  })

  it('gives up with rate_limited when Retry-After is longer than it will wait', async () => {
    const { http, calls } = client([{ status: 429, headers: { 'Retry-After': '3600' } }], {}, { maxRetryAfterMs: 5000 })
    const e = await failure(http.request({ method: 'GET', path: '/x', what: 'read x' }))
    expect(e.code).toBe('rate_limited')
    expect(e.message).toMatch(/Wait 3600 s/)
    expect(calls).toHaveLength(1)
  })

  it('stops after the retry budget with the last typed error', async () => {
    const { http, calls } = client([{ status: 502 }, { status: 502 }, { status: 502 }, { status: 200 }])
    const e = await failure(http.request({ method: 'GET', path: '/x', what: 'read x' }))
    expect(e.code).toBe('server')
    expect(calls).toHaveLength(3)
  })

  it('does not retry 4xx', async () => {
    const { http, calls } = client([{ status: 404, body: '{"message":"nope"}' }])
    const e = await failure(http.request({ method: 'GET', path: '/x', what: 'read x' }))
    expect(e.code).toBe('not_found')
    expect(calls).toHaveLength(1)
  })

  it('retries network errors for GET and reports `network`', async () => {
    const { http, calls } = client(['network', 'network', 'network'])
    const e = await failure(http.request({ method: 'GET', path: '/x', what: 'read x' }))
    expect(e.code).toBe('network')
    expect(e.message).toMatch(/refused/)
    expect(calls).toHaveLength(3)
  })

  it('times out every request and says so', async () => {
    const { http, calls } = client(['hang'])
    const e = await failure(http.request({ method: 'GET', path: '/x', what: 'read x' }))
    expect(e.code).toBe('timeout')
    expect(calls).toHaveLength(1)
  })

  it('turns unreadable JSON into bad_response', async () => {
    const { http } = client([{ status: 200, body: '{"data": [' }])
    expect((await failure(http.request({ method: 'GET', path: '/x', what: 'read x' }))).code).toBe('bad_response')
  })

  it('maps statuses to codes, with the field for validation', async () => {
    const cases: Array<[number, string]> = [
      [401, 'auth'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [422, 'validation'],
      [400, 'validation'],
      [500, 'server']
    ]
    for (const [status, code] of cases) {
      const { http } = client(
        [{ status, body: '{"message":"bad"}' }],
        { parseError: () => ({ message: 'bad', field: status === 422 ? 'title' : undefined }) },
        { retries: 0 }
      )
      const e = await failure(http.request({ method: 'GET', path: '/x', what: 'read x' }))
      expect(e.code).toBe(code)
      if (status === 422) expect(e.value.field).toBe('title')
      expect(e.value.provider).toBe('sigma')
    }
  })

  it('never puts a secret into an error message', async () => {
    const { http } = client([{ status: 401, body: JSON.stringify({ message: `token ${SECRET} is expired` }) }])
    const e = await failure(http.request({ method: 'GET', path: '/x', what: 'read x' }))
    expect(e.code).toBe('auth')
    expect(e.message).not.toContain(SECRET)
    expect(e.message).toContain('Check your keys.')
  })

  it('renews auth once on 401 and retries with the new credentials', async () => {
    let renewed = 0
    const { http, calls } = client([{ status: 401 }, { status: 200, body: '{}' }], { renewAuth: async () => (renewed++, true) })
    await http.request({ method: 'POST', path: '/x', form: { a: '1' }, what: 'create x' })
    expect(renewed).toBe(1)
    expect(calls).toHaveLength(2)
    expect((calls[1].init.headers as Record<string, string>)['Content-Type']).toBe('application/x-www-form-urlencoded')
  })

  it('sends the query and JSON body as given', async () => {
    const { http, calls } = client([{ status: 200, body: '{}' }])
    await http.request({ method: 'PATCH', path: '/c/1', query: { q: '{"a":1}', page: 2, skip: undefined }, json: { n: 1 }, what: 'x' })
    expect(calls[0].url).toBe('https://api.example.test/c/1?q=%7B%22a%22%3A1%7D&page=2')
    expect(calls[0].init.body).toBe('{"n":1}')
  })
})

describe('parseRetryAfter', () => {
  it.each([
    ['5', 5000],
    ['0', 0],
    ['1.5', 1500],
    [null, null],
    ['soon', null]
  ])('%s → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, 0)).toBe(expected)
  })
  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000)
  })
})
