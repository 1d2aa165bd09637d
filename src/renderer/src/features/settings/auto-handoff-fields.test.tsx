import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../../../shared/settings'
import { changeLanguage } from '../../i18n/i18n'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { isUploadFolder } from './auto-handoff-fields'
import { SettingsPage } from './settings-page'

/** main keeping the settings and merging each patch section by section, with one saved storage account or none. */
function main(accounts: number) {
  const api = scriptedApi()
  let settings: Settings = structuredClone(DEFAULT_SETTINGS)
  api.handle('settings:get', () => ({ ok: true, value: { settings } }))
  api.handle('settings:set', (patch: SettingsPatch) => {
    settings = { ...settings, handoff: { ...settings.handoff, ...patch.handoff } }
    return { ok: true, value: { settings } }
  })
  api.reply('storage:list', accounts ? [{ kind: 's3', profile: 'default', label: 'Studio bucket', display: { endpoint: 'http://127.0.0.1:9000' } }] : [])
  api.reply('handoff:list', [])
  return { api, settings: () => settings }
}

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement

afterEach(() => {
  act(() => changeLanguage('en'))
})

describe('the automatic handoff rule in Settings', () => {
  it('off: no choices; on: stream to the missed destinations (the default) or upload to a chosen account and folder', async () => {
    const m = main(1)
    renderWithApi(<SettingsPage />, m.api)
    await waitFor(() => expect(input('settings-auto-handoff').checked).toBe(false))
    expect(screen.queryByTestId('settings-auto-handoff-fields')).toBeNull()
    fireEvent.click(input('settings-auto-handoff'))
    await waitFor(() => expect(input('settings-auto-handoff-stream').checked).toBe(true))
    expect(screen.getByTestId('settings-auto-handoff-fields').textContent).toContain('Stream it to the destinations it missed')
    expect(screen.queryByTestId('settings-auto-handoff-upload-to')).toBeNull()

    fireEvent.click(input('settings-auto-handoff-upload'))
    await waitFor(() => expect(input('settings-auto-handoff-upload-to')).toBeTruthy())
    expect(screen.getByTestId('settings-auto-handoff-account').textContent).toBe('Studio bucket · http://127.0.0.1:9000')
    // Nothing chosen yet: the hint says nothing is uploaded until it is.
    expect(screen.getByTestId('settings-auto-handoff-fields').textContent).toContain('until then nothing is uploaded')
    fireEvent.change(input('settings-auto-handoff-upload-to'), { target: { value: 'https://bucket' } })
    fireEvent.click(screen.getByTestId('settings-auto-handoff-upload-to-save'))
    expect(screen.getByTestId('settings-auto-handoff-upload-to-problem').textContent).toContain('s3://bucket/folder/')
    fireEvent.change(input('settings-auto-handoff-upload-to'), { target: { value: 's3://shows/offline/' } })
    fireEvent.keyDown(input('settings-auto-handoff-upload-to'), { key: 'Enter' })
    await waitFor(() => expect(m.settings().handoff).toEqual({ auto: true, action: 'upload', storageProfile: 'default', uploadTo: 's3://shows/offline/' }))
    expect(m.api.requestsOf('settings:set')).toEqual([
      { handoff: { auto: true } },
      { handoff: { action: 'upload' } },
      { handoff: { uploadTo: 's3://shows/offline/' } }
    ])
  })

  it('upload with no storage account says where to add one, in Korean', async () => {
    const m = main(0)
    await m.api.invoke('settings:set', { handoff: { auto: true, action: 'upload' } })
    act(() => changeLanguage('ko'))
    renderWithApi(<SettingsPage />, m.api)
    await waitFor(() => expect(screen.getByTestId('settings-auto-handoff-no-account').textContent).toContain('스토리지 계정이 없습니다'))
    expect(screen.queryByTestId('settings-auto-handoff-account')).toBeNull()
  })

  it.each([
    ['s3://shows', true],
    ['s3://shows/', true],
    ['s3://shows/offline/', true],
    ['s3://Shows/', false],
    ['https://shows/', false],
    ['s3://', false]
  ])('isUploadFolder(%s) = %s', (text, ok) => expect(isUploadFolder(text)).toBe(ok))
})
