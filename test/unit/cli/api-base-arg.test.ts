import { describe, expect, it } from 'vitest'
import { apiBaseVerdict, checkApiBaseArg } from '../../../src/cli/api-base-arg'
import type { CliContext } from '../../../src/cli/cli-command'
import { AccountService } from '../../../src/main/core/credentials/account-service'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { OnairCore } from '../../../src/main/core/onair-core'
import { createProvider, effectiveApiBase } from '../../../src/main/core/providers/provider-registry'
import type { ProviderId } from '../../../src/shared/providers'

describe('--api-base against the saved address', () => {
  it.each([
    ['https://api.sigma.video', 'https://api.sigma.video', 'same'],
    ['https://api.sigma.video', 'https://API.sigma.video:443/', 'same'],
    ['http://127.0.0.1:9000', 'http://127.0.0.1:9000', 'same'],
    ['http://127.0.0.1:9001', 'http://127.0.0.1:9000', 'different'],
    ['https://127.0.0.1:9000', 'http://127.0.0.1:9000', 'different'],
    ['https://evil.example', 'https://api.sigma.video', 'different'],
    ['https://h.example', undefined, 'none-saved']
  ] as const)('%s vs saved %s: %s', (wanted, saved, verdict) => {
    expect(apiBaseVerdict(wanted, saved)).toBe(verdict)
  })

  it('the default host the CLI compares with is the one each client really calls', async () => {
    const fields: Record<string, Record<string, string>> = {
      kollus: { serviceAccountKey: 'sak', accessToken: 'pat-1' },
      sigma: { appId: 'a', username: 'u', secret: 's' },
      naver: { accessKey: 'ak', secretKey: 'sk', region: 'KR' }
    }
    for (const [provider, f] of Object.entries(fields) as Array<[ProviderId, Record<string, string>]>) {
      const urls: string[] = []
      const fetch = (async (url: string) => (urls.push(url), new Response('{}', { status: 401 }))) as unknown as typeof globalThis.fetch
      await createProvider(provider, { fields: f, profile: 'default', http: { fetch, retries: 0 }, tuning: { kollusMinGapMs: 0 } })
        .listChannels()
        .catch(() => {})
      expect(urls.length, provider).toBeGreaterThan(0)
      for (const url of urls) expect(new URL(url).origin, provider).toBe(effectiveApiBase(provider, f))
    }
    expect(effectiveApiBase('livestream-api', { tokenId: 't', tokenSecret: 's' })).toBeUndefined()
  })

  it('stops before any request with api_base_mismatch, and says how to save the account with that address', async () => {
    const accounts = new AccountService(new MemoryCredentialStore())
    await accounts.save('sigma', 'studio', { appId: 'a', username: 'u', secret: 's-123456', apiBase: 'http://127.0.0.1:9000' })
    const ctx = { core: () => ({ services: { accounts } }) as unknown as OnairCore } as CliContext
    const args = (apiBase?: string) => ({ positionals: [], values: { 'api-base': apiBase } })
    await expect(checkApiBaseArg(ctx, args(), 'sigma', 'studio')).resolves.toBeUndefined()
    await expect(checkApiBaseArg(ctx, args('http://127.0.0.1:9000/'), 'sigma', 'studio')).resolves.toBeUndefined()
    const refused = checkApiBaseArg(ctx, args('https://other.example'), 'sigma', 'studio')
    await expect(refused).rejects.toMatchObject({
      value: { code: 'api_base_mismatch', provider: 'sigma', message: expect.stringContaining('onair credentials set sigma --profile studio') }
    })
    await expect(checkApiBaseArg(ctx, args('http://10.1.2.3'), 'sigma', 'studio')).rejects.toMatchObject({
      value: { code: 'invalid_request', field: 'apiBase' }
    })
    await expect(checkApiBaseArg(ctx, args('https://h.example'), 'custom', 'default')).rejects.toMatchObject({ value: { field: 'usage' } })
  })
})
