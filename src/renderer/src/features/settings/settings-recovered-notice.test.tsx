import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../../shared/settings'
import { App } from '../../app/app'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'

const KEPT = '/home/me/.config/onair/settings.json.newer-20261130T031200Z'

describe('a settings file set aside at start', () => {
  it('is said under the top bar wherever the streamer is, leads to Settings, and can be closed', async () => {
    const api = scriptedApi()
    api.reply('settings:get', { settings: DEFAULT_SETTINGS, recovered: { reason: 'newer', keptAs: KEPT, at: 1 } })
    renderWithApi(<App />, api)
    const notice = await screen.findByTestId('settings-recovered-notice')
    expect(notice.textContent).toContain(`These settings were saved by a newer Onair, so the defaults are in use. That file was kept as ${KEPT}.`)
    fireEvent.click(screen.getByTestId('settings-recovered-open'))
    // The Settings place says it itself: once on screen, not twice.
    await screen.findByTestId('settings-recovered')
    expect(screen.queryByTestId('settings-recovered-notice')).toBeNull()
    fireEvent.click(screen.getByTestId('nav-studio'))
    fireEvent.click(await screen.findByTestId('settings-recovered-close'))
    await waitFor(() => expect(screen.queryByTestId('settings-recovered-notice')).toBeNull())
  })

  it('is not there when the settings were read as they are', async () => {
    renderWithApi(<App />)
    await screen.findByTestId('go-live')
    await waitFor(() => expect(screen.queryByTestId('settings-recovered-notice')).toBeNull())
  })
})
