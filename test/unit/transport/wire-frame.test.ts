import { describe, expect, it } from 'vitest'
import { readClientFrame } from '../../../src/main/core/transport/wire-frame'

const text = (value: unknown) => readClientFrame(typeof value === 'string' ? value : JSON.stringify(value), false)

describe('readClientFrame (the shape of a client frame, before anything reads its fields)', () => {
  it('reads a command', () => {
    expect(text({ id: 1, command: 'app:info', request: {} })).toEqual({ kind: 'command', id: 1, command: 'app:info', request: {} })
    expect(text({ id: -7, command: 'live:snapshot' })).toEqual({ kind: 'command', id: -7, command: 'live:snapshot', request: undefined })
  })

  it.each([
    ['binary', () => readClientFrame(Buffer.from([0, 1, 2]), true), 1003],
    ['not JSON', () => text('{"id":1,'), 1007],
    ['a JSON array', () => text([1, 'app:info']), 1007],
    ['a JSON string', () => text('"app:info"'), 1007],
    ['null', () => text('null'), 1007],
    ['no id', () => text({ command: 'app:info' }), 1007],
    ['a string id', () => text({ id: '1', command: 'app:info' }), 1007],
    ['a fractional id', () => text({ id: 1.5, command: 'app:info' }), 1007],
    ['an id past 2^53', () => text('{"id":9007199254740993,"command":"app:info"}'), 1007],
    ['a huge id', () => text('{"id":1e400,"command":"app:info"}'), 1007]
  ])('closes on %s, with a reason a person can read', (_name, read, code) => {
    const frame = read()
    expect(frame).toMatchObject({ kind: 'malformed', closeCode: code })
    if (frame.kind === 'malformed') {
      expect(frame.reason).toMatch(/JSON|id|Binary/)
      expect(Buffer.byteLength(frame.reason)).toBeLessThanOrEqual(123)
    }
  })

  it.each([
    ['a command object with its own toString (the frame that once crashed serve)', '{"id":5,"command":{"toString":"x"}}'],
    ['a numeric command', '{"id":5,"command":42}'],
    ['an unknown command', '{"id":5,"command":"toString"}'],
    ['a prototype name as command', '{"id":5,"command":"__proto__"}'],
    ['an extra top-level key', '{"id":5,"command":"app:info","request":{},"x":1}'],
    ['__proto__ beside the id', '{"id":5,"command":"app:info","__proto__":{"x":1}}'],
    ['a prototype key in the request', '{"id":5,"command":"accounts:save","request":{"fields":{"constructor":"x"}}}'],
    ['a request nested 100,000 deep', `{"id":5,"command":"app:info","request":${'['.repeat(100_000)}${']'.repeat(100_000)}}`]
  ])('answers %s with a typed invalid_request for its id', (_name, raw) => {
    const frame = text(raw)
    expect(frame).toMatchObject({ kind: 'refused', id: 5, error: { code: 'invalid_request', retryable: false } })
  })

  it('does not echo a made-up command name', () => {
    const name = `evil-${'x'.repeat(1000)}`
    const frame = text({ id: 1, command: name })
    expect(JSON.stringify(frame)).not.toContain('evil-')
  })
})
