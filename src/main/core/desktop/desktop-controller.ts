import type { EventName, EventPayloads, RecordSnapshot } from '../../../shared/contract'
import { desktopLanguage, desktopText, type DesktopLanguage } from '../../../shared/desktop-texts'
import type { LiveSnapshot, LogEvent } from '../../../shared/live'
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings'
import { isActive } from '../live/live-transitions'
import type { OnairCore } from '../onair-core'
import {
  DEFAULT_NOTIFIER_OPTIONS,
  INITIAL_NOTIFIER_STATE,
  notifierStep,
  type DesktopNotice,
  type NotifierInput,
  type NotifierOptions
} from './desktop-notifier'
import { HotkeyBinder, type HotkeyRefusal, type HotkeyRegistrar } from './hotkey-binder'
import { savedStartRequest, trayModel, type TrayModel } from './tray-model'

/** What the desktop shell lends the controller: Electron's tray, notifications and shortcuts behind plain functions. */
export interface DesktopPorts {
  showTray(model: TrayModel): void
  notify(notice: { title: string; body: string }): void
  hotkeys: HotkeyRegistrar
  /** The OS's preferred languages (app.getPreferredSystemLanguages), for the 'auto' language setting. */
  osLanguages(): readonly string[]
  /** A line for the shell's own log (stderr): refusals are said there too. */
  warn(line: string): void
}

export interface DesktopControllerOptions {
  core: Pick<OnairCore, 'dispatch' | 'onDidEmit'>
  ports: DesktopPorts
  /** Puts a line in the app's event log (the Studio shows it): the bus's `log:event`. */
  log(event: LogEvent): void
  now?: () => number
  notifier?: NotifierOptions
  /** For the wake-up of a notice the rate limit held back; tests hand in their own. */
  timers?: { set(callback: () => void, ms: number): unknown; clear(handle: unknown): void }
}

const REAL_TIMERS = {
  set: (callback: () => void, ms: number): unknown => setTimeout(callback, ms).unref(),
  clear: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout)
}

/** The answer to "quit now?" while a show runs: the dialog's words, confirm first. */
export interface QuitQuestion {
  title: string
  message: string
  buttons: [confirm: string, cancel: string]
}

const IDLE: LiveSnapshot = { sessionId: null, state: 'idle', sources: null, destinations: [], log: [] }

/**
 * The desktop shell's everyday parts (DESIGN §10) without Electron: follows the show and the settings through core's
 * events, and tells the shell what the tray shows, which notifications to raise, which hotkeys to hold and whether a
 * close or a quit may go ahead. src/main/desktop.ts only turns these answers into Electron calls.
 */
export class DesktopController {
  private settings: Settings = DEFAULT_SETTINGS
  private live: LiveSnapshot = IDLE
  private recordState: RecordSnapshot['state'] = 'idle'
  private notifier = INITIAL_NOTIFIER_STATE
  private readonly hotkeys: HotkeyBinder
  private unsubscribe: (() => void) | null = null
  /** The session the "still live in the tray" notice was given for: once a show is enough. */
  private hiddenNoticeFor: string | null = null
  private readonly now: () => number
  private wake: unknown = null

  constructor(private readonly options: DesktopControllerOptions) {
    this.now = options.now ?? Date.now
    this.hotkeys = new HotkeyBinder(options.ports.hotkeys, { goLive: () => void this.goLive(), stop: () => void this.stop() }, (r) => this.refused(r))
  }

  /** Follows core from now on; reads the settings and the show as they are. */
  async start(): Promise<void> {
    // Subscribe first: a change between the reads below and the subscription would otherwise be missed.
    this.unsubscribe = this.options.core.onDidEmit((name, payload) => this.onEvent(name, payload))
    const [settings, live, record] = await Promise.all([
      this.options.core.dispatch('settings:get', {}),
      this.options.core.dispatch('live:snapshot', {}),
      this.options.core.dispatch('record:snapshot', {})
    ])
    if (settings.ok) this.settings = settings.value.settings
    if (live.ok && this.live === IDLE) this.live = live.value
    if (record.ok) this.recordState = record.value.state
    this.notifier = notifierStep(this.notifier, { event: 'live:state', snapshot: this.live }, this.now(), this.notifierOptions()).state
    this.hotkeys.apply(this.settings.hotkeys)
    this.render()
  }

  dispose(): void {
    this.unsubscribe?.()
    this.unsubscribe = null
    this.hotkeys.dispose()
    this.setWake(null)
  }

  language(): DesktopLanguage {
    return desktopLanguage(this.settings.language, this.options.ports.osLanguages())
  }

  /** The tray's and the hotkey's Go Live: the last show's destinations and sources, as settings hold them. */
  async goLive(): Promise<void> {
    const request = savedStartRequest(this.settings)
    if (!request || this.onAir()) return
    const result = await this.options.core.dispatch('live:start', request)
    // A refusal before any session existed (an account gone, say) has no live:state to carry it: say it here.
    if (!result.ok && this.live.state !== 'failed') {
      this.log('error', 'desktop.goLiveRefused', `Go Live from the tray or a hotkey was refused: ${result.error.message}`, { code: result.error.code })
      this.notify({ kind: 'failed', key: 'go-live' })
    }
  }

  async stop(): Promise<void> {
    if (!isActive(this.live.state)) return
    await this.options.core.dispatch('live:stop', {})
  }

  /** A show (or a record-only show) is running: closing hides to the tray, quitting asks first. */
  onAir(): boolean {
    return isActive(this.live.state) || ['starting', 'recording', 'ending'].includes(this.recordState)
  }

  /** The window's close button: 'hide' keeps the show going with the window in the tray; 'close' lets it close. */
  closeAction(): 'hide' | 'close' {
    if (!this.onAir()) return 'close'
    const session = this.live.sessionId ?? 'record'
    if (this.hiddenNoticeFor !== session) {
      this.hiddenNoticeFor = session
      const lang = this.language()
      if (this.settings.notifications.enabled)
        this.options.ports.notify({ title: desktopText(lang, 'notify.hidden.title'), body: desktopText(lang, 'notify.hidden.body') })
    }
    return 'hide'
  }

  /** Null when quitting can simply go ahead; else what to ask. */
  quitQuestion(): QuitQuestion | null {
    if (!this.onAir()) return null
    const lang = this.language()
    return {
      title: desktopText(lang, 'quit.title'),
      message: desktopText(lang, 'quit.message'),
      buttons: [desktopText(lang, 'quit.confirm'), desktopText(lang, 'quit.cancel')]
    }
  }

  private onEvent<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    if (name === 'live:state') {
      this.live = payload as LiveSnapshot
      this.step({ event: 'live:state', snapshot: this.live })
      this.render()
    } else if (name === 'live:health') {
      this.step({ event: 'live:health', level: (payload as EventPayloads['live:health']).level })
    } else if (name === 'record:state') {
      this.recordState = (payload as RecordSnapshot).state
    } else if (name === 'settings:changed') {
      this.settings = (payload as EventPayloads['settings:changed']).settings
      this.hotkeys.apply(this.settings.hotkeys)
      this.render()
    }
  }

  private notifierOptions(): NotifierOptions {
    return this.options.notifier ?? DEFAULT_NOTIFIER_OPTIONS
  }

  private step(input: NotifierInput): void {
    const step = notifierStep(this.notifier, input, this.now(), this.notifierOptions())
    // Off in Settings: the notifier still follows the show (notify() drops them), so turning them on again replays nothing.
    this.notifier = step.state
    for (const notice of step.notices) this.notify(notice)
    this.setWake(step.wakeAt)
  }

  private setWake(at: number | null): void {
    const timers = this.options.timers ?? REAL_TIMERS
    if (this.wake !== null) timers.clear(this.wake)
    this.wake = null
    if (at === null) return
    this.wake = timers.set(
      () => {
        this.wake = null
        this.step({ event: 'tick' })
      },
      Math.max(0, at - this.now())
    )
  }

  private notify(notice: DesktopNotice): void {
    if (!this.settings.notifications.enabled) return
    const data = { destination: notice.destination ?? '' }
    const lang = this.language()
    this.options.ports.notify({
      title: desktopText(lang, `notify.${notice.kind}.title`, data),
      body: desktopText(lang, `notify.${notice.kind}.body`, data)
    })
  }

  private render(): void {
    const recording = Boolean(this.live.recordingPath) && !this.live.recording?.error
    const facts = {
      state: this.live.state,
      offAirRecording: this.live.offAirSince !== undefined && recording,
      canGoLive: savedStartRequest(this.settings) !== null
    }
    this.options.ports.showTray(trayModel(facts, this.language()))
  }

  private refused(refusal: HotkeyRefusal): void {
    const lang = this.language()
    const data = { accelerator: refusal.accelerator, action: desktopText(lang, refusal.action === 'goLive' ? 'tray.goLive' : 'tray.stop') }
    const message = `The hotkey ${refusal.accelerator} for ${refusal.action === 'goLive' ? 'Go Live' : 'Stop'} could not be set (${refusal.reason}): another program may use it. Choose other keys in Settings.`
    this.options.ports.warn(`Onair: ${message}`)
    this.log('warn', 'desktop.hotkeyRefused', message, { accelerator: refusal.accelerator, action: refusal.action, reason: refusal.reason })
    // Said as a notification too: at start no window may be open yet to show the log line.
    if (this.settings.notifications.enabled)
      this.options.ports.notify({ title: desktopText(lang, 'notify.hotkeyRefused.title'), body: desktopText(lang, 'notify.hotkeyRefused.body', data) })
  }

  private log(level: LogEvent['level'], code: string, message: string, data?: Record<string, unknown>): void {
    this.options.log({ time: this.now(), level, code, message, ...(data ? { data } : {}) })
  }
}
