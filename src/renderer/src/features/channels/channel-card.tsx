import { useRef } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { ChannelSummary } from '../../../../shared/contract'
import { displayText } from '../../../../shared/display-text'
import { LIVE_STATES, type LiveState } from '../../../../shared/live'
import { PROVIDERS, type ProviderId } from '../../../../shared/providers'
import { CopyButton } from '../../ui/copy-button'
import { StatePill } from '../../ui/state-pill'
import { KollusIngest } from './kollus-ingest'

/** Details shown elsewhere on the card (the Kollus ingest section says whether one is saved). */
const SHOWN_ELSEWHERE = new Set(['ingestSaved'])

function liveState(state: string): LiveState {
  return (LIVE_STATES as readonly string[]).includes(state) ? (state as LiveState) : 'idle'
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/

/** A provider's timestamp (`2026-11-30T02:22:44.527+00:00`) as a reader's date and time; anything else as written. */
function detailText(value: string | number | boolean | null, language: string, yesNo: (v: boolean) => string): string {
  if (value === null) return '—'
  if (typeof value === 'boolean') return yesNo(value)
  const text = displayText(String(value))
  const time = ISO_TIME.test(text) ? Date.parse(text) : NaN
  return Number.isFinite(time) ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(time) : text
}

/**
 * The provider's details as a small definition list: our label for each known key; a value the create form names (a
 * latency mode, a CDN type) in the form's words, anything else as the provider wrote it. Empty values are left out.
 */
function ChannelDetails({ provider, details }: { provider: ProviderId; details: NonNullable<ChannelSummary['details']> }): React.JSX.Element | null {
  const { t, i18n } = useTranslation()
  const entries = Object.entries(details).filter(([key, v]) => !SHOWN_ELSEWHERE.has(key) && v !== '')
  if (entries.length === 0) return null
  const value = (key: string, v: string | number | boolean | null) => {
    const text = detailText(v, i18n.language, (yes) => t(yes ? 'channels.yes' : 'channels.no'))
    return typeof v === 'string' ? t(`channelOption.${provider}.${key}.value.${v}`, { defaultValue: text }) : text
  }
  return (
    <dl className="channel-details" aria-label={t('channels.details')} data-testid="channel-details">
      {entries.map(([key, v]) => (
        <div key={key} className="channel-detail" data-key={key}>
          <dt>{t(`channelDetail.${key}`, { defaultValue: key })}</dt>
          <dd dir="auto">{value(key, v)}</dd>
        </div>
      ))}
    </dl>
  )
}

/** One channel of an account: its name as written, state (normalised, and the provider's own word), playback URL, details. */
export function ChannelCard({
  provider,
  profile,
  channel,
  fresh
}: {
  provider: ProviderId
  profile: string
  channel: ChannelSummary
  fresh?: boolean
}): React.JSX.Element {
  const { t } = useTranslation()
  const urlRef = useRef<HTMLElement>(null)
  const providerName = PROVIDERS[provider].name
  const name = displayText(channel.name) || channel.id
  const raw = channel.rawState ? (ourRawState(t, provider, channel.rawState) ?? displayText(channel.rawState, 60)) : ''
  // Select the address for a streamer whose browser refused the clipboard, so Ctrl+C is all that is left.
  const selectUrl = () => {
    const el = urlRef.current
    const selection = window.getSelection()
    if (!el || !selection) return
    const range = document.createRange()
    range.selectNodeContents(el)
    selection.removeAllRanges()
    selection.addRange(range)
  }

  return (
    <li className={`item-card channel-card${fresh ? ' channel-fresh' : ''}`} data-testid="channel" data-channel-id={channel.id}>
      <div className="channel-head">
        <div className="channel-title">
          <h3 className="channel-name" dir="auto" data-testid="channel-name-text" tabIndex={-1}>
            {name}
          </h3>
          <span className="channel-id">
            {t('channels.id')} <code>{channel.id}</code>
          </span>
        </div>
        <span className="channel-state">
          <StatePill state={liveState(channel.state)} rawState={channel.rawState} testId="channel-state" />
          {raw && (
            <code className="raw-state" data-testid="channel-raw-state" title={t('channels.rawState', { provider: providerName, raw })}>
              {raw}
            </code>
          )}
        </span>
      </div>

      <div className="channel-playback">
        <span className="channel-label">{t('channels.playbackUrl')}</span>
        {channel.playbackUrl ? (
          <span className="playback-row">
            <code ref={urlRef} className="playback-url" data-testid="channel-playback-url">
              {channel.playbackUrl}
            </code>
            <CopyButton text={channel.playbackUrl} testId="channel-copy" onFailed={selectUrl} />
          </span>
        ) : (
          <span className="playback-none">{t('channels.noPlaybackUrl', { provider: providerName })}</span>
        )}
      </div>

      {channel.details && <ChannelDetails provider={provider} details={channel.details} />}
      {provider === 'kollus' && <KollusIngest provider={provider} profile={profile} channel={channel} />}
    </li>
  )
}

/**
 * Kollus's API has no state word of its own: core describes its broadcast record in two English phrases of ours, which
 * the app says in the UI's language. Every other provider's raw state is its own word, shown as written.
 */
const KOLLUS_OWN_WORDS: Record<string, string> = { 'no broadcast': 'noBroadcast', 'not on air': 'notOnAir' }

function ourRawState(t: TFunction, provider: ProviderId, raw: string): string | null {
  const key = provider === 'kollus' ? KOLLUS_OWN_WORDS[raw] : undefined
  return key ? t(`channels.kollusRaw.${key}`) : null
}
