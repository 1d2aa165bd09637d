import { useRef, useState } from 'react'
import './accounts.css'
import { useTranslation } from 'react-i18next'
import type { AccountSummary } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import { PROVIDER_IDS, PROVIDERS } from '../../../../shared/providers'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { ErrorMessage } from '../../ui/error-message'
import { useChannels } from '../channels/channels-store'
import { ChannelsView } from '../channels/channels-view'
import { AccountCard } from './account-card'
import { AccountForm } from './account-form'
import { accountKey, useAccounts } from './accounts-store'

/** The Accounts place (DESIGN §10): saved accounts grouped by provider, several profiles each; add, verify, edit, remove. */
export function AccountsPage(): React.JSX.Element {
  const { t } = useTranslation()
  const accounts = useAccounts((s) => s.accounts)
  const loaded = useAccounts((s) => s.loaded)
  const listError = useAccounts((s) => s.listError)
  const remove = useAccounts((s) => s.remove)
  const [adding, setAdding] = useState(false)
  const [editing, setEditing] = useState<string | null>(null)
  const [removing, setRemoving] = useState<AccountSummary | null>(null)
  const [removeBusy, setRemoveBusy] = useState(false)
  const [removeError, setRemoveError] = useState<OnairErrorValue | null>(null)
  const addButton = useRef<HTMLButtonElement>(null)
  // The account whose channels are open (a view inside this place), and where focus goes when it closes.
  const channelsOf = useChannels((s) => s.shownAccount)
  const showChannels = useChannels((s) => s.showChannels)
  const closeChannels = useChannels((s) => s.closeChannels)
  const page = useRef<HTMLDivElement>(null)
  const channelsAccount = channelsOf ? accounts.find((a) => accountKey(a) === channelsOf) : undefined

  const groups = PROVIDER_IDS.map((id) => ({
    id,
    accounts: accounts.filter((a) => a.provider === id).sort((a, b) => a.profile.localeCompare(b.profile))
  })).filter((g) => g.accounts.length > 0)

  const confirmRemove = async () => {
    if (!removing) return
    setRemoveBusy(true)
    const result = await remove(removing.provider, removing.profile)
    setRemoveBusy(false)
    setRemoving(null)
    setRemoveError(result.ok ? null : result.error)
  }

  if (channelsAccount) {
    const key = accountKey(channelsAccount)
    return (
      <div className="accounts-page" ref={page}>
        <ChannelsView
          account={channelsAccount}
          onBack={() => {
            closeChannels()
            // Back on the list, focus returns to the Channels button it was opened from.
            setTimeout(() =>
              [...(page.current?.querySelectorAll<HTMLElement>('[data-testid="account"]') ?? [])]
                .find((el) => `${el.dataset.provider}:${el.dataset.profile}` === key)
                ?.querySelector<HTMLElement>('[data-testid="account-channels"]')
                ?.focus()
            )
          }}
        />
      </div>
    )
  }

  return (
    <div className="accounts-page" ref={page}>
      <div className="page-head">
        <div>
          <h1 id="page-title" tabIndex={-1}>
            {t('accounts.title')}
          </h1>
          <p className="page-sub">{t('accounts.subtitle')}</p>
        </div>
        {!adding && (
          <button
            ref={addButton}
            type="button"
            className="btn btn-primary"
            data-testid="accounts-add"
            onClick={() => {
              setEditing(null)
              setAdding(true)
            }}
          >
            {t('accounts.add')}
          </button>
        )}
      </div>

      {listError && <ErrorMessage error={listError} testId="accounts-error" />}
      {removeError && <ErrorMessage error={removeError} testId="accounts-remove-error" />}

      {adding && (
        <AccountForm
          mode={{ kind: 'add', accounts }}
          onDone={() => {
            setAdding(false)
            // The button is drawn again once the form is gone; focus goes back to it.
            setTimeout(() => addButton.current?.focus())
          }}
        />
      )}

      {!loaded && <p className="empty">{t('accounts.loading')}</p>}
      {loaded && !listError && accounts.length === 0 && !adding && (
        <p className="empty-state" data-testid="accounts-empty">
          {t('accounts.empty')}
        </p>
      )}

      {groups.map((group) => (
        <section key={group.id} className="provider-group" aria-labelledby={`provider-${group.id}`} data-testid={`provider-${group.id}`}>
          <h2 id={`provider-${group.id}`}>
            {PROVIDERS[group.id].name}
            <span className="provider-count">{group.accounts.length}</span>
          </h2>
          <ul className="item-list account-list">
            {group.accounts.map((account) =>
              editing === accountKey(account) ? (
                <li key={accountKey(account)} className="account-editing">
                  <AccountForm mode={{ kind: 'edit', account }} onDone={() => setEditing(null)} />
                </li>
              ) : (
                <AccountCard
                  key={accountKey(account)}
                  account={account}
                  onEdit={() => {
                    setAdding(false)
                    setEditing(accountKey(account))
                  }}
                  onRemove={() => setRemoving(account)}
                  onChannels={
                    PROVIDERS[account.provider].hasApi
                      ? () => {
                          setAdding(false)
                          setEditing(null)
                          showChannels(account.provider, account.profile)
                          // The view's title takes focus once drawn, as when a place opens.
                          setTimeout(() => document.getElementById('page-title')?.focus())
                        }
                      : undefined
                  }
                />
              )
            )}
          </ul>
        </section>
      ))}

      {removing && (
        <ConfirmDialog
          testId="remove-dialog"
          title={t('accounts.removeDialog.title')}
          // Custom RTMP has no channels at a provider to reassure about.
          body={t(PROVIDERS[removing.provider].hasApi ? 'accounts.removeDialog.body' : 'accounts.removeDialog.bodyNoChannels', {
            label: removing.label,
            provider: PROVIDERS[removing.provider].name
          })}
          confirmLabel={t('accounts.removeDialog.confirm')}
          cancelLabel={t('accounts.removeDialog.cancel')}
          busy={removeBusy}
          onConfirm={() => void confirmRemove()}
          onCancel={() => setRemoving(null)}
        />
      )}
    </div>
  )
}
