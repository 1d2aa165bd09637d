import { describe, expect, it } from 'vitest'
import { HotkeyBinder, type HotkeyRefusal, type HotkeyRegistrar } from '../../../../src/main/core/desktop/hotkey-binder'

/** The OS's shortcuts: `taken` are another program's; a combination with `Bogus` cannot be parsed (Electron throws). */
function fakeOs(taken: string[] = []) {
  const held = new Map<string, () => void>()
  const calls: string[] = []
  const registrar: HotkeyRegistrar = {
    register(accelerator, callback) {
      calls.push(`+${accelerator}`)
      if (accelerator.includes('Bogus')) throw new TypeError('conversion failure')
      if (taken.includes(accelerator) || held.has(accelerator)) return false
      held.set(accelerator, callback)
      return true
    },
    unregister(accelerator) {
      calls.push(`-${accelerator}`)
      held.delete(accelerator)
    }
  }
  return { registrar, held, calls }
}

function setup(taken: string[] = []) {
  const os = fakeOs(taken)
  const pressed: string[] = []
  const refusals: HotkeyRefusal[] = []
  const binder = new HotkeyBinder(os.registrar, { goLive: () => pressed.push('goLive'), stop: () => pressed.push('stop') }, (r) => refusals.push(r))
  return { os, pressed, refusals, binder }
}

describe('HotkeyBinder: Go Live and Stop keys from the settings', () => {
  it('registers both; a key press runs its action', () => {
    const { os, pressed, binder, refusals } = setup()
    binder.apply({ goLive: 'CommandOrControl+Shift+F9', stop: 'CommandOrControl+Shift+F10' })
    expect([...os.held.keys()]).toEqual(['CommandOrControl+Shift+F9', 'CommandOrControl+Shift+F10'])
    os.held.get('CommandOrControl+Shift+F10')?.()
    expect(pressed).toEqual(['stop'])
    expect(refusals).toEqual([])
  })

  it('on a settings change, lets the old keys go and takes the new ones; unchanged settings touch nothing', () => {
    const { os, binder } = setup()
    binder.apply({ goLive: 'Alt+F1', stop: 'Alt+F2' })
    binder.apply({ goLive: 'Alt+F1', stop: 'Alt+F2' })
    binder.apply({ goLive: 'Alt+F3', stop: '' })
    expect(os.calls).toEqual(['+Alt+F1', '+Alt+F2', '-Alt+F1', '-Alt+F2', '+Alt+F3'])
    expect(binder.registered()).toEqual([{ action: 'goLive', accelerator: 'Alt+F3' }])
  })

  it.each([
    ['taken by another program', { goLive: 'Alt+F1', stop: 'Alt+F2' }, ['Alt+F2'], [{ action: 'stop', accelerator: 'Alt+F2', reason: 'taken' }], ['Alt+F1']],
    ['the same keys twice', { goLive: 'Alt+F1', stop: 'alt+f1' }, [], [{ action: 'stop', accelerator: 'alt+f1', reason: 'duplicate' }], ['Alt+F1']],
    ['not parsable by the OS', { goLive: 'Bogus+F1', stop: 'Alt+F2' }, [], [{ action: 'goLive', accelerator: 'Bogus+F1', reason: 'invalid' }], ['Alt+F2']],
    ['none set', { goLive: '', stop: '' }, [], [], []]
  ] as const)('%s: refused and reported, the other key still works', (_name, hotkeys, taken, refusals, held) => {
    const s = setup([...taken])
    s.binder.apply(hotkeys)
    expect(s.refusals).toEqual(refusals)
    expect([...s.os.held.keys()]).toEqual(held)
  })

  it('dispose lets every key go', () => {
    const { os, binder } = setup()
    binder.apply({ goLive: 'Alt+F1', stop: 'Alt+F2' })
    binder.dispose()
    expect(os.held.size).toBe(0)
  })
})
