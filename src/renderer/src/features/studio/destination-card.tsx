import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OnairErrorValue } from '../../../../shared/errors'
import { errorField } from '../../lib/format'
import { isActive } from '../../lib/live-state'
import { ErrorMessage } from '../../ui/error-message'
import { selectCustomAccount, useAccounts } from '../accounts/accounts-store'
import { useLive } from './live-store'

/** Custom RTMP destination: enter once (key to the keychain), then shown masked with a way to change it. */
export function DestinationCard(): React.JSX.Element {
  const { t } = useTranslation()
  const account = useAccounts(selectCustomAccount)
  const loaded = useAccounts((s) => s.loaded)
  const [editing, setEditing] = useState(false)
  const state = useLive((s) => s.snapshot.state)
  const sessionError = useLive((s) => (s.snapshot.state === 'failed' ? s.snapshot.error : undefined))
  const commandError = useLive((s) => s.commandError)
  // Errors of the last session that concern the destination are shown beside the field they are about.
  const liveError = sessionError ?? commandError ?? undefined
  const showForm = loaded && (!account || editing)

  return (
    <section className="card" aria-labelledby="destination-title">
      <div className="card-head">
        <h2 id="destination-title">{t('destination.title')}</h2>
        <span className="card-sub">{t('destination.subtitle')}</span>
      </div>
      {showForm ? (
        <DestinationForm initialServer={account?.display.serverUrl ?? ''} canCancel={Boolean(account)} onDone={() => setEditing(false)} />
      ) : account ? (
        <div className="saved-destination">
          <div className="field-row">
            <span className="field-label">{t('destination.serverUrl')}</span>
            <code className="field-value" data-testid="saved-server">
              {account.display.serverUrl}
            </code>
            <FieldError error={liveError} field="serverUrl" />
          </div>
          <div className="field-row">
            <span className="field-label">{t('destination.keyMasked')}</span>
            <code className="field-value masked" data-testid="saved-key">
              {account.display.streamKey}
            </code>
            <FieldError error={liveError} field="streamKey" />
          </div>
          <div className="saved-foot">
            <span className="saved-note">
              <span className="lock" aria-hidden /> {t('destination.saved')}
            </span>
            <button type="button" className="btn btn-ghost" data-testid="change-destination" disabled={isActive(state)} onClick={() => setEditing(true)}>
              {t('destination.change')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  )
}

function FieldError({ error, field }: { error: OnairErrorValue | null | undefined; field: string }): React.JSX.Element | null {
  if (!error || errorField(error) !== field) return null
  return <ErrorMessage error={error} testId={`error-${field}`} />
}

function DestinationForm({ initialServer, canCancel, onDone }: { initialServer: string; canCancel: boolean; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation()
  const save = useAccounts((s) => s.save)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<OnairErrorValue | null>(null)
  const form = useRef<HTMLFormElement>(null)
  const field = errorField(saveError)
  const clearError = () => setSaveError(null)

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const data = new FormData(e.currentTarget)
    setSaving(true)
    setSaveError(null)
    const result = await save({
      provider: 'custom',
      profile: 'default',
      fields: { serverUrl: String(data.get('serverUrl') ?? ''), streamKey: String(data.get('streamKey') ?? '') }
    })
    setSaving(false)
    if (!result.ok) return setSaveError(result.error)
    // The key leaves the page as soon as the keychain has it: the inputs are uncontrolled and cleared here.
    form.current?.reset()
    onDone()
  }

  return (
    <form ref={form} className="destination-form" onSubmit={(e) => void submit(e)} autoComplete="off" noValidate>
      <label className="field">
        <span className="field-label">{t('destination.serverUrl')}</span>
        <input
          name="serverUrl"
          data-testid="server-url"
          type="url"
          defaultValue={initialServer}
          placeholder="rtmp://live.example.com/app"
          spellCheck={false}
          aria-invalid={field === 'serverUrl'}
          onInput={clearError}
        />
        <span className="field-hint">{t('destination.serverUrlHint')}</span>
        {saveError && field === 'serverUrl' && <ErrorMessage error={saveError} testId="error-serverUrl" />}
      </label>
      <label className="field">
        <span className="field-label">{t('destination.streamKey')}</span>
        <input
          name="streamKey"
          data-testid="stream-key"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          aria-invalid={field === 'streamKey'}
          onInput={clearError}
        />
        <span className="field-hint">{t('destination.streamKeyHint')}</span>
        {saveError && field === 'streamKey' && <ErrorMessage error={saveError} testId="error-streamKey" />}
      </label>
      {saveError && field !== 'serverUrl' && field !== 'streamKey' && <ErrorMessage error={saveError} testId="error-destination" />}
      <div className="form-actions">
        {canCancel && (
          <button type="button" className="btn btn-ghost" onClick={onDone}>
            {t('destination.cancel')}
          </button>
        )}
        <button type="submit" className="btn btn-primary" data-testid="save-destination" disabled={saving}>
          {saving ? t('destination.saving') : t('destination.save')}
        </button>
      </div>
    </form>
  )
}
