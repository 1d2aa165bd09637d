import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { LiveSnapshot, LogEvent } from '../../../../shared/live'
import { changeLanguage } from '../../i18n/i18n'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { EventLog } from './event-log'

const now = Date.now()
const LIVE: LiveSnapshot = {
  sessionId: 's1',
  state: 'live',
  liveSince: now,
  startedAt: now,
  sources: { video: 'testsrc', audio: 'sine' },
  destinations: [{ id: 'd1', provider: 'sigma', profile: 'default', channelId: 'c1', label: 'Sigma Livestream · Kênh 1', state: 'live' }],
  log: [{ time: now, level: 'info', code: 'live.started', message: 'You are live' }]
}

const sigmaEvent = (level: LogEvent['level'], text: string): LogEvent => ({
  time: Date.now(),
  level,
  code: 'provider.event',
  message: `Sigma Livestream · Kênh 1: ${text}`,
  data: { destination: 'Sigma Livestream · Kênh 1', id: 'd1', providerCode: 'unstable', text, provider: 'sigma' },
  source: 'sigma'
})

describe('the event log', () => {
  it('shows a provider’s event in its own words with the provider’s tag, and filters by source and level', async () => {
    changeLanguage('vi')
    const api = scriptedApi()
    api.reply('live:snapshot', LIVE)
    renderWithApi(<EventLog />, api)
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1))
    act(() => {
      api.emit('log:event', sigmaEvent('warn', 'Luồng không ổn định'))
      api.emit('log:event', { time: Date.now(), level: 'error', code: 'error.ingest_unreachable', message: 'x', data: { id: 'd1' } })
    })
    const lines = () => screen.getAllByRole('listitem')
    expect(lines()).toHaveLength(3)
    const provider = lines()[1]
    expect(provider.dataset.source).toBe('sigma')
    expect(within(provider).getByTestId('log-source-tag').textContent).toBe('Sigma Livestream')
    expect(provider.textContent).toContain('Luồng không ổn định')

    const user = userEvent.setup()
    await user.selectOptions(screen.getByTestId('log-source'), 'sigma')
    expect(lines().map((l) => l.dataset.source)).toEqual(['sigma'])
    await user.selectOptions(screen.getByTestId('log-source'), 'local')
    expect(lines().map((l) => l.dataset.code)).toEqual(['live.started', 'error.ingest_unreachable'])
    await user.selectOptions(screen.getByTestId('log-level'), 'error')
    expect(lines().map((l) => l.dataset.code)).toEqual(['error.ingest_unreachable'])
    await user.selectOptions(screen.getByTestId('log-source'), 'sigma')
    expect(screen.getByTestId('log-none').textContent).toBe('Chưa có sự kiện nào khớp bộ lọc này.')
    changeLanguage('en')
  })
})
