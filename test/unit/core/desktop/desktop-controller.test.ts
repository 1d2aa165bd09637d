import { describe, expect, it } from 'vitest'
import { DesktopController } from '../../../../src/main/core/desktop/desktop-controller'
import type { TrayModel } from '../../../../src/main/core/desktop/tray-model'
import type { EventListener } from '../../../../src/main/core/events/event-bus'
import type { CommandName, EventName, EventPayloads } from '../../../../src/shared/contract'
import type { LiveSnapshot, LiveState, LogEvent } from '../../../../src/shared/live'
import { DEFAULT_SETTINGS, type Settings } from '../../../../src/shared/settings'

const READY: Settings = {
  ...DEFAULT_SETTINGS,
  destinations: [{ provider: 'custom', profile: 'default' }],
  sources: { video: 'screen:0', audio: 'mic' },
  hotkeys: { goLive: 'Alt+F9', stop: 'Alt+F10' }
}

/** Core as the shell sees it: commands answered from a script, events pushed by the test. */
function setup(settings: Settings = DEFAULT_SETTINGS, { taken = [] as string[], languages = ['en-US'] } = {}) {
  const listeners = new Set<EventListener>()
  const calls: Array<{ command: CommandName; request: unknown }> = []
  const answers: Partial<Record<CommandName, unknown>> = {
    'settings:get': { settings },
    'live:snapshot': { sessionId: null, state: 'idle', sources: null, destinations: [], log: [] },
    'record:snapshot': { sessionId: null, state: 'idle', sources: null }
  }
  const core = {
    dispatch: (command: CommandName, request: unknown) => {
      calls.push({ command, request })
      const value = answers[command]
      return Promise.resolve(value === undefined ? { ok: false, error: { code: 'unsupported', message: 'Not here.', retryable: false } } : { ok: true, value })
    },
    onDidEmit: (l: EventListener) => {
      listeners.add(l)
      return () => listeners.delete(l)
    }
  }
  const trays: TrayModel[] = []
  const notices: Array<{ title: string; body: string }> = []
  const warnings: string[] = []
  const logs: LogEvent[] = []
  const held = new Map<string, () => void>()
  const clock = { now: 1_000_000, timer: null as null | { at: number; run: () => void } }
  const controller = new DesktopController({
    core: core as never,
    now: () => clock.now,
    timers: {
      set: (run, ms) => (clock.timer = { at: clock.now + ms, run }),
      clear: (handle) => {
        if (clock.timer === handle) clock.timer = null
      }
    },
    log: (e) => logs.push(e),
    ports: {
      showTray: (m) => trays.push(m),
      notify: (n) => notices.push(n),
      hotkeys: {
        register: (a, cb) => !taken.includes(a) && !held.has(a) && Boolean(held.set(a, cb)),
        unregister: (a) => void held.delete(a)
      },
      osLanguages: () => languages,
      warn: (line) => warnings.push(line)
    }
  })
  const emit = <E extends EventName>(name: E, payload: EventPayloads[E]) => listeners.forEach((l) => l(name, payload))
  const live = (state: LiveState, destState: LiveState = state): LiveSnapshot => ({
    sessionId: 's1',
    state,
    sources: { video: 'screen:0', audio: 'mic' },
    destinations: [{ id: 'd1', provider: 'custom', profile: 'default', label: 'Custom RTMP (127.0.0.1)', state: destState }],
    log: []
  })
  return { controller, calls, trays, notices, warnings, logs, held, emit, live, answers, clock }
}

const enabledItems = (m: TrayModel | undefined) => m?.items.filter((i) => i.enabled).map((i) => i.id)

describe('DesktopController: the tray, notifications, hotkeys, close and quit, from core events', () => {
  it('with nothing saved, Go Live is disabled; saved destinations and sources enable it, and a hotkey press goes live with them', async () => {
    const s = setup()
    await s.controller.start()
    expect(enabledItems(s.trays.at(-1))).toEqual(['open', 'quit'])
    s.emit('settings:changed', { settings: READY })
    expect(enabledItems(s.trays.at(-1))).toEqual(['goLive', 'open', 'quit'])
    expect([...s.held.keys()]).toEqual(['Alt+F9', 'Alt+F10'])
    s.answers['live:start'] = s.live('preparing')
    s.held.get('Alt+F9')?.()
    await Promise.resolve()
    expect(s.calls.find((c) => c.command === 'live:start')?.request).toEqual({
      destinations: [{ provider: 'custom', profile: 'default' }],
      video: 'screen:0',
      audio: 'mic',
      record: true
    })
  })

  it('follows the show: icon and menu; a lost destination is a notification in the chosen language', async () => {
    const s = setup({ ...READY, language: 'ko' })
    await s.controller.start()
    s.emit('live:state', s.live('live'))
    expect(s.trays.at(-1)).toMatchObject({ icon: 'live', tooltip: 'Onair: 방송 중' })
    expect(enabledItems(s.trays.at(-1))).toEqual(['stop', 'open', 'quit'])
    s.emit('live:state', s.live('reconnecting'))
    expect(s.trays.at(-1)?.icon).toBe('reconnecting')
    expect(s.notices).toEqual([{ title: '연결이 끊겼습니다', body: 'Custom RTMP (127.0.0.1): 다시 연결하는 중입니다. Onair가 알아서 계속 시도합니다.' }])
  })

  it('a flapping link: three notices in the minute, then the held-back "back live" when the timer it set fires', async () => {
    const s = setup(READY)
    await s.controller.start()
    s.emit('live:state', s.live('live'))
    for (const state of ['reconnecting', 'live', 'reconnecting', 'live'] as const) {
      s.clock.now += 1000
      s.emit('live:state', s.live(state))
    }
    expect(s.notices.map((n) => n.title)).toEqual(['Connection lost', 'Back live', 'Connection lost'])
    expect(s.clock.timer?.at).toBe(1_000_000 + 61_000)
    const timer = s.clock.timer
    s.clock.timer = null
    s.clock.now = timer?.at ?? 0
    timer?.run()
    expect(s.notices.map((n) => n.title)).toEqual(['Connection lost', 'Back live', 'Connection lost', 'Back live'])
    expect(s.clock.timer).toBeNull()
  })

  it('notifications off in Settings: none, and none replayed when turned on again', async () => {
    const s = setup({ ...READY, notifications: { enabled: false } })
    await s.controller.start()
    s.emit('live:state', s.live('live'))
    s.emit('live:state', s.live('reconnecting'))
    s.emit('settings:changed', { settings: READY })
    s.emit('live:state', s.live('reconnecting'))
    expect(s.notices).toEqual([])
    s.emit('live:state', s.live('live'))
    expect(s.notices.map((n) => n.title)).toEqual(['Back live'])
  })

  it('a hotkey the OS refuses is said in the log, on stderr and as a notification (OS language under auto)', async () => {
    const s = setup(READY, { taken: ['Alt+F10'], languages: ['vi-VN'] })
    await s.controller.start()
    expect(s.logs).toEqual([
      expect.objectContaining({ level: 'warn', code: 'desktop.hotkeyRefused', data: { accelerator: 'Alt+F10', action: 'stop', reason: 'taken' } })
    ])
    expect(s.warnings.join('\n')).toContain('Alt+F10')
    expect(s.notices).toEqual([{ title: 'Không dùng được phím tắt', body: expect.stringContaining('Alt+F10 (Dừng)') as string }])
    expect([...s.held.keys()]).toEqual(['Alt+F9'])
  })

  it('while live, closing hides (one notice per show) and quitting asks; idle, both just go ahead', async () => {
    const s = setup(READY)
    await s.controller.start()
    expect(s.controller.closeAction()).toBe('close')
    expect(s.controller.quitQuestion()).toBeNull()
    s.emit('live:state', s.live('live'))
    expect(s.controller.closeAction()).toBe('hide')
    expect(s.controller.closeAction()).toBe('hide')
    expect(s.notices.map((n) => n.title)).toEqual(['Onair is still live'])
    expect(s.controller.quitQuestion()).toEqual({
      title: 'Stop the show?',
      message: 'You are live. Quitting stops the show on every destination.',
      buttons: ['Stop and quit', 'Keep streaming']
    })
    s.emit('live:state', s.live('ended'))
    expect(s.controller.quitQuestion()).toBeNull()
    // A record-only show counts too.
    s.emit('record:state', { sessionId: 'r1', state: 'recording', sources: null })
    expect(s.controller.closeAction()).toBe('hide')
  })

  it('a Go Live refused before any session existed is logged and notified', async () => {
    const s = setup(READY)
    await s.controller.start()
    await s.controller.goLive()
    expect(s.logs.map((l) => l.code)).toEqual(['desktop.goLiveRefused'])
    expect(s.notices.map((n) => n.title)).toEqual(['The show failed'])
  })

  it('dispose lets the hotkeys go and stops following core', async () => {
    const s = setup(READY)
    await s.controller.start()
    s.controller.dispose()
    expect(s.held.size).toBe(0)
    const before = s.trays.length
    s.emit('live:state', s.live('live'))
    expect(s.trays.length).toBe(before)
  })
})
