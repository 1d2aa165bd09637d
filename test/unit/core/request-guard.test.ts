import { describe, expect, it } from 'vitest'
import { MAX_REQUEST_DEPTH, requestProblem } from '../../../src/main/core/request-guard'

const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth))

describe('requestProblem (checked before any schema or redaction walks a request)', () => {
  it.each([
    ['nothing', undefined],
    ['an empty object', {}],
    ['a real request', { destinations: [{ provider: 'custom', profile: 'default' }], video: 'testsrc', audio: 'sine', record: true }],
    ['a record of options', { options: { dvr: true, mode: 'low', quality: 3 } }],
    ['the deepest nesting allowed', nested(MAX_REQUEST_DEPTH)],
    ['a key that only contains a reserved word', { protoType: 1, my_constructor: 2 }]
  ])('accepts %s', (_name, value) => {
    expect(requestProblem(value)).toBeNull()
  })

  it.each([
    ['one level too deep', nested(MAX_REQUEST_DEPTH + 1)],
    ['__proto__ (as JSON.parse makes it: an own key)', JSON.parse('{"fields":{"__proto__":{"polluted":"yes"}}}')],
    ['constructor inside a record', { options: { constructor: 'x' } }],
    ['prototype deep in an array', { a: [[{ prototype: {} }]] }]
  ])('refuses %s', (_name, value) => {
    expect(requestProblem(value)).toMatch(/deeper|reserved key/)
  })

  it('walks a 1 MB bomb of nested arrays without recursion, quickly', () => {
    const bomb = nested(500_000)
    const started = performance.now()
    expect(requestProblem(bomb)).toMatch(/deeper than 16/)
    expect(performance.now() - started).toBeLessThan(50)
  })

  it('never echoes the offending key', () => {
    expect(requestProblem(JSON.parse('{"__proto__":1}'))).not.toContain('"__proto__"')
  })
})
