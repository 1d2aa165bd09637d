import type { DestinationStatus, LiveDestination, LiveSnapshot } from '../../../../shared/live'
import { MAX_DESTINATIONS } from '../../../../shared/live'
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '../../../../shared/providers'

/** One destination of the next show, as the Studio holds it: a saved account (+ channel), never an address or a key. */
export interface DestinationChip {
  provider: ProviderId
  profile: string
  /** The channel, for API providers; Custom RTMP accounts are destinations by themselves. */
  channelId?: string
  /** The channel's name when it was picked (as the provider wrote it), shown before a session names it. */
  channelName?: string
  /** NAVER: the channel had a backup ingest when it was picked, so "also push to the backup ingest" is offered. */
  hasBackup?: boolean
  /** Also push to the channel's backup ingest (main first). */
  backup?: boolean
}

export { MAX_DESTINATIONS }

/** Same account and channel = same destination (Custom RTMP: the account alone), as live:start counts duplicates. */
export function chipKey(d: { provider: ProviderId; profile: string; channelId?: string }): string {
  return `${d.provider}:${d.profile}:${PROVIDERS[d.provider].hasApi ? (d.channelId ?? '') : ''}`
}

/** What live:start gets for the chips: ids only, backup only where it was offered and chosen. */
export function toLiveDestinations(chips: DestinationChip[]): LiveDestination[] {
  return chips.map((c) => ({
    provider: c.provider,
    profile: c.profile,
    ...(PROVIDERS[c.provider].hasApi && c.channelId ? { channelId: c.channelId } : {}),
    ...(c.backup && c.hasBackup ? { backup: true } : {})
  }))
}

/** A chip as a session shows it: its main push and, where chosen, the backup push right after it. */
export interface SessionChip {
  chip: DestinationChip
  main: DestinationStatus
  backup?: DestinationStatus
}

/**
 * The session's destinations grouped as chips (a backup entry joins the main one before it), with what this window
 * knows of each chip (the channel's name) where it holds the same destination.
 */
export function sessionChips(destinations: DestinationStatus[], known: DestinationChip[]): SessionChip[] {
  const out: SessionChip[] = []
  for (const d of destinations) {
    const last = out.at(-1)
    if (d.backup && last && !last.backup && chipKey(last.main) === chipKey(d)) {
      last.backup = d
      last.chip = { ...last.chip, hasBackup: true, backup: true }
      continue
    }
    const mine = known.find((c) => chipKey(c) === chipKey(d))
    out.push({
      chip: mine ?? { provider: d.provider, profile: d.profile, ...(d.channelId ? { channelId: d.channelId, channelName: channelNameOf(d) } : {}) },
      main: d
    })
  }
  return out
}

/** The last show's statuses for one chip, when that show is still on screen. */
export function chipResult(snapshot: LiveSnapshot, chip: DestinationChip): SessionChip | undefined {
  return sessionChips(snapshot.destinations, [chip]).find((s) => chipKey(s.main) === chipKey(chip))
}

/**
 * A destination's name for the streamer. Core names one it could not prepare by its channel id (the provider never
 * answered with a name); the chip picked from the channel list knows the name.
 */
export function destinationName(d: DestinationStatus, chips: DestinationChip[]): string {
  const provider = PROVIDERS[d.provider].name
  const known = chips.find((c) => chipKey(c) === chipKey(d))?.channelName
  if (!known || !d.channelId || !d.label.startsWith(`${provider} · ${d.channelId}`)) return d.label
  return `${provider} · ${known}${d.label.slice(`${provider} · ${d.channelId}`.length)}`
}

/** Core's label of a backup push ends in an English "(backup)"; the UI says it in its own words. */
export function localBackupLabel(d: DestinationStatus, chips: DestinationChip[], backupWord: string): string {
  const main = destinationName(withoutBackupSuffix(d), chips)
  return d.backup ? `${main} (${backupWord})` : main
}

/**
 * What the monitor's caption and the graphs' legend say of a destination: the channel's name for an API provider, else
 * core's label (the server); without core's English "(backup)", which the caller says in the page's language.
 */
export function shortName(d: DestinationStatus, chips: DestinationChip[]): string {
  const name = destinationName(withoutBackupSuffix(d), chips)
  const prefix = `${PROVIDERS[d.provider].name} · `
  return name.startsWith(prefix) ? name.slice(prefix.length) : name
}

function withoutBackupSuffix(d: DestinationStatus): DestinationStatus {
  return { ...d, label: d.label.replace(/ \(backup\)$/, '') }
}

/** Core labels API destinations "<Provider name> · <channel name>": the channel's part, as the provider wrote it. */
function channelNameOf(d: DestinationStatus): string {
  const prefix = `${PROVIDERS[d.provider].name} · `
  return d.label.startsWith(prefix) ? d.label.slice(prefix.length) : d.label
}

/** Chips read back from storage are checked, not trusted: known providers, sane strings, at most four, no duplicates. */
export function validChips(value: unknown): DestinationChip[] {
  if (!Array.isArray(value)) return []
  const out: DestinationChip[] = []
  for (const raw of value as unknown[]) {
    if (typeof raw !== 'object' || raw === null) continue
    const r = raw as Record<string, unknown>
    const provider = r.provider as ProviderId
    if (!PROVIDER_IDS.includes(provider) || !isShortString(r.profile)) continue
    const chip: DestinationChip = { provider, profile: r.profile }
    if (PROVIDERS[provider].hasApi) {
      if (!isShortString(r.channelId)) continue
      chip.channelId = r.channelId
      if (isShortString(r.channelName)) chip.channelName = r.channelName
    }
    if (r.hasBackup === true) chip.hasBackup = true
    if (r.backup === true && chip.hasBackup) chip.backup = true
    if (out.some((c) => chipKey(c) === chipKey(chip)) || out.length === MAX_DESTINATIONS) continue
    out.push(chip)
  }
  return out
}

const isShortString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200
