import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AccountService } from '../../../src/main/core/credentials/account-service'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import { ProviderChannelService, providerIngestResolver, toDestination } from '../../../src/main/core/providers/provider-channels'
import { providerVerifier } from '../../../src/main/core/providers/provider-registry'
import { LivestreamApiEmulator } from '../../emulators/livestream-api/livestream-api-emulator'

describe('toDestination', () => {
  it.each([
    [{ rtmpUrl: 'rtmp://h:1935/live', streamKey: 'k1' }, 'rtmp://h:1935/live', 'rtmp://h:1935/live/k1'],
    [{ rtmpUrl: 'rtmp://h/live/', streamKey: 'k2' }, 'rtmp://h/live', 'rtmp://h/live/k2'],
    // A provider URL that already ends in the key is not doubled.
    [{ rtmpUrl: 'rtmp://h/relay/k3', streamKey: 'k3' }, 'rtmp://h/relay', 'rtmp://h/relay/k3']
  ])('%j', (info, server, publishUrl) => {
    const d = toDestination(info)
    expect(d.server).toBe(server)
    expect(d.publishUrl).toBe(publishUrl)
  })
})

describe('provider channels and the live ingest hook (v1.0-poc emulator in-process)', () => {
  const emu = new LivestreamApiEmulator()
  const store = new MemoryCredentialStore()
  const accounts = new AccountService(store)
  const base = { store, http: { timeoutMs: 1000, retries: 0 } }
  beforeAll(async () => {
    await emu.start()
    await accounts.save('livestream-api', 'default', { tokenId: emu.tokenId, tokenSecret: emu.tokenSecret, apiBase: emu.url })
  })
  afterAll(() => emu.close())

  it('lists, creates and gets through the saved account; refuses set-ingest where the API gives the ingest', async () => {
    const channels = new ProviderChannelService(accounts, base)
    const created = await channels.create('livestream-api', 'default', 'Hook', { mode: 'normal' })
    expect((await channels.list('livestream-api', 'default')).map((c) => c.id)).toContain(created.id)
    expect((await channels.get('livestream-api', 'default', created.id)).name).toBe('Hook')
    await expect(channels.setIngest('livestream-api', 'default', created.id, 'rtmp://h/app', 'key')).rejects.toMatchObject({ value: { code: 'unsupported' } })
  })

  it('resolves an ingest, follows a new stream after `ended`, and stops it on release', async () => {
    const channels = new ProviderChannelService(accounts, base)
    const created = await channels.create('livestream-api', 'default', 'Ended', {})
    emu.streams.get(created.id)!.status = 'ended'
    const account = await accounts.get('livestream-api', 'default')
    const resolved = await providerIngestResolver(base)({ provider: 'livestream-api', profile: 'default', channelId: created.id }, account.fields)
    expect(resolved.rtmp.server).toBe(emu.ingest.server)
    // The session shows the channel's name, not its id.
    expect(resolved.label).toBe('Livestream API v1.0-poc · Ended')
    // A new stream was opened in its place (the emulator's newest).
    const newId = [...emu.streams.keys()].at(-1) as string
    expect(newId).not.toBe(created.id)
    expect(emu.streams.get(newId)?.status).toBe('init')
    await resolved.release?.()
    expect(emu.streams.get(newId)?.status).toBe('ended')
  })

  it('verification blocks a refused account, and says whether an account was confirmed or could not be checked', async () => {
    const verify = providerVerifier({ http: { timeoutMs: 500, retries: 0 } })
    await expect(verify('livestream-api', { tokenId: 'x', tokenSecret: 'wrong-secret', apiBase: emu.url })).rejects.toMatchObject({ value: { code: 'auth' } })
    await expect(verify('livestream-api', { tokenId: emu.tokenId, tokenSecret: emu.tokenSecret, apiBase: emu.url })).resolves.toBe(true)
    await expect(verify('livestream-api', { tokenId: 'x', tokenSecret: 'y', apiBase: 'http://127.0.0.1:1' })).resolves.toBe(false)
    await expect(verify('custom', { serverUrl: 'rtmp://h/app', streamKey: 'k' })).resolves.toBe(true)
  })

  it('an account saved while the provider was unreachable is listed as not connected', async () => {
    const offline = new AccountService(new MemoryCredentialStore(), providerVerifier({ http: { timeoutMs: 500, retries: 0 } }))
    const saved = await offline.save('livestream-api', 'later', { tokenId: 'x', tokenSecret: 'y', apiBase: 'http://127.0.0.1:1' })
    expect(saved.connected).toBe(false)
    const confirmed = await offline.save('livestream-api', 'now', { tokenId: emu.tokenId, tokenSecret: emu.tokenSecret, apiBase: emu.url })
    expect(confirmed.connected).toBe(true)
  })
})
