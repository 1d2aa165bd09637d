import { describe, expect, it } from 'vitest'
import type { CliContext, ParsedArgs } from '../../../src/cli/cli-command'
import type { CliIo } from '../../../src/cli/cli-io'
import { destinationsFrom, liveCommand } from '../../../src/cli/commands/live'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { OnairError } from '../../../src/shared/errors'

/** `onair live` arguments as node:util parseArgs gives them (the command's own option table), against a core in memory. */
async function parse(argv: string[], stdin = '') {
  const { parseArgs } = await import('node:util')
  const { values, positionals } = parseArgs({ args: argv, options: liveCommand.options, allowPositionals: true, strict: true })
  const store = new MemoryCredentialStore()
  const saved = { fields: { appId: 'a', username: 'u', secret: 'sigma-secret-1', apiBase: 'http://127.0.0.1:9001' }, savedAt: '' }
  await store.set('sigma:default', JSON.stringify(saved))
  await store.set('sigma:studio', JSON.stringify(saved))
  await store.set('naver:default', JSON.stringify({ fields: { accessKey: 'ak', secretKey: 'naver-secret-1', apiBase: 'http://127.0.0.1:9002' }, savedAt: '' }))
  const core = createCore({ shell: 'cli', version: 't', credentialStore: store, dataDir: '/tmp/onair-unit-cli-live', env: { ...process.env } })
  const errors: string[] = []
  const io: CliIo = {
    json: true,
    out: () => {},
    err: (line) => errors.push(line),
    emit: () => {},
    readStdin: async () => stdin,
    stdinIsTty: false
  }
  const ctx: CliContext = { io, env: process.env, core: () => core }
  const args: ParsedArgs = { values: values as ParsedArgs['values'], positionals }
  return { run: () => destinationsFrom(ctx, args, core), core, store, errors }
}

async function refusal(argv: string[]): Promise<OnairError['value']> {
  const { run } = await parse(argv)
  try {
    await run()
  } catch (e) {
    return (e as OnairError).value
  }
  throw new Error('expected a refusal')
}

describe('onair live: destinations from the command line', () => {
  it('repeated --provider/--channel pairs and --to URLs make one request, in order; custom takes no channel', async () => {
    const p = await parse([
      '--provider',
      'sigma',
      '--channel',
      'c1',
      '--provider',
      'custom',
      '--provider',
      'naver',
      '--channel',
      'ls-1',
      '--backup',
      '--to',
      'rtmp://127.0.0.1:1935/live/cli-key-abcdef'
    ])
    const { destinations, secrets } = await p.run()
    expect(destinations).toEqual([
      { provider: 'sigma', profile: 'default', channelId: 'c1' },
      { provider: 'custom', profile: 'default' },
      { provider: 'naver', profile: 'default', channelId: 'ls-1', backup: true },
      { provider: 'custom', profile: expect.stringMatching(/^session-/) }
    ])
    // The --to account lives in this process only: named in the request, never in the keychain.
    expect((await p.core.services.accounts.get('custom', destinations[3].profile)).fields.streamKey).toBe('cli-key-abcdef')
    expect(await p.store.listAccounts()).not.toContain(`custom:${destinations[3].profile}`)
    expect(secrets).toContain('cli-key-abcdef')
    // A request the contract takes as it is.
    const { COMMANDS } = await import('../../../src/shared/contract')
    expect(COMMANDS['live:start'].request.safeParse({ destinations }).success).toBe(true)
    expect(p.errors.join('\n')).toMatch(/--key-stdin/)
  })

  it('--profile once for all or once per --provider; --key-stdin takes the key of the one --to', async () => {
    const all = await parse(['--provider', 'sigma', '--channel', 'a', '--provider', 'sigma', '--channel', 'b', '--profile', 'studio'])
    expect((await all.run()).destinations.map((d) => d.profile)).toEqual(['studio', 'studio'])
    const each = await parse(['--provider', 'sigma', '--channel', 'a', '--provider', 'sigma', '--channel', 'a', '--profile', 'default', '--profile', 'studio'])
    expect((await each.run()).destinations.map((d) => [d.profile, d.channelId])).toEqual([
      ['default', 'a'],
      ['studio', 'a']
    ])
    const stdin = await parse(['--to', 'rtmp://127.0.0.1:1935/live', '--key-stdin'], 'stdin-key-123456\n')
    const { destinations } = await stdin.run()
    expect((await stdin.core.services.accounts.get('custom', destinations[0].profile)).fields).toEqual({
      serverUrl: 'rtmp://127.0.0.1:1935/live',
      streamKey: 'stdin-key-123456'
    })
    expect(stdin.errors).toEqual([])
  })

  it.each([
    [['--provider', 'sigma'], /^--provider needs --channel ID\.$/],
    [['--provider', 'sigma', '--channel', 'a', '--provider', 'naver'], /one --channel ID for each --provider other than custom/],
    [['--to', 'rtmp://h/live/k1', '--channel', 'a'], /one --channel ID for each --provider/],
    [
      ['--to', 'rtmp://h/live/k1', '--to', 'rtmp://h/live/k2', '--to', 'rtmp://h/live/k3', '--to', 'rtmp://h/live/k4', '--to', 'rtmp://h/live/k5'],
      /^At most 4 destinations/
    ],
    [['--provider', 'sigma', '--channel', 'a', '--provider', 'sigma', '--channel', 'a'], /same channel is given twice/],
    [['--provider', 'sigma', '--channel', 'a', '--backup'], /--backup goes with --provider naver/],
    [
      ['--provider', 'sigma', '--channel', 'a', '--provider', 'naver', '--channel', 'b', '--api-base', 'http://127.0.0.1:9001'],
      /--api-base once, or once per --provider/
    ],
    [
      ['--provider', 'sigma', '--channel', 'a', '--provider', 'naver', '--channel', 'b', '--profile', 'x', '--profile', 'y', '--profile', 'z'],
      /--profile once for all/
    ],
    [['--to', 'rtmp://h/live/k1', '--api-base', 'http://127.0.0.1:9001'], /--api-base goes with --provider/],
    [['--to', 'rtmp://h/live/k1', '--to', 'rtmp://h/live/k2', '--key-stdin'], /--key-stdin goes with exactly one --to URL/],
    [[], /^Say where to go live/]
  ])('%j is a usage error', async (argv, message) => {
    const error = await refusal(argv)
    expect(error).toMatchObject({ code: 'invalid_request', field: 'usage' })
    expect(error.message).toMatch(message)
  })

  it('--api-base per provider is checked against each saved account before anything is sent', async () => {
    const { run } = await parse([
      '--provider',
      'sigma',
      '--channel',
      'a',
      '--provider',
      'naver',
      '--channel',
      'b',
      '--api-base',
      'http://127.0.0.1:9001',
      '--api-base',
      'http://127.0.0.1:9999'
    ])
    await expect(run()).rejects.toMatchObject({ value: { code: 'api_base_mismatch', provider: 'naver' } })
    const same = await parse([
      '--provider',
      'sigma',
      '--channel',
      'a',
      '--provider',
      'naver',
      '--channel',
      'b',
      '--api-base',
      'http://127.0.0.1:9001',
      '--api-base',
      'http://127.0.0.1:9002'
    ])
    expect((await same.run()).destinations).toHaveLength(2)
  })
})
