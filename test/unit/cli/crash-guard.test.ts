import { afterEach, describe, expect, it } from 'vitest'
import { describe as describeError, keepRunningOnCrash } from '../../../src/cli/crash-guard'

describe('keepRunningOnCrash (onair serve survives what a client triggers)', () => {
  let restore: (() => void) | null = null
  afterEach(() => restore?.())

  it('logs an uncaught exception and an unhandled rejection, redacted, and takes the handlers away again', () => {
    const lines: string[] = []
    const before = [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')]
    restore = keepRunningOnCrash(
      (l) => lines.push(l),
      (t) => t.replaceAll('sk_live_123', '•••')
    )
    process.emit('uncaughtException', new TypeError('boom with sk_live_123'))
    process.emit('unhandledRejection', { toString: 'x' }, Promise.resolve())
    expect(lines[0]).toMatch(/unexpected error; Onair keeps running.*TypeError: boom with •••/)
    expect(lines[1]).toMatch(/unhandled rejection; Onair keeps running/)
    expect(lines.join('\n')).not.toContain('sk_live_123')
    restore()
    restore = null
    expect([process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')]).toEqual(before)
  })

  it('logs at most 20 lines a minute, then says how many it held back', () => {
    const lines: string[] = []
    let time = 0
    restore = keepRunningOnCrash(
      (l) => lines.push(l),
      (t) => t,
      () => time
    )
    for (let i = 0; i < 500; i++) process.emit('uncaughtException', new Error(`e${i}`))
    expect(lines).toHaveLength(20)
    time = 61_000
    process.emit('uncaughtException', new Error('later'))
    expect(lines.slice(20)).toEqual([expect.stringMatching(/480 more unexpected errors/), expect.stringMatching(/later/)])
  })

  it('describes anything that can be thrown without throwing itself', () => {
    const hostile = {
      get message() {
        throw new Error('no')
      },
      toString: 'x'
    }
    Object.setPrototypeOf(hostile, Error.prototype)
    expect(describeError(hostile)).toBe('an unprintable value was thrown')
    expect(describeError(Object.create(null))).toBe('{}')
    expect(describeError(undefined)).toBe('undefined')
    expect(describeError('x'.repeat(5000))).toHaveLength(2000)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(describeError(cyclic)).toBe('an unprintable value was thrown')
  })
})
