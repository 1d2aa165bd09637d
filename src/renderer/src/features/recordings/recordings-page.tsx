import { useState } from 'react'
import './recordings.css'
import { useTranslation } from 'react-i18next'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { RecordingSummary } from '../../../../shared/recordings'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { ErrorMessage } from '../../ui/error-message'
import { AutoHandoffLines } from './auto-handoff-lines'
import { RecordingCard } from './recording-card'
import { useRecordings } from './recordings-store'

/** The Recordings place (DESIGN §10): every show's recording, its state, duration and size; reveal and delete. */
export function RecordingsPage(): React.JSX.Element {
  const { t } = useTranslation()
  const recordings = useRecordings((s) => s.recordings)
  const loaded = useRecordings((s) => s.loaded)
  const listError = useRecordings((s) => s.listError)
  const revealed = useRecordings((s) => s.revealed)
  const reveal = useRecordings((s) => s.reveal)
  const remove = useRecordings((s) => s.remove)
  const [deleting, setDeleting] = useState<RecordingSummary | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<OnairErrorValue | null>(null)

  const confirmDelete = async () => {
    if (!deleting) return
    setBusy(true)
    const result = await remove(deleting.id)
    setBusy(false)
    setDeleting(null)
    setError(result.ok ? null : result.error)
  }

  const onReveal = async (id: string) => {
    const result = await reveal(id)
    setError(result.ok ? null : result.error)
  }

  return (
    <div className="recordings-page">
      <div className="page-head">
        <div>
          <h1 id="page-title" tabIndex={-1}>
            {t('recordings.title')}
          </h1>
          <p className="page-sub">{t('recordings.subtitle')}</p>
        </div>
      </div>
      <AutoHandoffLines />
      {listError && <ErrorMessage error={listError} testId="recordings-error" />}
      {error && <ErrorMessage error={error} testId="recording-error" />}
      {loaded && !listError && recordings.length === 0 && (
        <p className="empty-state" data-testid="recordings-empty">
          {t('recordings.empty')}
        </p>
      )}
      {recordings.length > 0 && (
        <ul className="item-list" data-testid="recordings">
          {recordings.map((r) => (
            <RecordingCard
              key={r.id}
              recording={r}
              revealedPath={revealed[r.id]}
              onReveal={() => void onReveal(r.id)}
              onDelete={() => {
                setError(null)
                setDeleting(r)
              }}
            />
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          testId="delete-recording-dialog"
          title={t('recordings.deleteDialog.title')}
          body={t('recordings.deleteDialog.body', { file: deleting.fileName })}
          confirmLabel={t('recordings.deleteDialog.confirm')}
          cancelLabel={t('recordings.deleteDialog.cancel')}
          busy={busy}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setDeleting(null)}
        />
      )}
    </div>
  )
}
