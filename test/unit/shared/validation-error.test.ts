import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../../src/shared/contract'
import { knownKeys, validationError } from '../../../src/shared/validation-error'

const HUGE = 'k'.repeat(200_000)
const SECRET = 'sk_live_pasted_by_mistake'

function errorFor(command: keyof typeof COMMANDS, request: unknown) {
  const schema = COMMANDS[command].request
  const parsed = schema.safeParse(request)
  if (parsed.success) throw new Error('expected a refusal')
  return validationError(parsed.error, schema, ['streamKey', 'serverUrl']).value
}

describe('validationError: names our fields, never echoes what was received', () => {
  it.each<[string, keyof typeof COMMANDS, unknown, string | undefined, RegExp]>([
    ['a 200 KB unknown key', 'app:info', { [HUGE]: 1 }, undefined, /^The request has an unknown field\.$/],
    ['a secret as an unknown key', 'accounts:list', { [SECRET]: 1, other: 2 }, undefined, /^The request has 2 unknown fields\.$/],
    [
      'a 200 KB credential name with a wrong value',
      'accounts:save',
      { provider: 'custom', fields: { [HUGE]: 5 } },
      'fields',
      /^An unknown field in "fields" (must be a string|is not valid)\.$/
    ],
    ['a 200 KB credential name', 'accounts:save', { provider: 'custom', fields: { [HUGE]: 'x' } }, 'fields', /^An unknown field in "fields" is not valid\.$/],
    [
      'a known credential with a wrong type',
      'accounts:save',
      { provider: 'custom', fields: { streamKey: 5 } },
      'fields.streamKey',
      /^"fields\.streamKey" must be a string\.$/
    ],
    [
      'a 50 MB key',
      'accounts:save',
      { provider: 'custom', fields: { streamKey: 'x'.repeat(50 * 1024 * 1024) } },
      'fields.streamKey',
      /^"fields\.streamKey" is too long \(at most 4096 characters\)\.$/
    ],
    [
      'too many credential fields',
      'accounts:save',
      { provider: 'custom', fields: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`f${i}`, 'v'])) },
      'fields',
      /^"fields" has more fields than any provider uses \(at most 16\)\.$/
    ],
    [
      'a label over 80 characters',
      'accounts:save',
      { provider: 'custom', label: `${SECRET}${'x'.repeat(80)}`, fields: {} },
      'label',
      /^"label" is too long \(at most 80 characters\)\.$/
    ],
    ['an unknown provider', 'accounts:delete', { provider: SECRET }, 'provider', /^"provider" must be one of kollus, sigma, livestream-api, naver, custom\.$/],
    ['a profile name with a path', 'accounts:delete', { provider: 'custom', profile: `../${SECRET}` }, 'profile', /^"profile": Profile names use letters/],
    ['a missing channel id', 'channels:get', { provider: 'sigma' }, 'channelId', /^"channelId" is missing\.$/],
    ['a long channel id', 'channels:get', { provider: 'sigma', channelId: HUGE }, 'channelId', /^"channelId" is too long \(at most 256 characters\)\.$/],
    ['a long channel name', 'channels:create', { provider: 'sigma', name: HUGE }, 'name', /^"name" is too long \(at most 200 characters\)\.$/],
    [
      'too many options',
      'channels:create',
      { provider: 'sigma', name: 'n', options: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`o${i}`, 1])) },
      'options',
      /^"options" has more than 32 options\.$/
    ],
    [
      'a 200 KB option name',
      'channels:create',
      { provider: 'sigma', name: 'n', options: { [HUGE]: 1 } },
      'options',
      /^An unknown field in "options" is not valid\.$/
    ],
    ['a long option value', 'channels:create', { provider: 'sigma', name: 'n', options: { mode: HUGE } }, 'options', /^An unknown field in "options"/],
    [
      'a long server URL',
      'channels:setIngest',
      { provider: 'kollus', channelId: '1', serverUrl: `rtmp://${HUGE}`, streamKey: 'k' },
      'serverUrl',
      /^"serverUrl" is too long \(at most 2048 characters\)\.$/
    ],
    [
      'a long stream key',
      'channels:setIngest',
      { provider: 'kollus', channelId: '1', serverUrl: 'rtmp://h/app', streamKey: HUGE },
      'streamKey',
      /^"streamKey" is too long \(at most 4096 characters\)\.$/
    ],
    [
      'a long video source',
      'live:start',
      { destinations: [{ provider: 'custom' }], video: `camera:${HUGE}` },
      'video',
      /^"video" is too long \(at most 4096 characters\)\.$/
    ],
    [
      'a file source that is a URL',
      'live:start',
      { destinations: [{ provider: 'custom' }], video: `file:http://${SECRET}/x.mp4` },
      'video',
      /^"video" must name a file on this computer/
    ],
    [
      'a shell line as a source',
      'live:start',
      { destinations: [{ provider: 'custom' }], video: `rm -rf / ${SECRET}` },
      'video',
      /^"video": Video source must be/
    ],
    [
      'a destination with an API address',
      'live:start',
      { destinations: [{ provider: 'custom', apiBase: `https://${SECRET}.example` }] },
      'destinations.0',
      /^"destinations\.0" has an unknown field\.$/
    ],
    [
      'a long destination channel',
      'live:start',
      { destinations: [{ provider: 'sigma', channelId: HUGE }] },
      'destinations.0.channelId',
      /^"destinations\.0\.channelId" is too long/
    ]
  ])('%s', (_name, command, request, field, message) => {
    const error = errorFor(command, request)
    expect(error).toMatchObject({ code: 'invalid_request', field })
    expect(error.message).toMatch(message)
    const shown = JSON.stringify(error)
    expect(shown).not.toContain(SECRET)
    expect(shown).not.toContain('kkkkkkkkkk')
    expect(shown.length).toBeLessThan(300)
  })

  it('cleans a channel name of control and bidi characters before anything stores it', () => {
    const schema = COMMANDS['channels:create'].request
    expect(schema.parse({ provider: 'sigma', name: ' Show\u202E 1\u001b[2J\n' }).name).toBe('Show 1[2J')
    const parsed = schema.safeParse({ provider: 'sigma', name: '\u202E\u2066' })
    expect(parsed.success).toBe(false)
    if (!parsed.success) expect(validationError(parsed.error, schema).value).toMatchObject({ field: 'name', message: '"name" must not be empty.' })
  })

  it('knows the keys of a schema through defaults, optionals, unions and nested objects', () => {
    const keys = knownKeys(COMMANDS['live:start'].request)
    for (const key of ['destinations', 'provider', 'profile', 'channelId', 'video', 'audio', 'record']) expect(keys.has(key)).toBe(true)
    expect(keys.has('apiBase')).toBe(false)
  })
})
