import type { Settings } from '../../../shared/settings'

export type HotkeyAction = keyof Settings['hotkeys']

/** The OS's global shortcuts, as Electron's globalShortcut offers them (injected: core never imports electron). */
export interface HotkeyRegistrar {
  /** False (or a throw, for a key combination the OS cannot parse) when the OS will not give us the keys. */
  register(accelerator: string, callback: () => void): boolean
  unregister(accelerator: string): void
}

export interface HotkeyRefusal {
  action: HotkeyAction
  accelerator: string
  /** `taken`: the OS said no (another program has it); `duplicate`: both actions name the same keys; `invalid`: not parsable. */
  reason: 'taken' | 'duplicate' | 'invalid'
}

/**
 * Keeps the global hotkeys for Go Live and Stop as the settings say (DESIGN §10): registers them, registers them again
 * when the settings change, and reports the ones the OS refuses instead of failing silently.
 */
export class HotkeyBinder {
  private bound: Array<{ action: HotkeyAction; accelerator: string }> = []
  private applied: string | null = null

  constructor(
    private readonly registrar: HotkeyRegistrar,
    private readonly actions: Record<HotkeyAction, () => void>,
    private readonly onRefused: (refusal: HotkeyRefusal) => void
  ) {}

  /** Binds the keys of `hotkeys` (an empty string binds nothing). Unchanged keys are left alone: no repeated refusals. */
  apply(hotkeys: Settings['hotkeys']): void {
    const wantedKey = JSON.stringify([hotkeys.goLive, hotkeys.stop])
    if (wantedKey === this.applied) return
    this.applied = wantedKey
    this.clear()
    const seen = new Set<string>()
    for (const action of ['goLive', 'stop'] as const) {
      const accelerator = hotkeys[action]
      if (!accelerator) continue
      // Electron matches accelerators case-insensitively; the second of two equal combinations could never fire.
      const norm = accelerator.toLowerCase()
      if (seen.has(norm)) {
        this.onRefused({ action, accelerator, reason: 'duplicate' })
        continue
      }
      seen.add(norm)
      let ok: boolean
      try {
        ok = this.registrar.register(accelerator, this.actions[action])
      } catch {
        this.onRefused({ action, accelerator, reason: 'invalid' })
        continue
      }
      if (ok) this.bound.push({ action, accelerator })
      else this.onRefused({ action, accelerator, reason: 'taken' })
    }
  }

  /** The keys held now. */
  registered(): Array<{ action: HotkeyAction; accelerator: string }> {
    return [...this.bound]
  }

  /** Lets every key go (quit, or before binding new ones). */
  clear(): void {
    for (const { accelerator } of this.bound) this.registrar.unregister(accelerator)
    this.bound = []
  }

  dispose(): void {
    this.clear()
    this.applied = null
  }
}
