import { useTranslation } from 'react-i18next'
import type { AccountSummary } from '../../../../shared/contract'
import { PROVIDERS } from '../../../../shared/providers'
import { formatClock } from '../../lib/format'
import { ErrorMessage } from '../../ui/error-message'
import { accountKey, useAccounts, type Verification } from './accounts-store'

type Status = 'connected' | 'notConnected' | 'checking'

function statusOf(account: AccountSummary, verification: Verification | undefined): Status {
  if (verification?.checking) return 'checking'
  const connected = verification ? verification.result.connected : account.connected
  return connected ? 'connected' : 'notConnected'
}

/** One saved account: its label, profile, masked fields and connection, with Verify, Edit and Remove. */
export function AccountCard({
  account,
  onEdit,
  onRemove,
  onChannels
}: {
  account: AccountSummary
  onEdit(): void
  onRemove(): void
  /** Opens the account's channels; absent for Custom RTMP, which has none. */
  onChannels?(): void
}): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const key = accountKey(account)
  const verification = useAccounts((s) => s.verifications[key])
  const verify = useAccounts((s) => s.verify)
  const status = statusOf(account, verification)
  const result = verification && !verification.checking ? verification.result : undefined
  const fields = PROVIDERS[account.provider].credentialFields.filter((f) => account.display[f.name])

  return (
    <li className="item-card account-card" data-testid="account" data-provider={account.provider} data-profile={account.profile}>
      <div className="account-head">
        <div className="account-title">
          <span className="account-label" data-testid="account-label-text">
            {account.label}
          </span>
          <span className="account-profile">
            {t('accounts.profile')} {account.profile === 'default' ? t('accounts.profileDefault') : <code>{account.profile}</code>}
          </span>
        </div>
        <span className={`account-status status-${status}`} data-testid="account-status" data-status={status} role="status">
          <span className="state-dot" aria-hidden />
          {t(`accounts.status.${status}`)}
          {result && <span className="account-checked"> · {t('accounts.checkedAt', { time: formatClock(result.checkedAt, i18n.language) })}</span>}
        </span>
      </div>
      <dl className="account-fields">
        {fields.map((f) => (
          <div key={f.name} className="account-field">
            <dt>{t(`credentials.field.${f.name}`, { defaultValue: f.label })}</dt>
            <dd>
              <code className={f.secret ? 'masked' : undefined} data-testid={`account-display-${f.name}`}>
                {account.display[f.name]}
              </code>
            </dd>
          </div>
        ))}
      </dl>
      {result?.error && <ErrorMessage error={result.error} testId="account-verify-error" />}
      <div className="account-actions">
        {onChannels && (
          <button type="button" className="btn btn-ghost" data-testid="account-channels" onClick={onChannels}>
            {t('accounts.channels')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="account-verify"
          disabled={status === 'checking'}
          onClick={() => void verify(account.provider, account.profile)}
        >
          {t('accounts.verify')}
        </button>
        <button type="button" className="btn btn-ghost" data-testid="account-edit" onClick={onEdit}>
          {t('accounts.edit')}
        </button>
        <button type="button" className="btn btn-ghost btn-ghost-danger" data-testid="account-remove" onClick={onRemove}>
          {t('accounts.remove')}
        </button>
      </div>
    </li>
  )
}
