import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import { bestTime, hostileTexts } from '../shared/hostile-text'

describe('SecretRegistry', () => {
  const registry = new SecretRegistry()
  registry.add('sk_live_0123456789', 'rtmp://h/app/sk_live_0123456789', undefined, 'ab')

  it('replaces the secrets it holds in text and in nested values', () => {
    expect(registry.redact('push to rtmp://h/app/sk_live_0123456789 failed')).toBe('push to ••• failed')
    expect(registry.redactDeep({ list: ['key sk_live_0123456789', 'ab stays'] })).toEqual({ list: ['key •••', 'ab stays'] })
  })

  it.each(Object.entries(hostileTexts()))('redacts 1 MB of %s in under 50 ms (text, nested value, event)', (_name, text) => {
    const seen: unknown[] = []
    const bus = new EventBus(registry)
    bus.onDidEmit((_event, payload) => seen.push(payload))
    expect(bestTime(() => registry.redact(`${text}sk_live_0123456789`))).toBeLessThan(50)
    expect(bestTime(() => registry.redactDeep({ [text]: text, message: text }))).toBeLessThan(50)
    expect(bestTime(() => bus.emit('log:event', { time: 1, level: 'warn', code: 'x', message: text, data: { [text]: text } }))).toBeLessThan(50)
    expect(JSON.stringify(seen)).not.toContain('sk_live_0123456789')
  })
})
