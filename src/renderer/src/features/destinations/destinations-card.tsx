import { useState } from 'react'
import './destinations.css'
import { useTranslation } from 'react-i18next'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { DestinationStatus, LiveSnapshot } from '../../../../shared/live'
import { PROVIDERS } from '../../../../shared/providers'
import { errorField } from '../../lib/format'
import { isActive } from '../../lib/live-state'
import { ErrorMessage } from '../../ui/error-message'
import { StatePill } from '../../ui/state-pill'
import { useNow } from '../../ui/use-now'
import { useStores } from '../../app/stores-context'
import { useAccounts } from '../accounts/accounts-store'
import { selectShownSnapshot, useLive } from '../studio/live-store'
import { chipKey, chipResult, MAX_DESTINATIONS, sessionChips, type DestinationChip, type SessionChip } from './destination-chip'
import { CustomRtmpForm } from './custom-rtmp-form'
import { DestinationPicker } from './destination-picker'
import { useDestinations } from './destinations-store'

/**
 * Where the show goes (issue 8 item 5): one to four chips, each a channel of a saved account or a Custom RTMP account.
 * While a show runs the chips are the session's own destinations, each with its state, bitrate sent and reconnects;
 * afterwards each keeps what happened to it until the next show is being set up.
 */
export function DestinationsCard(): React.JSX.Element {
  const { t } = useTranslation()
  const chips = useDestinations((s) => s.chips)
  const active = useLive((s) => isActive(s.snapshot.state))
  const shown = useLive(selectShownSnapshot)
  const [picking, setPicking] = useState(false)

  // While live, what runs is what main says (another window may have started it); else the chips of the next show.
  const items: Array<{ chip: DestinationChip; result?: SessionChip }> =
    active && shown
      ? sessionChips(shown.destinations, chips).map((s) => ({ chip: s.chip, result: s }))
      : chips.map((chip) => ({ chip, result: shown ? chipResult(shown, chip) : undefined }))
  const pickerOpen = !active && (chips.length === 0 || picking)

  return (
    <section className="card destinations-card" aria-labelledby="destinations-title">
      <div className="card-head">
        <h2 id="destinations-title">{t('destinations.title')}</h2>
        <span className="card-sub" data-testid="destinations-count">
          {t('destinations.count', { count: items.length, max: MAX_DESTINATIONS })}
        </span>
      </div>
      {items.length > 0 && (
        <ul className="chips">
          {items.map(({ chip, result }) => (
            <ChipView key={chipKey(chip)} chip={chip} result={result} locked={active} session={shown} />
          ))}
        </ul>
      )}
      {pickerOpen ? (
        <DestinationPicker onAdded={() => setPicking(false)} onClose={chips.length > 0 ? () => setPicking(false) : undefined} />
      ) : (
        !active &&
        chips.length < MAX_DESTINATIONS && (
          <button type="button" className="btn btn-ghost add-destination" data-testid="add-destination" onClick={() => setPicking(true)}>
            <span aria-hidden>+</span> {t('destinations.add')}
          </button>
        )
      )}
      {!active && chips.length >= MAX_DESTINATIONS && <p className="picker-note">{t('destinations.full')}</p>}
    </section>
  )
}

/** One destination: provider + channel (or the Custom RTMP account), its push's state and figures, its failure. */
function ChipView({
  chip,
  result,
  locked,
  session
}: {
  chip: DestinationChip
  result?: SessionChip
  locked: boolean
  session: LiveSnapshot | null
}): React.JSX.Element {
  const { t } = useTranslation()
  const remove = useDestinations((s) => s.remove)
  const setBackup = useDestinations((s) => s.setBackup)
  const account = useAccounts((s) => s.accounts.find((a) => a.provider === chip.provider && a.profile === chip.profile))
  const [editing, setEditing] = useState(false)
  const key = chipKey(chip)
  const provider = PROVIDERS[chip.provider]
  const main = result?.main
  const custom = chip.provider === 'custom'
  const server = custom ? account?.display.serverUrl : undefined
  const customLabel = custom && account && account.label !== provider.name ? account.label : undefined
  const name = custom ? (customLabel ?? server ?? chip.profile) : (chip.channelName ?? chip.channelId ?? '')
  // A destination failed without its own reason when the whole show failed at a step that concerns it (one destination).
  const error = main?.error ?? destinationError(session, main)

  return (
    <li
      className={`chip${main ? ` chip-${main.state}` : ''}`}
      data-testid="destination-chip"
      data-provider={chip.provider}
      data-profile={chip.profile}
      data-channel={chip.channelId}
      data-state={main?.state ?? 'idle'}
    >
      <div className="chip-head">
        <span className="chip-provider" title={provider.name}>
          {provider.name}
        </span>
        {!locked && (
          <button
            type="button"
            className="chip-remove"
            data-testid="remove-destination"
            aria-label={t('destinations.remove', { name })}
            title={t('destinations.remove', { name })}
            onClick={() => remove(key)}
          >
            <span aria-hidden>×</span>
          </button>
        )}
      </div>
      <div className="chip-title">
        <span className="chip-name" title={name} {...(custom && !customLabel ? { 'data-testid': 'saved-server' } : {})}>
          {name}
        </span>
        {main && <StatePill state={main.state} rawState={main.rawState} testId="chip-state" />}
      </div>
      {custom && account && !editing && (
        <div className="chip-detail">
          {customLabel && server && (
            <code className="chip-server" data-testid="saved-server" title={server}>
              {server}
            </code>
          )}
          <code className="masked" data-testid="saved-key">
            {account.display.streamKey}
          </code>
          {!locked && (
            <button type="button" className="btn btn-ghost btn-small" data-testid="change-destination" onClick={() => setEditing(true)}>
              {t('destination.change')}
            </button>
          )}
        </div>
      )}
      {custom && editing && (
        <CustomRtmpForm
          profile={chip.profile}
          label={account?.label}
          initialServer={server ?? ''}
          onSaved={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      )}
      {main && isActive(main.state) && <PushFigures id={main.id} />}
      {error && <ErrorMessage error={error} testId={custom && errorField(error) ? `error-${errorField(error)}` : 'chip-error'} />}
      {chip.hasBackup && (
        <div className="chip-backup">
          <label className="check">
            <input
              type="checkbox"
              data-testid="backup-toggle"
              checked={chip.backup === true}
              disabled={locked}
              onChange={(e) => setBackup(key, e.target.checked)}
            />
            <span>{t('destinations.backup')}</span>
          </label>
          {!locked && chip.backup && <span className="chip-hint">{t('destinations.backupHint')}</span>}
          {result?.backup && <BackupRow status={result.backup} />}
        </div>
      )}
    </li>
  )
}

/** The backup push of a NAVER channel: its own state, figures and failure. */
function BackupRow({ status }: { status: DestinationStatus }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="chip-backup-status" data-testid="backup-status" data-state={status.state}>
      <span className="chip-backup-label">{t('destinations.backupLabel')}</span>
      <StatePill state={status.state} rawState={status.rawState} testId="backup-state" />
      {isActive(status.state) && <PushFigures id={status.id} />}
      {status.error && <ErrorMessage error={status.error} testId="backup-error" />}
    </div>
  )
}

/**
 * Bitrate sent, congestion and reconnects of one push, following live:stats on their own (primitives: no re-render
 * without a change); while it reconnects, the countdown to the next try and Retry now.
 */
function PushFigures({ id }: { id: string }): React.JSX.Element {
  const { t } = useTranslation()
  const kbps = useLive((s) => s.stats?.destinations.find((d) => d.id === id)?.kbps)
  const congestion = useLive((s) => Math.round((s.stats?.destinations.find((d) => d.id === id)?.congestion ?? 0) * 100))
  const reconnects = useLive((s) => s.stats?.destinations.find((d) => d.id === id)?.reconnects ?? 0)
  const retryAt = useLive((s) => {
    const d = s.snapshot.destinations.find((x) => x.id === id)
    return d?.state === 'reconnecting' ? d.retryAt : undefined
  })
  return (
    <div className="chip-figures">
      <span data-testid="chip-kbps">{kbps === undefined ? '—' : t('destinations.kbps', { kbps: Math.round(kbps).toLocaleString() })}</span>
      {congestion > 0 && (
        <span data-testid="chip-congestion" className={congestion >= 50 ? 'figure-bad' : undefined}>
          {t('destinations.congestion', { percent: congestion })}
        </span>
      )}
      <span data-testid="chip-reconnects" data-count={reconnects}>
        {t('destinations.reconnects', { count: reconnects })}
      </span>
      {retryAt !== undefined && <RetryCountdown retryAt={retryAt} />}
    </div>
  )
}

/** The wait before the next reconnect attempt, and the button that cuts it short (DESIGN §4: "retry now" resets the wait). */
function RetryCountdown({ retryAt }: { retryAt: number }): React.JSX.Element {
  const { t } = useTranslation()
  const stores = useStores()
  const clockOffsetMs = useLive((s) => s.clockOffsetMs)
  const now = useNow(true, retryAt - clockOffsetMs) + clockOffsetMs
  const seconds = Math.max(0, Math.ceil((retryAt - now) / 1000))
  return (
    <span className="chip-retry">
      <span data-testid="chip-countdown" data-seconds={seconds}>
        {seconds > 0 ? t('destinations.nextTry', { seconds }) : t('destinations.trying')}
      </span>
      <button type="button" className="btn btn-ghost btn-small" data-testid="retry-now" onClick={() => void stores.live.getState().retryNow()}>
        {t('destinations.retryNow')}
      </button>
    </span>
  )
}

/** The session's reason shown on a destination that has none of its own, when it is the only one and the reason is about it. */
function destinationError(session: LiveSnapshot | null, main: DestinationStatus | undefined): OnairErrorValue | undefined {
  const error = session?.state === 'failed' ? session.error : undefined
  if (!error || !main || session?.destinations.length !== 1) return undefined
  return error.step && error.step !== 'encoder' ? error : undefined
}
