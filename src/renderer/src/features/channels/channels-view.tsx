import { useEffect, useMemo, useRef, useState } from 'react'
import './channels.css'
import { useTranslation } from 'react-i18next'
import type { AccountSummary } from '../../../../shared/contract'
import { displayText } from '../../../../shared/display-text'
import { PROVIDERS } from '../../../../shared/providers'
import { formatClock } from '../../lib/format'
import { ErrorMessage } from '../../ui/error-message'
import { ChannelCard } from './channel-card'
import { ChannelCreateForm } from './channel-create-form'
import { selectChannelList, useChannels } from './channels-store'

/**
 * An account's channels, inside the Accounts place (DESIGN §10): the list as the provider has it now (every page),
 * a Refresh, and New channel with the provider's options. "← Accounts" goes back; the navigation above keeps the
 * Studio (and Go Live) one click away.
 */
export function ChannelsView({ account, onBack }: { account: AccountSummary; onBack(): void }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const { provider, profile } = account
  const list = useChannels(useMemo(() => selectChannelList(provider, profile), [provider, profile]))
  const refresh = useChannels((s) => s.refresh)
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null)
  const newButton = useRef<HTMLButtonElement>(null)
  const listRef = useRef<HTMLUListElement>(null)

  // Opening an account's channels reads them now: they change at the provider (another device, the console).
  useEffect(() => {
    void refresh(provider, profile)
  }, [refresh, provider, profile])

  // A created channel: its name gets focus, so a keyboard user is where the new channel is.
  useEffect(() => {
    if (!created) return
    const cards = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-channel-id]') ?? [])]
    cards
      .find((card) => card.dataset.channelId === created.id)
      ?.querySelector<HTMLElement>('.channel-name')
      ?.focus()
  }, [created])

  const first = list.loadedAt === null
  const providerName = PROVIDERS[provider].name

  return (
    <div className="channels-view" data-testid="channels-view" data-provider={provider} data-profile={profile}>
      <button type="button" className="back-link" data-testid="channels-back" onClick={onBack}>
        <span aria-hidden>←</span> {t('channels.back')}
      </button>
      <div className="page-head">
        <div className="channels-heading">
          <h1 id="page-title" tabIndex={-1}>
            {t('channels.title')}
            {list.loadedAt !== null && <span className="provider-count">{list.channels.length}</span>}
          </h1>
          <p className="page-sub">
            <span className="channels-account" dir="auto">
              {displayText(account.label)}
            </span>
            {/* A label left at its default is the provider's name: not said twice. */}
            {displayText(account.label) !== providerName && ` · ${providerName}`}
            {list.loadedAt !== null && (
              <span className="channels-listed" data-testid="channels-listed">
                {' '}
                · {t('channels.listedAt', { time: formatClock(list.loadedAt, i18n.language) })}
              </span>
            )}
          </p>
        </div>
        <div className="channels-actions">
          <button
            type="button"
            className="btn btn-ghost"
            data-testid="channels-refresh"
            disabled={list.loading}
            onClick={() => void refresh(provider, profile)}
          >
            {list.loading && !first ? t('channels.refreshing') : t('channels.refresh')}
          </button>
          {!creating && (
            <button
              ref={newButton}
              type="button"
              className="btn btn-primary"
              data-testid="channels-new"
              onClick={() => {
                setCreated(null)
                setCreating(true)
              }}
            >
              {t('channels.new')}
            </button>
          )}
        </div>
      </div>

      {creating && (
        <ChannelCreateForm
          provider={provider}
          profile={profile}
          onDone={(channel) => {
            setCreating(false)
            if (channel) setCreated({ id: channel.id, name: displayText(channel.name) || channel.id })
            else setTimeout(() => newButton.current?.focus())
          }}
        />
      )}
      {created && (
        <p className="channels-created" role="status" data-testid="channels-created">
          {t('channels.created', { name: created.name })}
        </p>
      )}

      {list.error && <ErrorMessage error={list.error} testId="channels-error" />}
      {first && list.loading && (
        <p className="empty" data-testid="channels-loading">
          {t('channels.loading')}
        </p>
      )}
      {!first && list.channels.length === 0 && !creating && (
        <p className="empty-state" data-testid="channels-empty">
          {t('channels.empty')}
        </p>
      )}
      {list.channels.length > 0 && (
        <ul ref={listRef} className="item-list channel-list" aria-busy={list.loading}>
          {list.channels.map((c) => (
            <ChannelCard key={c.id} provider={provider} profile={profile} channel={c} fresh={created?.id === c.id} />
          ))}
        </ul>
      )}
    </div>
  )
}
