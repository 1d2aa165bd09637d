import { desktopText, type DesktopLanguage, type DesktopTextKey } from '../../../shared/desktop-texts'
import type { LiveDestination, LiveState } from '../../../shared/live'
import { PROVIDERS } from '../../../shared/providers'
import type { Settings } from '../../../shared/settings'
import { isActive } from '../live/live-transitions'

/** The tray's four pictures (tray-icons.ts draws them). */
export type TrayIconState = 'idle' | 'live' | 'reconnecting' | 'failed'

export type TrayItemId = 'goLive' | 'stop' | 'open' | 'quit'

export interface TrayItem {
  id: TrayItemId
  label: string
  enabled: boolean
}

export interface TrayModel {
  icon: TrayIconState
  tooltip: string
  items: TrayItem[]
}

/** What the tray needs to know about the show. */
export interface TrayFacts {
  state: LiveState
  /** No destination has the show (offAirSince set) while the local recording goes on: the show is not lost. */
  offAirRecording: boolean
  /** The saved show can be started from the tray (settings hold destinations and sources). */
  canGoLive: boolean
}

/**
 * The last show as settings hold it, as a `live:start` request: the tray's and the hotkey's Go Live. Null while there
 * is nothing to go live with: no destination, or no source chosen yet (the contract's defaults are the test pattern
 * and a 440 Hz tone, which must never reach an audience by a key press).
 */
export function savedStartRequest(settings: Settings): { destinations: LiveDestination[]; video: string; audio: string; record: boolean } | null {
  const { video, audio } = settings.sources
  if (settings.destinations.length === 0 || !video || !audio) return null
  const destinations = settings.destinations.map((d) => ({
    provider: d.provider,
    profile: d.profile,
    ...(PROVIDERS[d.provider].hasApi && d.channelId ? { channelId: d.channelId } : {}),
    // As the Studio does: the backup push only where the channel has one and it was chosen.
    ...(d.backup && d.hasBackup ? { backup: true } : {})
  }))
  return { destinations, video, audio, record: settings.recording.enabled }
}

function look(facts: TrayFacts): { icon: TrayIconState; tooltip: DesktopTextKey } {
  switch (facts.state) {
    case 'failed':
      return { icon: 'failed', tooltip: 'tray.tooltip.failed' }
    case 'reconnecting':
      return facts.offAirRecording ? { icon: 'reconnecting', tooltip: 'tray.tooltip.offline' } : { icon: 'reconnecting', tooltip: 'tray.tooltip.reconnecting' }
    // Offline mode: not on air, recording, and going live by itself when a destination answers.
    case 'offline':
      return { icon: 'reconnecting', tooltip: 'tray.tooltip.offline' }
    case 'live':
      return facts.offAirRecording ? { icon: 'reconnecting', tooltip: 'tray.tooltip.offline' } : { icon: 'live', tooltip: 'tray.tooltip.live' }
    case 'preparing':
    case 'connecting':
      return { icon: 'reconnecting', tooltip: 'tray.tooltip.going' }
    case 'ending':
      return { icon: 'live', tooltip: 'tray.tooltip.live' }
    default:
      return { icon: 'idle', tooltip: 'tray.tooltip.idle' }
  }
}

/** The tray's picture, tooltip and menu for the show's state. Pure. */
export function trayModel(facts: TrayFacts, language: DesktopLanguage): TrayModel {
  const active = isActive(facts.state)
  const { icon, tooltip } = look(facts)
  const item = (id: TrayItemId, enabled: boolean): TrayItem => ({ id, label: desktopText(language, `tray.${id}`), enabled })
  return {
    icon,
    tooltip: desktopText(language, tooltip),
    items: [item('goLive', !active && facts.canGoLive), item('stop', active && facts.state !== 'ending'), item('open', true), item('quit', true)]
  }
}
