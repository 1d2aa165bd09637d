import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/settings'
import { scriptedApi } from '../../testing/scripted-api'
import { loadSettingsShowMemory } from './show-memory'

const NAVER = { provider: 'naver' as const, profile: 'default', channelId: 'ls-1', channelName: '아침 라이브', hasBackup: true, backup: true }

/** main's settings as a scripted API keeps them: settings:set merges section by section, as core does. */
function mainWithSettings(initial: Partial<Settings> = {}) {
  const api = scriptedApi()
  let settings: Settings = { ...structuredClone(DEFAULT_SETTINGS), ...initial }
  api.handle('settings:get', () => ({ ok: true, value: { settings: structuredClone(settings) } }))
  api.handle('settings:set', (patch) => {
    const next = structuredClone(settings) as Record<string, unknown>
    for (const [k, v] of Object.entries(patch)) next[k] = Array.isArray(v) || typeof v !== 'object' ? v : { ...(next[k] as object), ...v }
    settings = next as Settings
    api.emit('settings:changed', { settings })
    return { ok: true, value: { settings } }
  })
  return { api, settings: () => settings }
}

describe('the remembered show, kept in main’s settings', () => {
  it('starts from the saved destinations and sources, and saves each change as a patch of its own section', async () => {
    const main = mainWithSettings({ destinations: [NAVER], sources: { video: 'screen:0', audio: 'mic:default' } })
    const memory = await loadSettingsShowMemory(main.api)
    expect(memory.load()).toEqual({ destinations: [NAVER], video: 'screen:0', audio: 'mic:default', record: true })

    memory.save({ video: 'camera:/dev/video0', record: false })
    memory.save({ destinations: [] })
    expect(main.api.requestsOf('settings:set')).toEqual([{ sources: { video: 'camera:/dev/video0' }, recording: { enabled: false } }, { destinations: [] }])
    expect(main.settings()).toMatchObject({ destinations: [], sources: { video: 'camera:/dev/video0', audio: 'mic:default' }, recording: { enabled: false } })

    // Another window (a reload, the desktop app beside a browser) starts where this one left off.
    expect((await loadSettingsShowMemory(main.api)).load()).toEqual({ destinations: [], video: 'camera:/dev/video0', audio: 'mic:default', record: false })
  })

  it('takes a change another window made as the next start', async () => {
    const main = mainWithSettings()
    const memory = await loadSettingsShowMemory(main.api)
    expect(memory.load()).toEqual({ destinations: [], record: true })
    await main.api.invoke('settings:set', { destinations: [NAVER] })
    expect(memory.load().destinations).toEqual([NAVER])
  })

  it('starts empty when main does not answer in time or refuses, and still saves', async () => {
    const silent = scriptedApi()
    silent.handle('settings:get', () => new Promise(() => {}))
    silent.reply('settings:set', { settings: DEFAULT_SETTINGS })
    const memory = await loadSettingsShowMemory(silent, 20)
    expect(memory.load()).toEqual({ destinations: [] })
    memory.save({ audio: 'system' })
    expect(silent.requestsOf('settings:set')).toEqual([{ sources: { audio: 'system' } }])

    const broken = scriptedApi()
    broken.fail('settings:get', { code: 'internal', message: 'no' })
    expect((await loadSettingsShowMemory(broken)).load()).toEqual({ destinations: [] })
  })

  it('drops saved destinations that are not ours to show (damaged or foreign entries)', async () => {
    const main = mainWithSettings({ destinations: [NAVER, { provider: 'sigma', profile: 'default' }, NAVER] as Settings['destinations'] })
    expect((await loadSettingsShowMemory(main.api)).load().destinations).toEqual([NAVER])
  })
})
