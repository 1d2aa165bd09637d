import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { ChannelOptionField } from '../../../../shared/channel-options'
import type { AccountSummary, ChannelSummary } from '../../../../shared/contract'
import type { ProviderId } from '../../../../shared/providers'
import { changeLanguage } from '../../i18n/i18n'
import { fakeAccounts } from '../../testing/fake-accounts'
import { renderWithApi } from '../../testing/render'
import { scriptedApi, type ScriptedApi } from '../../testing/scripted-api'
import { AccountsPage } from '../accounts/accounts-page'

const account = (provider: ProviderId, label: string): AccountSummary => ({ provider, profile: 'default', label, connected: true, display: {} })
const SIGMA = account('sigma', 'Sigma studio')
const NAVER = account('naver', 'NAVER 본방송')
const KOLLUS = account('kollus', 'Kollus 채널들')
const CUSTOM = account('custom', 'Studio RTMP')

// Shapes as core's channels:options gives them (a subset of each provider's schema).
const OPTIONS: Partial<Record<ProviderId, ChannelOptionField[]>> = {
  sigma: [
    { name: 'type', label: 'Channel type', type: 'enum', values: ['transcode', 'forward', 'hybrid'], default: 'transcode' },
    { name: 'mode', label: 'Latency mode', type: 'enum', values: ['normal', 'low-latency', 'ultra-low-latency'], default: 'normal' },
    { name: 'catchup', label: 'Catch-up', type: 'boolean', default: false },
    { name: 'record', label: 'Record', type: 'boolean', default: false },
    { name: 'stopTimeout', label: 'Stop timeout (s)', type: 'number', min: 0, default: 30 },
    { name: 'description', label: 'Description', type: 'string' }
  ],
  naver: [
    { name: 'qualitySetId', label: 'Quality set ID', type: 'number', min: 1, required: true },
    { name: 'profileId', label: 'CDN (Global Edge) profile ID', type: 'number', min: 1, required: true },
    { name: 'cdnType', label: 'CDN type', type: 'enum', values: ['GLOBAL_EDGE', 'CDN_PLUS'], default: 'GLOBAL_EDGE' },
    { name: 'outputProtocol', label: 'Output protocol', type: 'enum', values: ['HLS', 'LL_HLS', 'HLS,DASH'], default: 'HLS' },
    { name: 'recordType', label: 'Recording', type: 'enum', values: ['NO_RECORD', 'AUTO_UPLOAD', 'MANUAL_UPLOAD'], default: 'NO_RECORD' },
    {
      name: 'isStreamFailOver',
      label: 'Main + backup ingest',
      type: 'boolean',
      default: false,
      help: 'The channel gets a second ingest; Onair can push to both (the main one first, as NAVER advises).'
    },
    { name: 'drmEnabledYn', label: 'Multi-DRM', type: 'boolean', default: false }
  ],
  kollus: [
    { name: 'customer_code', label: 'Customer code', type: 'string' },
    { name: 'is_shared', label: 'Public channel (off: JWT playback only)', type: 'boolean' }
  ]
}

const SIGMA_CHANNELS: ChannelSummary[] = [
  {
    id: 'c-1',
    name: 'Kênh buổi sáng',
    state: 'idle',
    rawState: 'idle',
    playbackUrl: 'https://cdn.example/manifest/c-1/master.m3u8',
    details: { type: 'transcode', mode: 'low-latency', record: true, catchup: false }
  },
  { id: 'c-2', name: '저녁 방송 🎙', state: 'live', rawState: 'active', playbackUrl: 'https://cdn.example/manifest/c-2/master.m3u8', details: {} }
]

function setup(initial: AccountSummary[], channels: Partial<Record<ProviderId, ChannelSummary[]>> = {}) {
  const api = scriptedApi()
  fakeAccounts(api, initial)
  const lists: Partial<Record<ProviderId, ChannelSummary[]>> = structuredClone(channels)
  const providerOf = (r: unknown) => (r as { provider: ProviderId }).provider
  api.handle('channels:list', (r) => ({ ok: true, value: structuredClone(lists[providerOf(r)] ?? []) }))
  api.handle('channels:options', (r) => ({ ok: true, value: structuredClone(OPTIONS[providerOf(r)] ?? []) }))
  const user = userEvent.setup()
  renderWithApi(<AccountsPage />, api)
  return { api, user, lists }
}

const card = (provider: string) => screen.getAllByTestId('account').find((el) => el.dataset.provider === provider) as HTMLElement
const channel = (id: string) => screen.getAllByTestId('channel').find((el) => el.dataset.channelId === id) as HTMLElement

async function openChannels(api: ScriptedApi, user: ReturnType<typeof userEvent.setup>, provider: string) {
  await screen.findAllByTestId('account')
  await user.click(within(card(provider)).getByTestId('account-channels'))
  await screen.findByTestId('channels-view')
  await waitFor(() => expect(screen.queryByTestId('channels-loading')).toBeNull())
  return api
}

describe('Channels: the list', () => {
  it('opens from an API account’s card (not Custom RTMP), lists every channel with its state, raw state and details, and goes back', async () => {
    const { api, user } = setup([SIGMA, CUSTOM], { sigma: SIGMA_CHANNELS })
    await screen.findAllByTestId('account')
    expect(within(card('custom')).queryByTestId('account-channels')).toBeNull()
    await openChannels(api, user, 'sigma')
    await waitFor(() => expect(document.activeElement?.id).toBe('page-title'))
    expect(api.requestsOf('channels:list')).toEqual([{ provider: 'sigma', profile: 'default' }])

    // Names as the provider holds them, Vietnamese and Korean (with an emoji) alike.
    expect(screen.getAllByTestId('channel-name-text').map((e) => e.textContent)).toEqual(['Kênh buổi sáng', '저녁 방송 🎙'])
    expect(within(channel('c-2')).getByTestId('channel-state').dataset.state).toBe('live')
    expect(within(channel('c-2')).getByTestId('channel-state').textContent).toBe('Live')
    expect(within(channel('c-2')).getByTestId('channel-raw-state').textContent).toBe('active')
    expect(within(channel('c-2')).getByTestId('channel-raw-state').title).toBe('Sigma Livestream says: active')
    const details = within(channel('c-1')).getByTestId('channel-details')
    expect([...details.querySelectorAll('div')].map((d) => `${d.querySelector('dt')?.textContent}=${d.querySelector('dd')?.textContent}`)).toEqual([
      // Values the create form names are said in its words.
      'Type=Transcode',
      'Latency mode=Low latency',
      'Record=Yes',
      'Catch-up=No'
    ])
    expect(document.getElementById('page-title')?.textContent).toBe('Channels2')

    await user.click(screen.getByTestId('channels-back'))
    await waitFor(() => expect(document.activeElement).toBe(within(card('sigma')).getByTestId('account-channels')))
  })

  it('says so when an account has no channel yet', async () => {
    const { api, user } = setup([SIGMA])
    await openChannels(api, user, 'sigma')
    expect((await screen.findByTestId('channels-empty')).textContent).toMatch(/No channels on this account yet/)
  })

  it('Refresh reads the list again; a failed refresh keeps what was listed and says why', async () => {
    const { api, user, lists } = setup([SIGMA], { sigma: SIGMA_CHANNELS.slice(0, 1) })
    await openChannels(api, user, 'sigma')
    expect(screen.getAllByTestId('channel')).toHaveLength(1)

    lists.sigma = SIGMA_CHANNELS
    let release = () => {}
    api.handle('channels:list', () => new Promise((r) => (release = () => r({ ok: true, value: structuredClone(SIGMA_CHANNELS) }))))
    await user.click(screen.getByTestId('channels-refresh'))
    expect(screen.getByTestId('channels-refresh').textContent).toBe('Refreshing…')
    expect((screen.getByTestId('channels-refresh') as HTMLButtonElement).disabled).toBe(true)
    await act(async () => release())
    await waitFor(() => expect(screen.getAllByTestId('channel')).toHaveLength(2))
    expect(api.requestsOf('channels:list')).toHaveLength(2)

    api.fail('channels:list', { code: 'network', message: 'Sigma Livestream cannot be reached (HTTP 0).', provider: 'sigma', retryable: true })
    await user.click(screen.getByTestId('channels-refresh'))
    expect((await screen.findByTestId('channels-error')).textContent).toBe('!Sigma Livestream cannot be reached. Check your network and the address.')
    expect(screen.getAllByTestId('channel')).toHaveLength(2)
  })

  it('copies the playback URL to the clipboard and says so', async () => {
    const { api, user } = setup([SIGMA], { sigma: SIGMA_CHANNELS })
    await openChannels(api, user, 'sigma')
    await user.click(within(channel('c-2')).getByTestId('channel-copy'))
    expect(await navigator.clipboard.readText()).toBe('https://cdn.example/manifest/c-2/master.m3u8')
    expect(within(channel('c-2')).getByTestId('channel-copy').textContent).toBe('Copied')
  })

  it('tells the streamer to copy by hand where the browser refuses the clipboard, with the address selected', async () => {
    const { api, user } = setup([SIGMA], { sigma: SIGMA_CHANNELS })
    await openChannels(api, user, 'sigma')
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true })
    await user.click(within(channel('c-1')).getByTestId('channel-copy'))
    expect(within(channel('c-1')).getByRole('alert').textContent).toBe('Could not copy. Select the address and copy it yourself.')
    expect(window.getSelection()?.toString()).toBe('https://cdn.example/manifest/c-1/master.m3u8')
  })
})

describe('Channels: creating', () => {
  it('creates a Sigma channel from its options: defaults shown and sent, choices typed; the new channel is listed first', async () => {
    const { api, user } = setup([SIGMA], { sigma: SIGMA_CHANNELS.slice(0, 1) })
    const created: ChannelSummary = { id: 'c-9', name: 'Kênh thử nghiệm', state: 'idle', rawState: 'idle', playbackUrl: 'https://cdn.example/c-9.m3u8' }
    api.reply('channels:create', created)
    await openChannels(api, user, 'sigma')
    await user.click(screen.getByTestId('channels-new'))
    const name = await screen.findByTestId('channel-name')
    await waitFor(() => expect(document.activeElement).toBe(name))
    expect((screen.getByTestId('channel-option-mode') as HTMLSelectElement).value).toBe('normal')
    expect([...(screen.getByTestId('channel-option-mode') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'Normal',
      'Low latency',
      'Ultra-low latency'
    ])
    await user.type(name, 'Kênh thử nghiệm')
    await user.selectOptions(screen.getByTestId('channel-option-mode'), 'low-latency')
    await user.click(screen.getByTestId('channel-option-record'))
    await user.click(screen.getByTestId('channel-more'))
    await user.type(screen.getByTestId('channel-option-description'), 'Buổi phát thử')
    await user.click(screen.getByTestId('channel-create'))

    await waitFor(() => expect(screen.queryByTestId('channel-form')).toBeNull())
    expect(api.requestsOf('channels:create')).toEqual([
      {
        provider: 'sigma',
        profile: 'default',
        name: 'Kênh thử nghiệm',
        options: { type: 'transcode', mode: 'low-latency', catchup: false, record: true, stopTimeout: 30, description: 'Buổi phát thử' }
      }
    ])
    expect(screen.getAllByTestId('channel-name-text').map((e) => e.textContent)).toEqual(['Kênh thử nghiệm', 'Kênh buổi sáng'])
    expect(screen.getByTestId('channels-created').textContent).toBe('“Kênh thử nghiệm” was created.')
    await waitFor(() => expect(document.activeElement).toBe(within(channel('c-9')).getByTestId('channel-name-text')))
    // Created without a second list call.
    expect(api.requestsOf('channels:list')).toHaveLength(1)
  })

  it('NAVER: required numbers checked before sending, the backup-ingest switch with its explanation, labels in Korean', async () => {
    const { api, user } = setup([NAVER])
    await openChannels(api, user, 'naver')
    await user.click(screen.getByTestId('channels-new'))
    await screen.findByTestId('channel-name')
    // What a streamer sets most: shown at once; the rest wait under More options.
    expect(screen.getByTestId('channel-option-isStreamFailOver').closest('details')).toBeNull()
    expect(screen.getByTestId('channel-option-drmEnabledYn').closest('details')).not.toBeNull()
    const failover = screen.getByTestId('channel-option-isStreamFailOver') as HTMLInputElement
    expect(failover.type).toBe('checkbox')
    expect(failover.checked).toBe(false)
    expect(screen.getByLabelText('Main + backup ingest')).toBe(failover)
    expect(document.getElementById(failover.getAttribute('aria-describedby') ?? '')?.textContent).toContain('the main one first')

    await user.click(screen.getByTestId('channel-create'))
    expect(screen.getByTestId('channel-error-name').textContent).toBe('!Fill in this field.')
    expect(screen.getByTestId('channel-error-qualitySetId').textContent).toBe('!Fill in this field.')
    expect(document.activeElement).toBe(screen.getByTestId('channel-name'))
    await user.type(screen.getByTestId('channel-name'), '아침_라이브')
    await user.type(screen.getByTestId('channel-option-qualitySetId'), 'two')
    await user.type(screen.getByTestId('channel-option-profileId'), '0')
    await user.click(screen.getByTestId('channel-create'))
    expect(screen.getByTestId('channel-error-qualitySetId').textContent).toBe('!Enter a number.')
    expect(screen.getByTestId('channel-error-profileId').textContent).toBe('!Enter 1 or more.')
    expect(api.requestsOf('channels:create')).toEqual([])

    await act(async () => changeLanguage('ko'))
    expect(screen.getByTestId('channel-error-profileId').textContent).toBe('!1 이상으로 입력하세요.')
    expect(screen.getByLabelText('메인 + 백업 인제스트')).toBe(failover)
    expect(screen.getByText('CDN(Global Edge) 프로필 ID')).toBeTruthy()
    expect(screen.getByRole('heading', { name: '새 NAVER Cloud Live Station 채널' })).toBeTruthy()
    expect(screen.getByTestId('channel-form').textContent).not.toMatch(/Quality set|Recording|Output protocol|required/)
    expect([...(screen.getByTestId('channel-option-recordType') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      '녹화 안 함',
      '녹화 후 자동 업로드',
      '녹화 후 직접 업로드'
    ])

    // NAVER refuses a value: said beside the field its error names (cdn.profileId), in Korean, no English from main.
    api.fail('channels:create', {
      code: 'validation',
      message: 'NAVER Cloud Live Station rejected the request to create the channel, because of "cdn.profileId" (NAVER code 250002).',
      provider: 'naver',
      field: 'cdn.profileId'
    })
    await user.clear(screen.getByTestId('channel-option-qualitySetId'))
    await user.type(screen.getByTestId('channel-option-qualitySetId'), '1')
    await user.clear(screen.getByTestId('channel-option-profileId'))
    await user.type(screen.getByTestId('channel-option-profileId'), '7')
    await user.click(failover)
    await user.click(screen.getByTestId('channel-create'))
    await waitFor(() =>
      expect(screen.getByTestId('channel-error-profileId').textContent).toBe(
        '!NAVER Cloud Live Station에서 이 값을 받아들이지 않았습니다. 확인한 뒤 다시 시도하세요.'
      )
    )
    expect(document.activeElement).toBe(screen.getByTestId('channel-option-profileId'))
    expect(api.requestsOf('channels:create')[0]).toEqual({
      provider: 'naver',
      profile: 'default',
      name: '아침_라이브',
      options: {
        qualitySetId: 1,
        profileId: 7,
        cdnType: 'GLOBAL_EDGE',
        outputProtocol: 'HLS',
        recordType: 'NO_RECORD',
        isStreamFailOver: true,
        drmEnabledYn: false
      }
    })

    // An error about no field of the form is said above the buttons.
    api.fail('channels:create', { code: 'rate_limited', message: 'Too many (HTTP 429).', provider: 'naver', retryable: true })
    await user.click(screen.getByTestId('channel-create'))
    expect((await screen.findByTestId('channel-error')).textContent).toBe('!NAVER Cloud Live Station에서 요청을 잠시 제한했습니다. 잠시 후 다시 시도하세요.')
  })

  it('a Kollus option without a documented default is left to Kollus unless the streamer picks on or off', async () => {
    const { api, user } = setup([KOLLUS])
    api.reply('channels:create', { id: 'k-1', name: '새 채널', state: 'idle', rawState: 'no broadcast', details: { ingestSaved: false } })
    await openChannels(api, user, 'kollus')
    await user.click(screen.getByTestId('channels-new'))
    await user.type(await screen.findByTestId('channel-name'), '새 채널')
    expect([...(screen.getByTestId('channel-option-is_shared') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'Kollus Live default',
      'On',
      'Off'
    ])
    await user.type(screen.getByTestId('channel-option-customer_code'), 'onair')
    await user.click(screen.getByTestId('channel-create'))
    await waitFor(() => expect(api.requestsOf('channels:create')).toHaveLength(1))
    expect((api.requestsOf('channels:create')[0] as { options: unknown }).options).toEqual({ customer_code: 'onair' })
  })
})

describe('Channels: Kollus hand-entered ingest', () => {
  const KOLLUS_CHANNELS: ChannelSummary[] = [
    {
      id: 'k-1',
      name: '아침 방송',
      state: 'idle',
      rawState: 'no broadcast',
      details: { customer_code: 'onair', is_shared: false, created_at: '2026-11-30T02:22:44.527+00:00', ingestSaved: false }
    },
    { id: 'k-2', name: 'Tin tức', state: 'ended', rawState: 'stop', details: { ingestSaved: true } }
  ]

  it('says why it is needed, takes the server and the key (a password field), and shows only the mask once saved', async () => {
    const { api, user } = setup([KOLLUS], { kollus: KOLLUS_CHANNELS })
    api.reply('channels:setIngest', { channelId: 'k-1', server: 'rtmp://ingest.kollus.example/live', streamKey: '••••••••9f3a' })
    await openChannels(api, user, 'kollus')
    const first = within(channel('k-1'))
    expect(first.getByTestId('ingest-status').textContent).toBe('Not entered yet: Go Live needs it.')
    expect(first.getByTestId('ingest-why').textContent).toContain('Kollus’s API does not give out a channel’s ingest')
    expect(first.getByTestId('ingest-why').textContent).toContain('system keychain')
    expect(within(channel('k-2')).getByTestId('ingest-status').textContent).toBe('Saved in your system keychain')
    expect(within(channel('k-2')).queryByTestId('ingest-why')).toBeNull()
    expect(channel('k-1').textContent).toContain('No playback URL from Kollus Live for this channel.')
    // A provider's timestamp is read as a date; the ingest flag is said by the ingest section, not as a detail.
    const created = within(channel('k-1')).getByText('Created').nextElementSibling?.textContent
    expect(created).toMatch(/2026/)
    expect(created).not.toContain('T02:22')
    expect(within(channel('k-1')).getByTestId('channel-details').textContent).not.toContain('ingestSaved')
    // Kollus has no state word: Onair's own description of its broadcast record is said in the UI's language, its
    // 'stop' (from the record's own field) as written.
    expect(first.getByTestId('channel-raw-state').textContent).toBe('No broadcast yet')
    expect(within(channel('k-2')).getByTestId('channel-raw-state').textContent).toBe('stop')
    act(() => changeLanguage('vi'))
    expect(first.getByTestId('channel-raw-state').textContent).toBe('Chưa từng phát')
    act(() => changeLanguage('en'))

    await user.click(first.getByTestId('ingest-open'))
    const key = first.getByTestId('ingest-stream-key') as HTMLInputElement
    expect(key.type).toBe('password')
    // The form's focus comes with its first render's effects (a loaded machine may run them after the click returns).
    await waitFor(() => expect(document.activeElement).toBe(first.getByTestId('ingest-server-url')))

    // Nothing typed: both fields are named, nothing is sent.
    await user.click(first.getByTestId('ingest-save'))
    expect(first.getByTestId('ingest-error-serverUrl').textContent).toBe('!Fill in this field.')
    expect(first.getByTestId('ingest-error-streamKey').textContent).toBe('!Fill in this field.')
    expect(api.requestsOf('channels:setIngest')).toEqual([])

    // Main names the field it refuses; it is said beside that field.
    api.fail('channels:setIngest', { code: 'invalid_rtmp_url', message: 'That server URL is not usable: write it as rtmp://host[:port]/app.', field: 'server' })
    await user.type(first.getByTestId('ingest-server-url'), 'http://ingest.kollus.example/live')
    await user.type(key, 'creator-key-9f3a')
    await user.click(first.getByTestId('ingest-save'))
    expect((await first.findByTestId('ingest-error-serverUrl')).textContent).toBe('!That server URL is not usable: write it as rtmp://host[:port]/app.')
    expect(document.activeElement).toBe(first.getByTestId('ingest-server-url'))

    api.reply('channels:setIngest', { channelId: 'k-1', server: 'rtmp://ingest.kollus.example/live', streamKey: '••••••••9f3a' })
    await user.clear(first.getByTestId('ingest-server-url'))
    await user.type(first.getByTestId('ingest-server-url'), 'rtmp://ingest.kollus.example/live')
    await user.click(first.getByTestId('ingest-save'))
    await waitFor(() => expect(first.queryByTestId('ingest-form')).toBeNull())
    expect(api.requestsOf('channels:setIngest').at(-1)).toEqual({
      provider: 'kollus',
      profile: 'default',
      channelId: 'k-1',
      serverUrl: 'rtmp://ingest.kollus.example/live',
      streamKey: 'creator-key-9f3a'
    })
    expect(first.getByTestId('ingest-status').textContent).toBe('Saved in your system keychain')
    expect(first.getByTestId('ingest-server').textContent).toBe('rtmp://ingest.kollus.example/live')
    expect(first.getByTestId('ingest-key').textContent).toBe('••••••••9f3a')
    expect(document.body.innerHTML).not.toContain('creator-key-9f3a')
    expect(document.activeElement).toBe(first.getByTestId('ingest-open'))

    // Replacing it: the server is offered again, the key never.
    await user.click(first.getByTestId('ingest-open'))
    expect((first.getByTestId('ingest-server-url') as HTMLInputElement).value).toBe('rtmp://ingest.kollus.example/live')
    expect((first.getByTestId('ingest-stream-key') as HTMLInputElement).value).toBe('')
  })

  it('in Vietnamese: the note, the state and a refused key are said in Vietnamese', async () => {
    const { api, user } = setup([KOLLUS], { kollus: KOLLUS_CHANNELS })
    await openChannels(api, user, 'kollus')
    await act(async () => changeLanguage('vi'))
    const first = within(channel('k-1'))
    expect(first.getByTestId('ingest-status').textContent).toBe('Chưa nhập: cần có để bắt đầu phát.')
    await user.click(first.getByTestId('ingest-open'))
    api.fail('channels:setIngest', {
      code: 'invalid_rtmp_url',
      message: 'The stream key contains spaces; copy it again from your provider.',
      field: 'streamKey'
    })
    await user.type(first.getByTestId('ingest-server-url'), 'rtmp://ingest.kollus.example/live')
    await user.type(first.getByTestId('ingest-stream-key'), 'a b')
    await user.click(first.getByTestId('ingest-save'))
    expect((await first.findByTestId('ingest-error-streamKey')).textContent).toBe(
      '!Không dùng được khóa luồng này. Hãy sao chép lại từ nhà cung cấp, không có khoảng trắng.'
    )
    expect(first.getByTestId('kollus-ingest').textContent).not.toMatch(/stream key contains/)
  })
})
