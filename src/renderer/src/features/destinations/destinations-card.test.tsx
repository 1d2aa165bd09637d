import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { AccountSummary, ChannelSummary } from '../../../../shared/contract'
import type { LiveSnapshot, LiveStats } from '../../../../shared/live'
import { createStores, startStores } from '../../app/stores'
import { StoresProvider } from '../../app/stores-context'
import { changeLanguage } from '../../i18n/i18n'
import { fakeAccounts, NAVER_ACCOUNT as NAVER, SIGMA_ACCOUNT as SIGMA, CUSTOM_ACCOUNT as CUSTOM } from '../../testing/fake-accounts'
import { renderWithApi } from '../../testing/render'
import { scriptedApi, type ScriptedApi } from '../../testing/scripted-api'
import { LivePanel } from '../studio/live-panel'
import { memoryShowMemory } from '../studio/show-memory'
import { DestinationsCard } from './destinations-card'

const NAVER_CHANNELS: ChannelSummary[] = [
  { id: 'ls-1', name: '방송_채널1', state: 'idle', rawState: 'READY', details: { backupIngest: true } },
  { id: 'ls-2', name: 'Kênh thử', state: 'idle', rawState: 'READY', details: { backupIngest: false } }
]
const SIGMA_CHANNELS: ChannelSummary[] = [
  { id: 's-1', name: 'Morning show', state: 'idle' },
  { id: 's-2', name: 'Evening show', state: 'idle' },
  { id: 's-3', name: 'Night show', state: 'idle' }
]

function setup(accounts: AccountSummary[] = [NAVER, SIGMA, CUSTOM]) {
  const api = scriptedApi()
  fakeAccounts(api, accounts)
  api.handle('channels:list', (r) => ({ ok: true, value: (r as { provider: string }).provider === 'naver' ? NAVER_CHANNELS : SIGMA_CHANNELS }))
  const user = userEvent.setup()
  const rendered = renderWithApi(
    <>
      <DestinationsCard />
      <LivePanel />
    </>,
    api
  )
  return { user, ...rendered }
}

const chips = () => screen.queryAllByTestId('destination-chip')
const chipOf = (provider: string, channel?: string) =>
  chips().find((c) => c.dataset.provider === provider && (channel === undefined || c.dataset.channel === channel)) as HTMLElement

async function pickChannel(user: ReturnType<typeof userEvent.setup>, provider: string, channelId: string) {
  if (!screen.queryByTestId('destination-picker')) await user.click(screen.getByTestId('add-destination'))
  const account = screen.getAllByTestId('picker-account').find((b) => b.dataset.provider === provider) as HTMLElement
  if (account.getAttribute('aria-expanded') !== 'true') await user.click(account)
  const channel = await waitFor(() => screen.getAllByTestId('picker-channel').find((b) => b.dataset.channel === channelId) as HTMLElement)
  await user.click(channel)
}

describe('Destinations: chips from the picker', () => {
  it('a first-time streamer gets the Custom RTMP form at once; saving it adds the chip, key masked, and Go Live can start', async () => {
    const { api, user } = setup([])
    await user.type(await screen.findByTestId('server-url'), 'rtmp://live.example.com/app')
    await user.type(screen.getByTestId('stream-key'), 'secret-stream-key-9876')
    await user.click(screen.getByTestId('save-destination'))
    await waitFor(() => expect(chips()).toHaveLength(1))
    expect(api.requestsOf('accounts:save')[0]).toMatchObject({ provider: 'custom', profile: 'default', fields: { serverUrl: 'rtmp://live.example.com/app' } })
    expect(within(chips()[0]).getByTestId('saved-key').textContent).toBe('••••••••9876')
    expect(within(chips()[0]).getByTestId('saved-server').textContent).toBe('rtmp://live.example.com/app')
    expect(document.body.innerHTML).not.toContain('secret-stream-key-9876')
    expect(screen.queryByTestId('destination-picker')).toBeNull()
    expect(screen.getByTestId('go-live')).toHaveProperty('disabled', false)
  })

  it('lists an account’s channels, adds them as chips (names as written), removes one with one click, and never twice', async () => {
    const { api, user } = setup()
    await waitFor(() => expect(screen.getAllByTestId('picker-account')).toHaveLength(2))
    await pickChannel(user, 'naver', 'ls-2')
    expect(chipOf('naver', 'ls-2').querySelector('.chip-name')?.textContent).toBe('Kênh thử')
    await pickChannel(user, 'sigma', 's-1')
    expect(api.requestsOf('channels:list')).toEqual([
      { provider: 'naver', profile: 'default' },
      { provider: 'sigma', profile: 'default' }
    ])
    // The one already added is shown so and cannot be added again.
    await user.click(screen.getByTestId('add-destination'))
    await user.click(screen.getAllByTestId('picker-account').find((b) => b.dataset.provider === 'sigma') as HTMLElement)
    const added = screen.getAllByTestId('picker-channel').find((b) => b.dataset.channel === 's-1') as HTMLButtonElement
    expect(added.disabled).toBe(true)
    expect(added.textContent).toContain('Added')

    await user.click(within(chipOf('naver', 'ls-2')).getByTestId('remove-destination'))
    expect(chips().map((c) => c.dataset.channel)).toEqual(['s-1'])
  })

  it('holds four at most: the fifth cannot be added and the card says why', async () => {
    const { user } = setup()
    await waitFor(() => expect(screen.getAllByTestId('picker-account')).toHaveLength(2))
    await pickChannel(user, 'sigma', 's-1')
    await pickChannel(user, 'sigma', 's-2')
    await pickChannel(user, 'sigma', 's-3')
    await user.click(screen.getByTestId('add-destination'))
    await user.click(screen.getByTestId('picker-custom'))
    expect(chips()).toHaveLength(4)
    expect(screen.queryByTestId('add-destination')).toBeNull()
    expect(screen.getByText(/Four destinations at most/)).toBeTruthy()
    expect(screen.getByTestId('destinations-count').textContent).toBe('4 of 4')
  })

  it('offers the backup ingest only for a NAVER channel that has one; Go Live sends it, main first, with the others', async () => {
    const { api, user, stores } = setup()
    api.reply('live:start', { sessionId: 's1', state: 'live', sources: null, destinations: [], log: [] })
    await waitFor(() => expect(screen.getAllByTestId('picker-account')).toHaveLength(2))
    await pickChannel(user, 'naver', 'ls-2')
    expect(within(chipOf('naver', 'ls-2')).queryByTestId('backup-toggle')).toBeNull()
    await pickChannel(user, 'naver', 'ls-1')
    const toggle = within(chipOf('naver', 'ls-1')).getByTestId('backup-toggle') as HTMLInputElement
    expect(toggle.checked).toBe(false)
    await user.click(toggle)
    expect(within(chipOf('naver', 'ls-1')).getByText(/main ingest is pushed first/)).toBeTruthy()
    await user.click(screen.getByTestId('add-destination'))
    await user.click(screen.getByTestId('picker-custom'))
    act(() => stores.sources.getState().setVideo('screen:0'))

    await user.click(screen.getByTestId('go-live'))
    await waitFor(() => expect(api.requestsOf('live:start')).toHaveLength(1))
    expect(api.requestsOf('live:start')[0]).toEqual({
      destinations: [
        { provider: 'naver', profile: 'default', channelId: 'ls-2' },
        { provider: 'naver', profile: 'default', channelId: 'ls-1', backup: true },
        { provider: 'custom', profile: 'default' }
      ],
      video: 'screen:0',
      // No microphone listed here: silence, never the test tone.
      audio: 'none',
      record: true
    })
  })
})

const LIVE: LiveSnapshot = {
  sessionId: 's1',
  state: 'live',
  liveSince: 1,
  startedAt: 1,
  sources: { video: 'testsrc', audio: 'sine' },
  destinations: [
    {
      id: 'd1',
      provider: 'naver',
      profile: 'default',
      channelId: 'ls-1',
      label: 'NAVER Cloud Live Station · 방송_채널1',
      state: 'live',
      rawState: 'PUBLISHING'
    },
    {
      id: 'd2',
      provider: 'naver',
      profile: 'default',
      channelId: 'ls-1',
      backup: true,
      label: 'NAVER Cloud Live Station · 방송_채널1 (backup)',
      state: 'live'
    },
    {
      id: 'd3',
      provider: 'custom',
      profile: 'default',
      label: 'rtmp://127.0.0.1:1935/live',
      state: 'failed',
      error: { code: 'ingest_rejected_key', message: 'The ingest at rtmp://127.0.0.1:1935/live refused the stream key.', retryable: false, step: 'push' }
    }
  ],
  log: []
}
const stats = (d1: number, reconnects = 0): LiveStats => ({
  time: Date.now(),
  fps: 30,
  bitrateKbps: 2500,
  speed: 1,
  droppedFrames: 0,
  duplicatedFrames: 0,
  destinations: [
    { id: 'd1', bytesSent: 1, kbps: d1, congestion: 0, droppedFrames: 0, reconnects },
    { id: 'd2', bytesSent: 1, kbps: 2400, congestion: 0, droppedFrames: 0, reconnects: 0 },
    { id: 'd3', bytesSent: 0, kbps: 0, congestion: 0, droppedFrames: 0, reconnects: 0 }
  ]
})

describe('Destinations: what the picker says of a channel', () => {
  it('a Kollus channel without its hand-entered ingest says so before it is picked; a failed list says why', async () => {
    const api = scriptedApi()
    const kollus: AccountSummary = { provider: 'kollus', profile: 'default', label: 'Kollus Live', connected: true, display: { serviceAccountKey: 'svc' } }
    fakeAccounts(api, [kollus, SIGMA])
    api.handle('channels:list', (r) =>
      (r as { provider: string }).provider === 'kollus'
        ? {
            ok: true,
            value: [
              { id: 'k1', name: 'Buổi sáng', state: 'idle' },
              { id: 'k2', name: '저녁', state: 'idle', details: { ingestSaved: true } }
            ]
          }
        : { ok: false, error: { code: 'auth', message: 'Sigma said 401: run onair credentials set sigma', provider: 'sigma', retryable: false } }
    )
    const user = userEvent.setup()
    renderWithApi(<DestinationsCard />, api)
    const accounts = await waitFor(() => {
      const found = screen.getAllByTestId('picker-account')
      expect(found).toHaveLength(2)
      return found
    })
    await user.click(accounts[0])
    const rows = await screen.findAllByTestId('picker-channel')
    const row = (id: string) => rows.find((r) => r.dataset.channel === id)?.closest('.picker-item')?.textContent ?? ''
    expect(row('k1')).toContain('Enter its ingest in Accounts first')
    expect(row('k2')).not.toContain('Enter its ingest')
    await user.click(accounts[1])
    expect((await screen.findByTestId('picker-channels-error')).textContent).toBe(
      '!Sigma Livestream did not accept these credentials. Check them and try again.'
    )
  })
})

describe('Destinations while live', () => {
  it('each chip shows its own state, bitrate sent and reconnects; the refused one says which and why, in Korean too', async () => {
    const { api } = setup()
    // After the window's first read of the session (idle), the show starts.
    await waitFor(() => expect(screen.getAllByTestId('picker-account')).toHaveLength(2))
    act(() => api.emit('live:state', LIVE))
    await waitFor(() => expect(chips()).toHaveLength(2))
    act(() => api.emit('live:stats', stats(2512, 1)))
    // A second's figures change on the show clock's next tick.
    await waitFor(() => expect(within(chipOf('naver', 'ls-1')).getAllByTestId('chip-kbps')[0].textContent).toBe('2,512 kbps'))
    const naver = chipOf('naver', 'ls-1')
    expect(naver.dataset.state).toBe('live')
    expect(naver.querySelector('.chip-name')?.textContent).toBe('방송_채널1')
    expect(within(naver).getAllByTestId('chip-kbps')[0].textContent).toBe('2,512 kbps')
    expect(within(naver).getAllByTestId('chip-reconnects')[0].textContent).toBe('Reconnects: 1')
    expect(within(naver).getByTestId('backup-status').dataset.state).toBe('live')
    // Locked while live: no removing, no backup change.
    expect(within(naver).queryByTestId('remove-destination')).toBeNull()
    expect((within(naver).getByTestId('backup-toggle') as HTMLInputElement).disabled).toBe(true)

    const custom = chipOf('custom')
    expect(custom.dataset.state).toBe('failed')
    expect(within(custom).getByTestId('error-streamKey').dataset.code).toBe('ingest_rejected_key')
    act(() => changeLanguage('ko'))
    expect(within(custom).getByTestId('error-streamKey').textContent).toContain('스트림 키를 거부')
    expect(within(custom).getByTestId('error-streamKey').textContent).not.toMatch(/[A-Za-z]{4,}/)
  })

  it('a window opened mid-show shows the session’s destinations even without chips of its own', async () => {
    const api = scriptedApi()
    fakeAccounts(api, [NAVER, CUSTOM])
    api.reply('live:snapshot', LIVE)
    renderWithApi(<DestinationsCard />, api)
    await waitFor(() => expect(chips().map((c) => c.dataset.provider)).toEqual(['naver', 'custom']))
    expect(screen.queryByTestId('destination-picker')).toBeNull()
  })

  it('the last show’s failures stay on the chips until the next show is being set up', async () => {
    const { api, user, stores } = setup()
    await waitFor(() => expect(screen.getAllByTestId('picker-account')).toHaveLength(2))
    await pickChannel(user, 'naver', 'ls-1')
    await user.click(screen.getByTestId('add-destination'))
    await user.click(screen.getByTestId('picker-custom'))
    act(() => api.emit('live:state', { ...LIVE, state: 'ended', destinations: [{ ...LIVE.destinations[0], state: 'ended' }, LIVE.destinations[2]] }))
    await waitFor(() => expect(chipOf('custom').dataset.state).toBe('failed'))
    expect(within(chipOf('custom')).getByTestId('error-streamKey')).toBeTruthy()
    expect(screen.getByTestId('step-push').dataset.status).toBe('failed')

    // A new choice of source starts the next show's setup: the old failure goes.
    act(() => stores.sources.getState().setAudio('mic:default'))
    expect(chipOf('custom').dataset.state).toBe('idle')
    expect(within(chipOf('custom')).queryByTestId('error-streamKey')).toBeNull()
    expect(screen.getByTestId('step-push').dataset.status).toBe('pending')
  })
})

describe('Destinations remembered', () => {
  it('the last destinations and sources come back in a new window; a chip whose account is gone is dropped', async () => {
    const memory = memoryShowMemory()
    const first = setupWith(memory, [NAVER, CUSTOM])
    await waitFor(() => expect(screen.getAllByTestId('picker-account')).toHaveLength(1))
    await pickChannel(first.user, 'naver', 'ls-1')
    await first.user.click(within(chipOf('naver', 'ls-1')).getByTestId('backup-toggle'))
    await first.user.click(screen.getByTestId('add-destination'))
    await first.user.click(screen.getByTestId('picker-custom'))
    act(() => first.stores.sources.getState().setVideo('screen:1'))
    first.unmount()

    const second = setupWith(memory, [NAVER, CUSTOM])
    expect(chips().map((c) => c.dataset.provider)).toEqual(['naver', 'custom'])
    expect((within(chipOf('naver', 'ls-1')).getByTestId('backup-toggle') as HTMLInputElement).checked).toBe(true)
    expect(second.stores.sources.getState().video).toBe('screen:1')
    second.unmount()

    // The Custom RTMP account was removed meanwhile.
    setupWith(memory, [NAVER])
    await waitFor(() => expect(chips().map((c) => c.dataset.provider)).toEqual(['naver']))
  })
})

function setupWith(memory: ReturnType<typeof memoryShowMemory>, accounts: AccountSummary[]) {
  const api: ScriptedApi = scriptedApi()
  fakeAccounts(api, accounts)
  api.handle('channels:list', () => ({ ok: true, value: NAVER_CHANNELS }))
  const stores = createStores(api, null, memory)
  const stop = startStores(stores, api)
  const user = userEvent.setup()
  const result = render(
    <StoresProvider stores={stores}>
      <DestinationsCard />
    </StoresProvider>
  )
  return {
    api,
    stores,
    user,
    unmount: () => {
      result.unmount()
      stop()
    }
  }
}
