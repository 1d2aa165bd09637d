import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OnairErrorValue } from '../../../../shared/errors'
import { errorField } from '../../lib/format'
import { ErrorMessage } from '../../ui/error-message'
import { useAccounts } from '../accounts/accounts-store'

/**
 * A Custom RTMP server in one step: server URL + stream key, saved as an account (the key straight to the keychain).
 * Used to add a destination from the picker and to change a Custom RTMP chip's server or key.
 */
export function CustomRtmpForm({
  profile,
  label,
  initialServer = '',
  onSaved,
  onCancel
}: {
  profile: string
  /** Kept when a chip's account is changed (a save replaces the whole account). */
  label?: string
  initialServer?: string
  onSaved: (profile: string) => void
  onCancel?: () => void
}): React.JSX.Element {
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
      profile,
      ...(label ? { label } : {}),
      fields: { serverUrl: String(data.get('serverUrl') ?? ''), streamKey: String(data.get('streamKey') ?? '') }
    })
    setSaving(false)
    if (!result.ok) return setSaveError(result.error)
    // The key leaves the page as soon as the keychain has it: the inputs are uncontrolled and cleared here.
    form.current?.reset()
    onSaved(profile)
  }

  return (
    <form ref={form} className="destination-form" data-testid="custom-rtmp-form" onSubmit={(e) => void submit(e)} autoComplete="off" noValidate>
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
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
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
