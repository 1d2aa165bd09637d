import { Readable } from 'node:stream'
import { parseArgs } from 'node:util'
import { describe, expect, it } from 'vitest'
import { parseArgsMessage, profileArg, providerArg } from '../../../src/cli/cli-args'
import { readLimited, STDIN_LIMIT } from '../../../src/cli/cli-io'
import type { OnairError } from '../../../src/shared/errors'

const SECRET = 'sk_live_typed_on_the_command_line'

function thrown(run: () => unknown): OnairError {
  try {
    run()
  } catch (e) {
    return e as OnairError
  }
  throw new Error('expected a refusal')
}

describe('stdin is read up to 64 KB', () => {
  it('returns what fits', async () => {
    expect(await readLimited(Readable.from([Buffer.from('{"streamKey":'), Buffer.from('"k"}')]))).toBe('{"streamKey":"k"}')
    expect(await readLimited(Readable.from([Buffer.alloc(STDIN_LIMIT, 'a')]))).toHaveLength(STDIN_LIMIT)
  })

  it('stops reading a 50 MB "key" at the limit and says so, without echoing it', async () => {
    let produced = 0
    const chunk = Buffer.alloc(64 * 1024, 'K')
    const endless = new Readable({
      read() {
        produced += chunk.length
        this.push(produced > 50 * 1024 * 1024 ? null : chunk)
      }
    })
    const error = (await readLimited(endless).catch((e: OnairError) => e)) as OnairError
    expect(error).toMatchObject({ value: { code: 'invalid_request', field: 'stdin', message: expect.stringContaining('more than 64 KB') } })
    expect(error.message).not.toContain('KKKK')
    // Reading stopped at the limit: far less than 50 MB was ever pulled from the stream.
    expect(produced).toBeLessThan(1024 * 1024)
    expect(endless.destroyed).toBe(true)
  })
})

describe('command-line values are never echoed in errors', () => {
  it('an unknown provider', () => {
    const error = thrown(() => providerArg(`twitch-${SECRET}`))
    expect(error.message).toBe('Unknown provider. Providers: kollus, sigma, livestream-api, naver, custom.')
  })

  it('a bad profile name', () => {
    const error = thrown(() => profileArg({ positionals: [], values: { profile: `../${SECRET}` } }))
    expect(error.value).toMatchObject({ code: 'invalid_request', field: 'usage' })
    expect(error.message).not.toContain(SECRET)
  })

  it.each([
    [[`--${SECRET}`], /^unknown option\. This command takes --duration, --json\.$/],
    [[`--${SECRET}=x`], /^unknown option\./],
    [['--duration'], /^--duration needs a value\.$/],
    [[`--json=${SECRET}`], /^--json takes no value\.$/]
  ])('parseArgs %j', (args, message) => {
    const options = { duration: { type: 'string' }, json: { type: 'boolean' } } as const
    const error = thrown(() => parseArgs({ args, options, allowPositionals: true, strict: true })) as unknown as Error & { code: string }
    expect(error.code).toMatch(/^ERR_PARSE_ARGS/)
    const text = parseArgsMessage(error, options)
    expect(text).toMatch(message)
    expect(text).not.toContain(SECRET)
  })
})
