import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import type { LiveSnapshot } from '../../../../shared/live'
import { changeLanguage } from '../../i18n/i18n'
import { fakeAccounts, CUSTOM_ACCOUNT as CUSTOM, SIGMA_ACCOUNT as SIGMA } from '../../testing/fake-accounts'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { DestinationsCard } from '../destinations/destinations-card'
import { LivePanel } from './live-panel'

const since = Date.now() - 42_000
const OFFLINE: LiveSnapshot = {
  sessionId: 's1',
  state: 'offline',
  startedAt: since - 1000,
  offAirSince: since,
  offlineMode: true,
  unstreamed: [{ start: since }],
  sources: { video: 'testsrc', audio: 'sine' },
  destinations: [
    { id: 'd1', provider: 'sigma', profile: 'default', channelId: 'c1', label: 'Sigma Livestream · Kênh 1', state: 'offline' },
    { id: 'd2', provider: 'custom', profile: 'default', label: 'rtmp://127.0.0.1:1935/live', state: 'offline' }
  ],
  recordingPath: '/rec/show.mkv',
  log: []
}

function setup(snapshot: LiveSnapshot) {
  const api = scriptedApi()
  fakeAccounts(api, [SIGMA, CUSTOM])
  api.reply('live:snapshot', snapshot)
  return renderWithApi(
    <>
      <DestinationsCard />
      <LivePanel />
    </>,
    api
  )
}

const chip = (provider: string) => screen.getAllByTestId('destination-chip').find((c) => c.dataset.provider === provider) as HTMLElement

afterEach(() => act(() => void changeLanguage('en')))

describe('offline mode in the Studio', () => {
  it('says plainly that the show is offline and recording, and that Onair goes live by itself; Stop stays', async () => {
    setup(OFFLINE)
    await waitFor(() => expect(screen.getByTestId('monitor-state').dataset.state).toBe('offline'))
    expect(screen.getByTestId('monitor-state').textContent).toBe('Offline')
    const banner = await screen.findByTestId('off-air')
    expect(banner.dataset.offline).toBe('true')
    await waitFor(() => expect(banner.textContent).toMatch(/Offline mode for 4[23] s: recording, not on air/))
    expect(banner.textContent).toContain('Onair goes live by itself')
    expect(screen.getByTestId('stop')).toBeTruthy()
    expect(within(chip('sigma')).getByTestId('chip-state').textContent).toBe('Offline')
    act(() => void changeLanguage('ko'))
    expect(screen.getByTestId('off-air').textContent).toContain('오프라인 모드')
    expect(screen.getByTestId('off-air').textContent).toContain('스스로 방송을 시작합니다')
    expect(screen.getByTestId('monitor-state').textContent).toBe('오프라인')
    act(() => void changeLanguage('vi'))
    expect(screen.getByTestId('off-air').textContent).toContain('Chế độ ngoại tuyến')
  })

  it('one destination offline while another is live: the show is live, only that chip says offline, no banner', async () => {
    setup({
      ...OFFLINE,
      state: 'live',
      liveSince: since + 5000,
      offAirSince: undefined,
      unstreamed: [{ start: since, end: since + 5000 }],
      destinations: [OFFLINE.destinations[0], { ...OFFLINE.destinations[1], state: 'live' }]
    })
    await waitFor(() => expect(screen.getByTestId('monitor-state').dataset.state).toBe('live'))
    expect(chip('sigma').dataset.state).toBe('offline')
    expect(chip('custom').dataset.state).toBe('live')
    expect(screen.queryByTestId('off-air')).toBeNull()
  })

  it('after the show: a pending handoff badge with the seconds that reached no one, pointing to Recordings', async () => {
    const { stores } = setup({ ...OFFLINE, state: 'ended', endedAt: since + 30_000, unstreamed: [{ start: since, end: since + 15_400 }] })
    const note = await screen.findByTestId('pending-handoff')
    expect(note.textContent).toContain('Pending handoff')
    expect(note.textContent).toContain('15 s of this show reached no destination')
    act(() => void changeLanguage('ko'))
    expect(screen.getByTestId('pending-handoff').textContent).toContain('전달 대기')
    await userEvent.setup().click(screen.getByTestId('pending-handoff-open'))
    expect(stores.shell.getState().place).toBe('recordings')
  })

  it('no badge after a show that reached its destinations all along', async () => {
    setup({ ...OFFLINE, state: 'ended', unstreamed: undefined, liveSince: since })
    await waitFor(() => expect(screen.getByTestId('monitor-state').dataset.state).toBe('ended'))
    expect(screen.queryByTestId('pending-handoff')).toBeNull()
  })
})
