import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AccountSummary, ChannelSummary } from '../../../../shared/contract'
import { PROVIDER_IDS, PROVIDERS } from '../../../../shared/providers'
import { useShell } from '../../app/shell-store'
import { ErrorMessage } from '../../ui/error-message'
import { freeProfile } from '../accounts/account-form-model'
import { accountKey, useAccounts } from '../accounts/accounts-store'
import { selectChannelList, useChannels } from '../channels/channels-store'
import { chipKey, MAX_DESTINATIONS, type DestinationChip } from './destination-chip'
import { useDestinations } from './destinations-store'
import { CustomRtmpForm } from './custom-rtmp-form'

/**
 * Adds a destination: a channel of a saved account (accounts → channels), a saved Custom RTMP account, or a new Custom
 * RTMP server typed in here. `onClose` is absent while there is no destination yet: then the picker is the card.
 */
export function DestinationPicker({ onAdded, onClose }: { onAdded: () => void; onClose?: () => void }): React.JSX.Element {
  const { t } = useTranslation()
  const accounts = useAccounts((s) => s.accounts)
  const loaded = useAccounts((s) => s.loaded)
  const full = useDestinations((s) => s.chips.length >= MAX_DESTINATIONS)
  const add = useDestinations((s) => s.add)
  const go = useShell((s) => s.go)
  const [open, setOpen] = useState<string | null>(null)
  const [typing, setTyping] = useState(false)
  // Grouped by provider as in Accounts; a streamer with many profiles still finds the service first.
  const groups = PROVIDER_IDS.map((provider) => ({
    provider,
    accounts: accounts.filter((a) => a.provider === provider).sort((a, b) => a.profile.localeCompare(b.profile))
  })).filter((g) => g.accounts.length > 0)
  // A first-time streamer with no account at all gets the quickest way on air at once.
  const showForm = typing || (loaded && accounts.length === 0)
  const pick = (chip: DestinationChip) => {
    if (add(chip) === 'added') onAdded()
  }

  return (
    <div className="picker" data-testid="destination-picker">
      <div className="picker-head">
        <h3>{t('destinations.picker.title')}</h3>
        {onClose && (
          <button type="button" className="btn btn-ghost btn-small" data-testid="picker-close" onClick={onClose}>
            {t('destinations.picker.close')}
          </button>
        )}
      </div>
      {full && <p className="picker-note">{t('destinations.full')}</p>}
      {groups.length > 0 ? (
        <div className="picker-groups">
          {groups.map((group) => (
            <section key={group.provider} className="picker-group" aria-label={PROVIDERS[group.provider].name}>
              <h4 className="picker-provider">{PROVIDERS[group.provider].name}</h4>
              <ul className="picker-accounts">
                {group.accounts.map((account) =>
                  PROVIDERS[account.provider].hasApi ? (
                    <ApiAccount
                      key={accountKey(account)}
                      account={account}
                      open={open === accountKey(account)}
                      onToggle={() => setOpen(open === accountKey(account) ? null : accountKey(account))}
                      full={full}
                      onPick={pick}
                    />
                  ) : (
                    <CustomAccount key={accountKey(account)} account={account} full={full} onPick={pick} />
                  )
                )}
              </ul>
            </section>
          ))}
        </div>
      ) : loaded ? (
        <p className="picker-note">
          {t('destinations.picker.noAccounts')}{' '}
          <button type="button" className="link-button" data-testid="picker-to-accounts" onClick={() => go('accounts')}>
            {t('destinations.picker.toAccounts')}
          </button>
        </p>
      ) : null}
      {showForm ? (
        <div className="picker-custom">
          <h4>{t('destinations.picker.customTitle')}</h4>
          <CustomRtmpForm
            profile={freeProfile('custom', accounts)}
            onSaved={(profile) => {
              setTyping(false)
              pick({ provider: 'custom', profile })
            }}
            onCancel={accounts.length > 0 ? () => setTyping(false) : undefined}
          />
        </div>
      ) : (
        <button type="button" className="btn btn-ghost picker-custom-open" data-testid="picker-custom-open" disabled={full} onClick={() => setTyping(true)}>
          {t('destinations.picker.customOpen')}
        </button>
      )}
    </div>
  )
}

/** The account as the picker names it under its provider's heading: its label, or its profile when the label is the default. */
function accountName(account: AccountSummary): string {
  return account.label === PROVIDERS[account.provider].name ? account.profile : account.label
}

/** A saved Custom RTMP account: a destination by itself. */
function CustomAccount({ account, full, onPick }: { account: AccountSummary; full: boolean; onPick: (chip: DestinationChip) => void }): React.JSX.Element {
  const { t } = useTranslation()
  const added = useDestinations((s) => s.chips.some((c) => chipKey(c) === chipKey(account)))
  const name = accountName(account)
  return (
    <li className="picker-item">
      <span className="picker-item-text">
        <span className="picker-label" title={name}>
          {name}
        </span>
        <code className="picker-meta" title={account.display.serverUrl}>
          {account.display.serverUrl}
        </code>
      </span>
      <button
        type="button"
        className="btn btn-ghost btn-small picker-add"
        data-testid="picker-custom"
        data-profile={account.profile}
        aria-label={t('destinations.picker.addNamed', { name })}
        disabled={added || full}
        onClick={() => onPick({ provider: 'custom', profile: account.profile })}
      >
        {added ? t('destinations.picker.added') : t('destinations.picker.add')}
      </button>
    </li>
  )
}

/** An API provider's account: opens onto its channels (listed through the channels store, shared with Accounts). */
function ApiAccount({
  account,
  open,
  onToggle,
  full,
  onPick
}: {
  account: AccountSummary
  open: boolean
  onToggle: () => void
  full: boolean
  onPick: (chip: DestinationChip) => void
}): React.JSX.Element {
  const listId = `picker-channels-${account.provider}-${account.profile}`
  return (
    <li className="picker-account">
      <button
        type="button"
        className="picker-row"
        aria-expanded={open}
        aria-controls={listId}
        data-testid="picker-account"
        data-provider={account.provider}
        data-profile={account.profile}
        onClick={onToggle}
      >
        <span className="picker-label">{accountName(account)}</span>
        <span className="picker-chevron" aria-hidden />
      </button>
      {open && <ChannelChoice id={listId} account={account} full={full} onPick={onPick} />}
    </li>
  )
}

function ChannelChoice({
  id,
  account,
  full,
  onPick
}: {
  id: string
  account: AccountSummary
  full: boolean
  onPick: (chip: DestinationChip) => void
}): React.JSX.Element {
  const { t } = useTranslation()
  const { provider, profile } = account
  const list = useChannels(selectChannelList(provider, profile))
  const load = useChannels((s) => s.load)
  const refresh = useChannels((s) => s.refresh)
  const chips = useDestinations((s) => s.chips)
  useEffect(() => {
    void load(provider, profile)
  }, [load, provider, profile])

  const pick = (c: ChannelSummary) =>
    onPick({ provider, profile, channelId: c.id, channelName: c.name, ...(c.details?.backupIngest === true ? { hasBackup: true } : {}) })

  return (
    <div className="picker-channels" id={id}>
      {list.error && <ErrorMessage error={list.error} testId="picker-channels-error" />}
      {list.loading && list.channels.length === 0 ? (
        <p className="picker-note">{t('destinations.picker.loading')}</p>
      ) : list.channels.length === 0 && !list.error ? (
        <p className="picker-note">{t('destinations.picker.noChannels')}</p>
      ) : (
        <ul>
          {list.channels.map((c) => {
            const added = chips.some((chip) => chipKey(chip) === chipKey({ provider, profile, channelId: c.id }))
            // Kollus hands out no ingest through its API: a channel without a hand-entered one cannot go live yet.
            const needsIngest = provider === 'kollus' && c.details?.ingestSaved !== true
            return (
              <li key={c.id} className="picker-item">
                <span className="picker-item-text">
                  <span className="picker-label" title={c.name}>
                    {c.name}
                  </span>
                  <span className="picker-meta">
                    <span className="picker-state" title={c.rawState}>
                      {c.rawState ?? c.state}
                    </span>
                    {c.details?.backupIngest === true && <span className="picker-badge">{t('destinations.picker.backupIngest')}</span>}
                    {needsIngest && <span className="picker-badge picker-badge-warn">{t('destinations.picker.needsIngest')}</span>}
                  </span>
                </span>
                <button
                  type="button"
                  className="btn btn-ghost btn-small picker-add"
                  data-testid="picker-channel"
                  data-channel={c.id}
                  aria-label={t('destinations.picker.addNamed', { name: c.name })}
                  disabled={added || full}
                  onClick={() => pick(c)}
                >
                  {added ? t('destinations.picker.added') : t('destinations.picker.add')}
                </button>
              </li>
            )
          })}
        </ul>
      )}
      <button
        type="button"
        className="btn btn-ghost btn-small"
        data-testid="picker-refresh"
        disabled={list.loading}
        onClick={() => void refresh(provider, profile)}
      >
        {list.loading ? t('destinations.picker.loading') : t('destinations.picker.refresh')}
      </button>
    </div>
  )
}
