import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { LiveSnapshot } from '../../../../shared/live'
import { applyOutputChange } from '../../../../shared/output-presets'
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/settings'
import { changeLanguage } from '../../i18n/i18n'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { OutputCard } from './output-card'

/** main as far as the output goes: it keeps the settings and applies a preset's figures as core does. */
function mainWithOutput(initial: Partial<Settings['output']> = {}) {
  const api = scriptedApi()
  let settings: Settings = { ...structuredClone(DEFAULT_SETTINGS), output: { ...DEFAULT_SETTINGS.output, ...initial } }
  api.handle('settings:get', () => ({ ok: true, value: { settings } }))
  api.handle('settings:set', (patch) => {
    settings = { ...settings, output: applyOutputChange(settings.output, patch.output ?? {}) }
    return { ok: true, value: { settings } }
  })
  return api
}

const preset = () => screen.getByTestId('output-preset') as HTMLSelectElement
const summary = () => screen.getByTestId('output-summary').textContent

afterEach(() => {
  act(() => changeLanguage('en'))
})

describe('the Studio’s output picker', () => {
  it('shows the saved preset and saves another one at once', async () => {
    const api = mainWithOutput()
    renderWithApi(<OutputCard />, api)
    await waitFor(() => expect(preset().value).toBe('720p30'))
    expect(summary()).toBe('1280×720, 30 fps, 3500 kbps · encoder: Automatic')
    expect([...preset().options].map((o) => o.textContent)).toEqual([
      '1080p30 · 1920×1080 · 6 Mbps',
      '720p30 · 1280×720 · 3.5 Mbps',
      '720p60 · 1280×720 · 4.5 Mbps',
      '480p30 · 854×480 · 1.5 Mbps',
      'Custom'
    ])
    fireEvent.change(preset(), { target: { value: '1080p30' } })
    await waitFor(() => expect(summary()).toBe('1920×1080, 30 fps, 6000 kbps · encoder: Automatic'))
    expect(api.requestsOf('settings:set')).toEqual([{ output: { preset: '1080p30' } }])
    expect(screen.queryByTestId('output-width')).toBeNull()
  })

  it('Custom shows the figures; a wrong one is said beside it and not sent, a right one is saved when the field is left', async () => {
    const api = mainWithOutput()
    renderWithApi(<OutputCard />, api)
    await waitFor(() => expect(preset().value).toBe('720p30'))
    fireEvent.change(preset(), { target: { value: 'custom' } })
    const width = (await screen.findByTestId('output-width')) as HTMLInputElement
    expect(width.value).toBe('1280')
    fireEvent.change(width, { target: { value: '1281' } })
    fireEvent.blur(width)
    expect(screen.getByTestId('output-width-problem').textContent).toBe('!Enter an even number from 320 to 3840.')
    expect(width.getAttribute('aria-invalid')).toBe('true')
    fireEvent.change(width, { target: { value: '1920' } })
    fireEvent.keyDown(width, { key: 'Enter' })
    await waitFor(() => expect(summary()).toBe('1920×720, 30 fps, 3500 kbps · encoder: Automatic'))
    expect(api.requestsOf('settings:set')).toEqual([{ output: { preset: 'custom' } }, { output: { width: 1920 } }])
    expect(screen.queryByTestId('output-width-problem')).toBeNull()

    const kbps = screen.getByTestId('output-videoKbps') as HTMLInputElement
    fireEvent.change(kbps, { target: { value: '2.5' } })
    fireEvent.blur(kbps)
    expect(screen.getByTestId('output-videoKbps-problem').textContent).toBe('!Enter a whole number from 300 to 20000.')
    expect(api.requestsOf('settings:set')).toHaveLength(2)
  })

  it('says in Korean why main could not save, and keeps what main has', async () => {
    const api = mainWithOutput()
    // As core says it: the file could not be written, no field named.
    api.fail('settings:set', { code: 'settings_unsaved', message: 'could not write', retryable: true, data: { reason: 'EROFS' } })
    renderWithApi(<OutputCard />, api)
    await waitFor(() => expect(preset().value).toBe('720p30'))
    await act(async () => changeLanguage('ko'))
    fireEvent.change(preset(), { target: { value: '480p30' } })
    expect((await screen.findByTestId('output-error')).textContent).toContain('설정을 저장하지 못했습니다')
    expect(preset().value).toBe('720p30')
  })

  it('warns where the output is chosen when the encoder cannot keep up, in the UI’s language', async () => {
    const api = mainWithOutput({ preset: '1080p30', width: 1920, height: 1080, videoKbps: 6000 })
    renderWithApi(<OutputCard />, api)
    await waitFor(() => expect(preset().value).toBe('1080p30'))
    act(() => api.emit('live:health', { time: 1, level: 'excellent', reasons: [], causes: [] }))
    expect(screen.queryByTestId('output-overloaded')).toBeNull()
    act(() =>
      api.emit('live:health', { time: 2, level: 'unstable', reasons: ['encoder overloaded (speed 0.81×)'], causes: [{ code: 'overloaded', speed: '0.81' }] })
    )
    expect(screen.getByTestId('output-overloaded').textContent).toContain('The encoder cannot keep up (speed 0.81×)')
    await act(async () => changeLanguage('vi'))
    expect(screen.getByTestId('output-overloaded').textContent).toContain('Bộ mã hóa không theo kịp (tốc độ 0.81×)')
  })

  it('follows a change made in another window, and cannot be changed while a show is on air', async () => {
    const api = mainWithOutput({ preset: '480p30', width: 854, height: 480, videoKbps: 1500 })
    renderWithApi(<OutputCard />, api)
    await waitFor(() => expect(preset().value).toBe('480p30'))
    act(() =>
      api.emit('settings:changed', { settings: { ...DEFAULT_SETTINGS, output: { ...DEFAULT_SETTINGS.output, preset: '720p60', fps: 60, videoKbps: 4500 } } })
    )
    expect(preset().value).toBe('720p60')
    const live: LiveSnapshot = { sessionId: 's1', state: 'live', sources: { video: 'screen:0', audio: 'mic' }, destinations: [], log: [] }
    act(() => api.emit('live:state', live))
    await waitFor(() => expect(preset().disabled).toBe(true))
    expect(summary()).toContain('It can be changed when the show ends.')
  })
})
