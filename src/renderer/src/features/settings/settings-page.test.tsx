import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { SettingsPatch, SettingsRecovery } from '../../../../shared/settings'
import { applyOutputChange } from '../../../../shared/output-presets'
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/settings'
import { changeLanguage } from '../../i18n/i18n'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { absolutePathProblem, hotkeyProblem, minutesProblem } from './settings-model'
import { SettingsPage } from './settings-page'

/** main as the Settings place sees it: it keeps the settings, merges each patch section by section, as core does. */
function main(recovered?: SettingsRecovery) {
  const api = scriptedApi()
  let settings: Settings = structuredClone(DEFAULT_SETTINGS)
  api.handle('settings:get', () => ({ ok: true, value: { settings, ...(recovered ? { recovered } : {}) } }))
  api.handle('settings:set', (patch: SettingsPatch) => {
    const next = structuredClone(settings) as Record<string, unknown>
    for (const [k, v] of Object.entries(patch)) {
      if (k === 'output') next.output = applyOutputChange(settings.output, v as Partial<Settings['output']>)
      else next[k] = typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...(next[k] as object), ...v } : v
    }
    settings = next as Settings
    return { ok: true, value: { settings } }
  })
  return { api, settings: () => settings }
}

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement
const type = (id: string, value: string) => fireEvent.change(input(id), { target: { value } })

afterEach(() => {
  act(() => changeLanguage('en'))
})

describe('the Settings place', () => {
  it('shows the saved settings and saves each switch as it is flipped', async () => {
    const m = main()
    renderWithApi(<SettingsPage />, m.api)
    await waitFor(() => expect(input('settings-recording').checked).toBe(true))
    expect(input('settings-offline').checked).toBe(true)
    expect(input('settings-auto-handoff').checked).toBe(false)
    expect(input('settings-notifications').checked).toBe(true)
    expect(input('settings-reconnect-window').value).toBe('30')
    expect((screen.getByTestId('output-preset') as HTMLSelectElement).value).toBe('720p30')

    fireEvent.click(input('settings-recording'))
    fireEvent.click(input('settings-auto-handoff'))
    fireEvent.click(input('settings-offline'))
    fireEvent.change(screen.getByTestId('output-encoder'), { target: { value: 'libx264' } })
    await waitFor(() => expect(input('settings-offline').checked).toBe(false))
    expect(m.api.requestsOf('settings:set')).toEqual([
      { recording: { enabled: false } },
      { handoff: { auto: true } },
      { offline: { enabled: false } },
      { output: { encoder: 'libx264' } }
    ])
    expect(m.settings()).toMatchObject({ recording: { enabled: false }, handoff: { auto: true }, offline: { enabled: false }, output: { encoder: 'libx264' } })
    expect(screen.getByTestId('output-summary').textContent).toContain('x264 (software)')
  })

  it('offers Automatic and the encoders that pass the test encode here; a saved one that does not is marked', async () => {
    const m = main()
    m.api.reply('encoders:list', { encoders: ['h264_vaapi', 'libx264'] })
    await m.api.invoke('settings:set', { output: { encoder: 'h264_nvenc' } })
    renderWithApi(<SettingsPage />, m.api)
    await waitFor(() => expect([...(screen.getByTestId('output-encoder') as HTMLSelectElement).options].map((o) => o.textContent)).toHaveLength(4))
    expect([...(screen.getByTestId('output-encoder') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'Automatic',
      'VA-API',
      'x264 (software)',
      'NVIDIA NVENC (does not work on this computer)'
    ])
    expect(m.api.requestsOf('encoders:list')).toHaveLength(1)
  })

  it('checks a typed path or number before sending it, saves it with Save or Enter, and says so', async () => {
    const m = main()
    renderWithApi(<SettingsPage />, m.api)
    await screen.findByTestId('settings-recording-folder')
    type('settings-recording-folder', 'Videos/onair')
    fireEvent.click(screen.getByTestId('settings-recording-folder-save'))
    expect(screen.getByTestId('settings-recording-folder-problem').textContent).toContain('Enter a full path')
    expect(input('settings-recording-folder').getAttribute('aria-invalid')).toBe('true')
    type('settings-recording-folder', '/home/me/Videos/onair')
    fireEvent.click(screen.getByTestId('settings-recording-folder-save'))
    await screen.findByTestId('settings-recording-folder-saved')
    expect(screen.queryByTestId('settings-recording-folder-problem')).toBeNull()

    type('settings-reconnect-window', '0')
    fireEvent.keyDown(input('settings-reconnect-window'), { key: 'Enter' })
    expect(screen.getByTestId('settings-reconnect-window-problem').textContent).toContain('Enter a whole number from 1 to 240.')
    type('settings-reconnect-window', '45')
    fireEvent.keyDown(input('settings-reconnect-window'), { key: 'Enter' })
    await screen.findByTestId('settings-reconnect-window-saved')

    // Emptied: back to the automatic choice.
    type('settings-ffmpeg-path', '/opt/ffmpeg/bin/ffmpeg')
    fireEvent.click(screen.getByTestId('settings-ffmpeg-path-save'))
    await screen.findByTestId('settings-ffmpeg-path-saved')
    type('settings-ffmpeg-path', '')
    fireEvent.click(screen.getByTestId('settings-ffmpeg-path-save'))
    await waitFor(() => expect(m.settings().ffmpegPath).toBeNull())
    expect(m.api.requestsOf('settings:set')).toEqual([
      { recording: { folder: '/home/me/Videos/onair' } },
      { network: { reconnectWindowMinutes: 45 } },
      { ffmpegPath: '/opt/ffmpeg/bin/ffmpeg' },
      { ffmpegPath: null }
    ])
  })

  it('sets the global hotkeys: a combination checked as typed, empty for none', async () => {
    const m = main()
    renderWithApi(<SettingsPage />, m.api)
    await screen.findByTestId('settings-hotkey-go-live')
    expect(input('settings-hotkey-go-live').value).toBe('CommandOrControl+Shift+F9')
    type('settings-hotkey-go-live', 'Ctrl+Shift+')
    fireEvent.keyDown(input('settings-hotkey-go-live'), { key: 'Enter' })
    expect(screen.getByTestId('settings-hotkey-go-live-problem').textContent).toContain('Write the keys joined by +')
    type('settings-hotkey-go-live', 'CommandOrControl+Alt+L')
    fireEvent.keyDown(input('settings-hotkey-go-live'), { key: 'Enter' })
    await screen.findByTestId('settings-hotkey-go-live-saved')
    type('settings-hotkey-stop', '')
    fireEvent.click(screen.getByTestId('settings-hotkey-stop-save'))
    await waitFor(() => expect(m.settings().hotkeys).toEqual({ goLive: 'CommandOrControl+Alt+L', stop: '' }))
  })

  it('keeps what was typed and says why when main refuses it', async () => {
    const m = main()
    m.api.fail('settings:set', { code: 'invalid_request', message: 'ffmpegPath: must be a file path.', field: 'ffmpegPath' })
    renderWithApi(<SettingsPage />, m.api)
    await screen.findByTestId('settings-ffmpeg-path')
    type('settings-ffmpeg-path', '/opt/ffmpeg')
    fireEvent.click(screen.getByTestId('settings-ffmpeg-path-save'))
    expect((await screen.findByTestId('settings-ffmpeg-path-refused')).textContent).toContain('ffmpegPath: must be a file path.')
    expect(input('settings-ffmpeg-path').value).toBe('/opt/ffmpeg')
    await act(async () => changeLanguage('ko'))
    expect(screen.getByTestId('settings-ffmpeg-path-refused').textContent).toContain('ffmpeg 프로그램 자체를 선택하세요')
    expect(screen.queryByTestId('settings-ffmpeg-path-saved')).toBeNull()
  })

  it('says a save main could not write beside the setting it was about, or above when it was a switch', async () => {
    const m = main()
    m.api.fail('settings:set', { code: 'settings_unsaved', message: 'The settings could not be saved (EROFS).', retryable: true, data: { reason: 'EROFS' } })
    renderWithApi(<SettingsPage />, m.api)
    await screen.findByTestId('settings-recording-folder')
    type('settings-recording-folder', '/media/usb/shows')
    fireEvent.click(screen.getByTestId('settings-recording-folder-save'))
    expect((await screen.findByTestId('settings-recording-folder-refused')).textContent).toContain('could not be saved')
    expect(screen.queryByTestId('settings-error')).toBeNull()
    fireEvent.click(input('settings-notifications'))
    expect((await screen.findByTestId('settings-error')).textContent).toContain('could not be saved')
    expect(input('settings-notifications').checked).toBe(true)
  })

  it('switches the UI to the chosen language and keeps the choice in the settings', async () => {
    const m = main()
    renderWithApi(<SettingsPage />, m.api)
    await screen.findByTestId('settings-language')
    fireEvent.change(screen.getByTestId('settings-language'), { target: { value: 'ko' } })
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('설정'))
    expect(m.settings().language).toBe('ko')
    expect(screen.getByText('모든 방송을 이 컴퓨터에 녹화')).toBeTruthy()
  })

  it('says once that a damaged settings file was set aside, with where it is (in Vietnamese too)', async () => {
    const m = main({ reason: 'corrupt', keptAs: '/home/me/.config/onair/settings.json.corrupt-20261130T031200Z', at: 1 })
    renderWithApi(<SettingsPage />, m.api)
    const banner = await screen.findByTestId('settings-recovered')
    expect(banner.textContent).toBe(
      'The settings file could not be read, so the defaults are in use. The old file was kept as /home/me/.config/onair/settings.json.corrupt-20261130T031200Z.'
    )
    await act(async () => changeLanguage('vi'))
    expect(screen.getByTestId('settings-recovered').textContent).toContain('Không đọc được tệp cài đặt')
  })
})

describe('settings typed by hand', () => {
  it.each([
    ['CommandOrControl+Shift+F9', true],
    ['Alt+F12', true],
    ['F5', true],
    ['', true],
    ['Ctrl+Shift+', false],
    ['Ctrl Shift L', false],
    ['Ctrl+\u001b', false]
  ])('hotkey %j is %s', (text, ok) => {
    expect(hotkeyProblem(text) === null).toBe(ok)
  })

  it.each([
    ['/home/me/Videos', null],
    ['C:\\Users\\me\\Videos', null],
    ['D:/shows', null],
    ['\\\\nas\\shows', null],
    ['Videos', 'settings.pathProblem'],
    ['./Videos', 'settings.pathProblem'],
    ['~/Videos', 'settings.pathProblem']
  ])('path %s → %s', (text, problem) => {
    expect(absolutePathProblem(text)).toBe(problem)
  })

  it.each([
    ['30', true],
    ['1', true],
    ['240', true],
    ['0', false],
    ['241', false],
    ['1.5', false],
    ['', false],
    ['ten', false]
  ])('reconnect window %j minutes is %s', (text, ok) => {
    expect(minutesProblem(text) === null).toBe(ok)
  })
})
