import { describe, expect, it } from 'vitest'
import type { AccountSummary, ChannelSummary } from '../../../../shared/contract'
import { createStores, startStores } from '../../app/stores'
import { fakeAccounts } from '../../testing/fake-accounts'
import { scriptedApi } from '../../testing/scripted-api'

const NAVER: AccountSummary = {
  provider: 'naver',
  profile: 'default',
  label: 'NAVER',
  connected: true,
  display: { accessKey: 'AK1', secretKey: '••••••••abcd' }
}
const CH1: ChannelSummary = { id: 'ls-1', name: '아침 방송', state: 'idle', rawState: 'READY' }
const CH2: ChannelSummary = { id: 'ls-2', name: 'Buổi tối', state: 'live', rawState: 'PUBLISHING' }

function setup() {
  const api = scriptedApi()
  const backend = fakeAccounts(api, [NAVER])
  let channels = [CH1]
  let release: (() => void) | null = null
  api.handle('channels:list', async () => {
    // Held until the test lets it answer, to see what a second caller does meanwhile.
    await new Promise<void>((r) => (release = r))
    return { ok: true, value: structuredClone(channels) }
  })
  const stores = createStores(api)
  startStores(stores, api)
  const answer = async () => {
    await Promise.resolve()
    release?.()
  }
  return { api, backend, stores, setChannels: (c: ChannelSummary[]) => (channels = c), answer }
}

describe('the channels store', () => {
  it('lists an account once, shares a read under way, and reads again on refresh', async () => {
    const { api, stores, setChannels, answer } = setup()
    const s = () => stores.channels.getState()
    const first = s().load('naver', 'default')
    const second = s().load('naver', 'default')
    expect(s().lists['naver:default'].loading).toBe(true)
    await answer()
    await Promise.all([first, second])
    expect(api.requestsOf('channels:list')).toEqual([{ provider: 'naver', profile: 'default' }])
    expect(s().lists['naver:default']).toMatchObject({ channels: [CH1], loading: false, error: null })

    await s().load('naver', 'default') // already listed: nothing asked
    expect(api.requestsOf('channels:list')).toHaveLength(1)

    setChannels([CH2, CH1])
    const refreshed = s().refresh('naver', 'default')
    await answer()
    await refreshed
    expect(s().lists['naver:default'].channels.map((c) => c.name)).toEqual(['Buổi tối', '아침 방송'])
  })

  it('keeps the channels it had when a refresh fails, with the reason', async () => {
    const { api, stores, answer } = setup()
    const s = () => stores.channels.getState()
    const loading = s().load('naver', 'default')
    await answer()
    await loading
    api.fail('channels:list', { code: 'network', message: 'down', provider: 'naver', retryable: true })
    await s().refresh('naver', 'default')
    expect(s().lists['naver:default']).toMatchObject({ channels: [CH1], error: { code: 'network' }, loading: false })
  })

  it('puts a created channel at the top without reading the list again', async () => {
    const { api, stores, answer } = setup()
    const s = () => stores.channels.getState()
    const loading = s().load('naver', 'default')
    await answer()
    await loading
    api.reply('channels:create', CH2)
    const result = await s().create('naver', 'default', 'Buổi tối', { qualitySetId: 1 })
    expect(result.ok).toBe(true)
    expect(s().lists['naver:default'].channels.map((c) => c.id)).toEqual(['ls-2', 'ls-1'])
    expect(api.requestsOf('channels:list')).toHaveLength(1)
  })

  it('marks a channel whose ingest was saved, and remembers only the masked key', async () => {
    const { api, stores, answer } = setup()
    const s = () => stores.channels.getState()
    const loading = s().load('naver', 'default')
    await answer()
    await loading
    api.reply('channels:setIngest', { channelId: 'ls-1', server: 'rtmp://in.example/app', streamKey: '••••••••wxyz' })
    await s().setIngest({ provider: 'naver', profile: 'default', channelId: 'ls-1', serverUrl: 'rtmp://in.example/app', streamKey: 'secret-wxyz' })
    expect(s().lists['naver:default'].channels[0].details?.ingestSaved).toBe(true)
    expect(s().ingests['naver:default:ls-1']).toEqual({ server: 'rtmp://in.example/app', streamKey: '••••••••wxyz' })
    expect(JSON.stringify(s())).not.toContain('secret-wxyz')
  })

  it('forgets an account’s channels when the account is removed or its fields change, not when only its label does', async () => {
    const { stores, answer } = setup()
    const s = () => stores.channels.getState()
    await stores.accounts.getState().load()
    const loading = s().load('naver', 'default')
    await answer()
    await loading
    await stores.accounts.getState().update({ provider: 'naver', profile: 'default', label: 'NAVER main', fields: {} })
    expect(s().lists['naver:default']?.channels).toEqual([CH1])
    await stores.accounts.getState().update({ provider: 'naver', profile: 'default', fields: { accessKey: 'AK2' } })
    expect(s().lists['naver:default']).toBeUndefined()
  })
})
