import { describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { CommandName } from '../../../src/shared/contract'

/** Issue 7 items 4 and 7 at the front door every transport shares: each refusal is typed and echoes nothing. */
const SECRET = 'sk_live_QpZ81xTT'
const HUGE_NAME = `${SECRET}${'a-'.repeat(100_000)}`
const core = () =>
  createCore({ shell: 'cli', version: '0.0.0-test', credentialStore: new MemoryCredentialStore(), dataDir: '/tmp/onair-unit', env: { ...process.env } })

describe('dispatch refuses oversized or unknown input without echoing it', () => {
  it.each<[string, CommandName, unknown, string | undefined]>([
    ['a 200 KB field name in credentials', 'accounts:save', { provider: 'custom', fields: { [HUGE_NAME]: 'x' } }, 'fields'],
    ['a 200 KB unknown key', 'accounts:list', { [HUGE_NAME]: 1 }, undefined],
    [
      'a 50 MB stream key',
      'accounts:save',
      { provider: 'custom', fields: { serverUrl: 'rtmp://h/app', streamKey: `${SECRET}${'K'.repeat(50 * 1024 * 1024)}` } },
      'fields.streamKey'
    ],
    ['a label carrying a key', 'accounts:save', { provider: 'custom', label: `${SECRET}${'x'.repeat(100)}`, fields: {} }, 'label'],
    ['a profile name carrying a key', 'accounts:delete', { provider: 'custom', profile: `${SECRET}/..` }, 'profile'],
    ['a provider name carrying a key', 'channels:list', { provider: SECRET }, 'provider'],
    ['a huge channel id', 'channels:get', { provider: 'sigma', channelId: HUGE_NAME }, 'channelId'],
    ['a huge channel name', 'channels:create', { provider: 'sigma', name: HUGE_NAME }, 'name'],
    [
      'too many channel options',
      'channels:create',
      { provider: 'sigma', name: 'n', options: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`${SECRET}${i}`, i])) },
      'options'
    ],
    [
      'a huge ingest key',
      'channels:setIngest',
      { provider: 'kollus', channelId: '1', serverUrl: 'rtmp://h/app', streamKey: `${SECRET}${'K'.repeat(10_000)}` },
      'streamKey'
    ],
    ['a file source that is a URL', 'live:start', { destinations: [{ provider: 'custom' }], video: `file:rtmp://h/app/${SECRET}` }, 'video'],
    ['a file source that is a protocol', 'live:start', { destinations: [{ provider: 'custom' }], audio: `file:concat:/etc/passwd|${SECRET}` }, 'audio'],
    ['a huge source', 'live:start', { destinations: [{ provider: 'custom' }], video: `camera:${HUGE_NAME}` }, 'video']
  ])('%s', async (_name, command, request, field) => {
    const start = performance.now()
    const result = await core().dispatch(command, request)
    expect(performance.now() - start).toBeLessThan(1000)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', field } })
    const shown = JSON.stringify(result)
    expect(shown).not.toContain(SECRET)
    expect(shown).not.toContain('a-a-a-')
    expect(shown.length).toBeLessThan(400)
  })

  it('still names a known credential field that has the wrong type', async () => {
    expect(await core().dispatch('accounts:save', { provider: 'custom', fields: { streamKey: 5 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'fields.streamKey', message: '"fields.streamKey" must be a string.' }
    })
  })
})
