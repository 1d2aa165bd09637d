import { describe, expect, it } from 'vitest'
import { savedStartRequest, trayModel, type TrayFacts } from '../../../../src/main/core/desktop/tray-model'
import type { LiveState } from '../../../../src/shared/live'
import { DEFAULT_SETTINGS, type Settings } from '../../../../src/shared/settings'

const facts = (state: LiveState, extra: Partial<TrayFacts> = {}): TrayFacts => ({ state, offAirRecording: false, canGoLive: true, ...extra })
const enabled = (f: TrayFacts) =>
  trayModel(f, 'en')
    .items.filter((i) => i.enabled)
    .map((i) => i.id)

describe('the tray: picture, tooltip and menu follow the show', () => {
  it.each([
    ['idle', facts('idle'), 'idle', 'Onair: ready', ['goLive', 'open', 'quit']],
    ['idle, nothing saved to go live with', facts('idle', { canGoLive: false }), 'idle', 'Onair: ready', ['open', 'quit']],
    ['preparing', facts('preparing'), 'reconnecting', 'Onair: going live…', ['stop', 'open', 'quit']],
    ['live', facts('live'), 'live', 'Onair: live', ['stop', 'open', 'quit']],
    ['reconnecting', facts('reconnecting'), 'reconnecting', 'Onair: reconnecting', ['stop', 'open', 'quit']],
    ['off air, recording', facts('reconnecting', { offAirRecording: true }), 'reconnecting', 'Onair: off air, still recording', ['stop', 'open', 'quit']],
    ['offline mode', facts('offline'), 'reconnecting', 'Onair: off air, still recording', ['stop', 'open', 'quit']],
    ['ending', facts('ending'), 'live', 'Onair: live', ['open', 'quit']],
    ['ended', facts('ended'), 'idle', 'Onair: ready', ['goLive', 'open', 'quit']],
    ['failed', facts('failed'), 'failed', 'Onair: the show failed', ['goLive', 'open', 'quit']]
  ] as const)('%s', (_name, f, icon, tooltip, items) => {
    const model = trayModel(f, 'en')
    expect(model.icon).toBe(icon)
    expect(model.tooltip).toBe(tooltip)
    expect(enabled(f)).toEqual(items)
    expect(model.items.map((i) => i.id)).toEqual(['goLive', 'stop', 'open', 'quit'])
  })

  it('speaks the chosen language', () => {
    expect(trayModel(facts('live'), 'ko').items.map((i) => i.label)).toEqual(['방송 시작', '중지', 'Onair 열기', '종료'])
    expect(trayModel(facts('live'), 'vi').tooltip).toBe('Onair: đang phát')
  })
})

describe('savedStartRequest: the tray and hotkey Go Live use the last show as settings hold it', () => {
  const settings = (patch: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...patch })
  it.each([
    ['no destinations', settings({ sources: { video: 'screen:0', audio: 'mic' } }), null],
    ['no sources chosen yet (never the test tone)', settings({ destinations: [{ provider: 'custom', profile: 'default' }] }), null],
    [
      'destinations and sources',
      settings({
        destinations: [
          { provider: 'custom', profile: 'default', channelId: 'ignored' },
          { provider: 'naver', profile: 'work', channelId: 'ch-1', channelName: 'My show', hasBackup: true, backup: true },
          { provider: 'kollus', profile: 'default', channelId: 'k-1', backup: true }
        ],
        sources: { video: 'screen:0', audio: 'system' },
        recording: { enabled: false, folder: null }
      }),
      {
        destinations: [
          { provider: 'custom', profile: 'default' },
          { provider: 'naver', profile: 'work', channelId: 'ch-1', backup: true },
          { provider: 'kollus', profile: 'default', channelId: 'k-1' }
        ],
        video: 'screen:0',
        audio: 'system',
        record: false
      }
    ]
  ] as const)('%s', (_name, s, expected) => {
    expect(savedStartRequest(s)).toEqual(expected)
  })
})
