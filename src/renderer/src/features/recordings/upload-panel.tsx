import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { HandoffProgress } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { RecordingSummary } from '../../../../shared/recordings'
import { STORAGE } from '../../../../shared/storage'
import { ErrorMessage } from '../../ui/error-message'
import { formatDuration, formatSize } from './recording-format'
import { isUploadTarget, uploadOf, useUploads } from './uploads-store'

const percentOf = (u: HandoffProgress) => (u.bytesTotal > 0 ? Math.floor((u.bytesDone / u.bytesTotal) * 100) : 0)

/** Whether the card offers Upload: not while an upload of it runs or waits to go on, nor while it is written. */
export function useCanUpload(r: RecordingSummary): { offered: boolean; enabled: boolean } {
  const upload = useUploads((s) => uploadOf(s.uploads, r.id))
  const offered = upload?.state !== 'running' && upload?.state !== 'paused' && upload?.state !== 'failed'
  return { offered, enabled: !(r.inUse || r.missing || r.state === 'recording') }
}

/**
 * A recording's upload to S3-compatible storage (issue 11 item 7): the card's Upload opens a small form (the storage
 * account, the destination); while it runs, a bar with speed and time left, and Cancel; one a closed app left is
 * paused, with Resume.
 */
export function UploadPanel({ recording: r, open, onClose }: { recording: RecordingSummary; open: boolean; onClose(): void }): React.JSX.Element | null {
  const { t, i18n } = useTranslation()
  const upload = useUploads((s) => uploadOf(s.uploads, r.id))
  const error = useUploads((s) => s.errors[r.id])
  const start = useUploads((s) => s.start)
  const cancel = useUploads((s) => s.cancel)

  const resume = (u: HandoffProgress) => void start(r.id, u.target, u.profile ?? 'default')
  const percent = upload ? percentOf(upload) : 0

  if (upload?.state === 'running') {
    const pace =
      upload.etaSeconds !== null && upload.bytesPerSecond > 0
        ? t('recordings.upload.progress', { percent, speed: formatSize(upload.bytesPerSecond, i18n.language), eta: formatDuration(upload.etaSeconds) })
        : t('recordings.upload.progressNoEta', { percent })
    return (
      <div className="upload-panel" data-testid="upload" data-state="running">
        <div className="upload-line">
          <span>{t('recordings.upload.running', { target: upload.target })}</span>
          <span className="upload-pace" data-testid="upload-pace">
            {pace}
          </span>
        </div>
        <div
          className="upload-bar"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-label={t('recordings.upload.running', { target: upload.target })}
        >
          <div className="upload-bar-fill" style={{ width: `${percent}%` }} />
        </div>
        <div className="account-actions">
          <button type="button" className="btn btn-ghost" data-testid="upload-cancel" onClick={() => void cancel(upload.id)}>
            {t('recordings.upload.cancel')}
          </button>
        </div>
      </div>
    )
  }

  const stopped = upload?.state === 'paused' || upload?.state === 'failed' ? upload : undefined
  if (!stopped && !open && !error && upload?.state !== 'done') return null
  return (
    <div className="upload-panel" data-testid="upload" data-state={upload?.state ?? 'none'}>
      {upload?.state === 'done' && (
        <p className="recording-note" data-testid="upload-done">
          {t('recordings.upload.done', { target: upload.target })}
        </p>
      )}
      {stopped && (
        <p className="recording-note" data-testid="upload-stopped">
          {t(stopped.state === 'paused' ? 'recordings.upload.paused' : 'recordings.upload.failed', { target: stopped.target, percent })}
        </p>
      )}
      {error && <ErrorMessage error={error} testId="upload-error" />}
      {stopped && (
        <div className="account-actions">
          <button type="button" className="btn btn-ghost" data-testid="upload-resume" onClick={() => resume(stopped)}>
            {t(stopped.state === 'paused' ? 'recordings.upload.resume' : 'recordings.upload.retry')}
          </button>
          <button type="button" className="btn btn-ghost" data-testid="upload-cancel" onClick={() => void cancel(stopped.id)}>
            {t('recordings.upload.cancel')}
          </button>
        </div>
      )}
      {!stopped && open && <UploadForm recording={r} onClose={onClose} />}
    </div>
  )
}

/** Where to: the storage account (one is added here when none is saved) and `s3://bucket/key`. */
function UploadForm({ recording: r, onClose }: { recording: RecordingSummary; onClose(): void }): React.JSX.Element {
  const { t } = useTranslation()
  const formId = useId()
  const accounts = useUploads((s) => s.accounts)
  const start = useUploads((s) => s.start)
  const saveAccount = useUploads((s) => s.saveAccount)
  const [profile, setProfile] = useState(accounts[0]?.profile ?? 'default')
  const [target, setTarget] = useState('s3://')
  const [targetProblem, setTargetProblem] = useState(false)
  const [fields, setFields] = useState<Record<string, string>>({})
  const [saveError, setSaveError] = useState<OnairErrorValue | null>(null)
  const [saving, setSaving] = useState(false)

  if (accounts.length === 0) {
    const submit = async (e: React.FormEvent) => {
      e.preventDefault()
      setSaving(true)
      const filled = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''))
      const result = await saveAccount(filled)
      setSaving(false)
      setSaveError(result.ok ? null : result.error)
    }
    return (
      <form className="upload-form" data-testid="upload-account-form" onSubmit={(e) => void submit(e)} autoComplete="off" noValidate>
        <p className="recording-note">{t('recordings.upload.noAccount')}</p>
        <div className="upload-fields">
          {STORAGE.s3.credentialFields.map((f) => (
            <div className="field" key={f.name}>
              <label className="field-label" htmlFor={`${formId}-${f.name}`}>
                {t(`recordings.upload.field.${f.name}`)}
              </label>
              <input
                id={`${formId}-${f.name}`}
                data-testid={`upload-field-${f.name}`}
                type={f.secret ? 'password' : 'text'}
                autoComplete={f.secret ? 'new-password' : 'off'}
                spellCheck={false}
                placeholder={f.placeholder}
                value={fields[f.name] ?? ''}
                aria-invalid={saveError?.field === f.name || saveError?.field === `fields.${f.name}` || undefined}
                onChange={(e) => setFields({ ...fields, [f.name]: e.target.value })}
              />
            </div>
          ))}
        </div>
        {saveError && <ErrorMessage error={saveError} testId="upload-account-error" />}
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" data-testid="upload-close" onClick={onClose}>
            {t('recordings.upload.close')}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="upload-save-account" disabled={saving}>
            {t('recordings.upload.saveAccount')}
          </button>
        </div>
      </form>
    )
  }

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    if (!isUploadTarget(target)) return setTargetProblem(true)
    setTargetProblem(false)
    onClose()
    void start(r.id, target, profile)
  }
  return (
    <form className="upload-form" data-testid="upload-form" onSubmit={submit} autoComplete="off" noValidate>
      <div className="upload-fields">
        <div className="field">
          <label className="field-label" htmlFor={`${formId}-account`}>
            {t('recordings.upload.account')}
          </label>
          <select id={`${formId}-account`} data-testid="upload-account" value={profile} onChange={(e) => setProfile(e.target.value)}>
            {accounts.map((a) => (
              <option key={a.profile} value={a.profile}>
                {a.label}
                {a.display.endpoint ? ` · ${a.display.endpoint}` : a.display.region ? ` · ${a.display.region}` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${formId}-target`}>
            {t('recordings.upload.target')}
          </label>
          <input
            id={`${formId}-target`}
            data-testid="upload-target"
            type="text"
            spellCheck={false}
            value={target}
            aria-invalid={targetProblem || undefined}
            aria-describedby={`${formId}-target-hint`}
            onChange={(e) => setTarget(e.target.value)}
          />
          <span className="field-hint" id={`${formId}-target-hint`}>
            {t('recordings.upload.targetHint')}
          </span>
          {targetProblem && <ErrorMessage text={t('recordings.upload.targetInvalid')} testId="upload-target-error" />}
        </div>
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" data-testid="upload-close" onClick={onClose}>
          {t('recordings.upload.close')}
        </button>
        <button type="submit" className="btn btn-primary" data-testid="upload-start">
          {t('recordings.upload.start')}
        </button>
      </div>
    </form>
  )
}
