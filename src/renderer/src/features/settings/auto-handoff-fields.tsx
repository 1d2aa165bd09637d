import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AUTO_HANDOFF_ACTIONS, type AutoHandoffAction, type Settings } from '../../../../shared/settings'
import { ErrorMessage } from '../../ui/error-message'
import { useUploads } from '../recordings/uploads-store'
import { errorAbout, useSettings } from './settings-store'

/** Pure: `s3://bucket/` or `s3://bucket/folder/` (as settings.ts takes it); '' is "not chosen yet". */
export function isUploadFolder(text: string): boolean {
  return /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/\S*)?$/.test(text)
}

/**
 * The automatic handoff rule's choices, under its switch (Settings, DESIGN §6): stream a pending recording to the
 * destinations it missed, or upload it with a saved storage account to a folder. Shown only while the rule is on.
 */
export function AutoHandoffFields({ handoff }: { handoff: Settings['handoff'] }): React.JSX.Element | null {
  const { t } = useTranslation()
  const save = useSettings((s) => s.save)
  const refused = useSettings((s) => errorAbout(s, 'handoff.uploadTo'))
  const accounts = useUploads((s) => s.accounts)
  const [draft, setDraft] = useState<string | null>(null)
  const [tried, setTried] = useState(false)
  if (!handoff.auto) return null
  const text = draft ?? handoff.uploadTo
  const invalid = draft !== null && draft.trim() !== '' && !isUploadFolder(draft.trim())
  const submit = async () => {
    setTried(true)
    if (draft === null || invalid) return
    if (await save({ handoff: { uploadTo: draft.trim() } })) setDraft(null)
  }
  return (
    <div className="auto-handoff-fields" data-testid="settings-auto-handoff-fields">
      <fieldset className="choice auto-handoff-action">
        <legend className="field-label">{t('settings.autoHandoff.action')}</legend>
        {AUTO_HANDOFF_ACTIONS.map((action: AutoHandoffAction) => (
          <label key={action} className="choice-item">
            <input
              type="radio"
              name="auto-handoff-action"
              data-testid={`settings-auto-handoff-${action}`}
              checked={handoff.action === action}
              onChange={() => void save({ handoff: { action } })}
            />
            <span>{t(`settings.autoHandoff.${action}`)}</span>
          </label>
        ))}
      </fieldset>
      {handoff.action === 'upload' && (
        <>
          {accounts.length === 0 ? (
            <p className="field-hint" data-testid="settings-auto-handoff-no-account">
              {t('settings.autoHandoff.noAccount')}
            </p>
          ) : (
            <label className="field">
              <span className="field-label">{t('settings.autoHandoff.account')}</span>
              <select
                data-testid="settings-auto-handoff-account"
                value={handoff.storageProfile}
                onChange={(e) => void save({ handoff: { storageProfile: e.target.value } })}
              >
                {accounts.map((a) => (
                  <option key={a.profile} value={a.profile}>
                    {a.label}
                    {a.display.endpoint ? ` · ${a.display.endpoint}` : a.display.region ? ` · ${a.display.region}` : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="field">
            <label className="field-label" htmlFor="settings-auto-handoff-upload-to">
              {t('settings.autoHandoff.uploadTo')}
            </label>
            <div className="draft-row">
              <input
                id="settings-auto-handoff-upload-to"
                data-testid="settings-auto-handoff-upload-to"
                value={text}
                placeholder="s3://bucket/folder/"
                spellCheck={false}
                aria-invalid={tried && invalid ? true : undefined}
                aria-describedby="settings-auto-handoff-upload-to-hint"
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && void submit()}
              />
              <button
                type="button"
                className="btn btn-small"
                data-testid="settings-auto-handoff-upload-to-save"
                disabled={draft === null}
                onClick={() => void submit()}
              >
                {t('settings.save')}
              </button>
            </div>
            <span className="field-hint" id="settings-auto-handoff-upload-to-hint">
              {t(handoff.uploadTo ? 'settings.autoHandoff.uploadToHint' : 'settings.autoHandoff.needsTarget')}
            </span>
            {tried && invalid && <ErrorMessage text={t('settings.autoHandoff.uploadToInvalid')} testId="settings-auto-handoff-upload-to-problem" />}
            {!invalid && draft !== null && refused && <ErrorMessage error={refused} testId="settings-auto-handoff-upload-to-refused" />}
          </div>
        </>
      )}
    </div>
  )
}
