import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RecordingSummary } from '../../../../shared/recordings'
import { formatDuration, formatSize, formatStarted } from './recording-format'
import { StreamPanel, useStreamView } from './stream-panel'
import { UploadPanel, useCanUpload } from './upload-panel'
import { uploadOf, useUploads } from './uploads-store'

/** What the card says under the facts: why a recording is in the state it is, when that needs saying. */
function noteKey(r: RecordingSummary): string | null {
  if (r.missing) return 'recordings.note.missing'
  if (r.repairing) return 'recordings.note.repairing'
  if (r.state === 'recording') return 'recordings.note.recording'
  if (r.state === 'repaired') return 'recordings.note.repaired'
  if (r.state === 'interrupted') return r.failure ? 'recordings.note.cutShort' : 'recordings.note.unrepairable'
  return null
}

/** One recording of the library: file, when, where it went, state, duration, size; reveal and delete. */
export function RecordingCard({
  recording: r,
  revealedPath,
  onReveal,
  onDelete
}: {
  recording: RecordingSummary
  revealedPath?: string
  onReveal(): void
  onDelete(): void
}): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const [uploadOpen, setUploadOpen] = useState(false)
  const canUpload = useCanUpload(r)
  const [streamOpen, setStreamOpen] = useState(false)
  const streaming = useStreamView(r.id).kind
  const uploading = useUploads((s) => uploadOf(s.uploads, r.id)?.state === 'running')
  // Streamed to a channel or uploaded right now: the library says "waiting to hand off" until it has gone out in full.
  const handingOff = uploading || streaming === 'connecting' || streaming === 'running'
  const pill = r.repairing ? 'repairing' : handingOff ? 'handing_off' : r.state
  const note = noteKey(r)
  const where = r.destinations.length > 0 ? r.destinations.join(' · ') : t('recordings.recordOnly')
  return (
    <li className="item-card recording-card" data-testid="recording" data-id={r.id} data-state={r.state}>
      <div className="recording-head">
        <div className="recording-title">
          <span className="recording-name" data-testid="recording-name">
            {r.fileName}
          </span>
          <span className="recording-where">
            {formatStarted(r.startedAt, i18n.language)} · <span data-testid="recording-where">{where}</span>
          </span>
        </div>
        <span
          className={`state-pill rec-state rec-state-${pill}`}
          data-testid="recording-state"
          data-state={r.state}
          data-repairing={r.repairing || undefined}
          data-handing-off={handingOff || undefined}
        >
          <span className="state-dot" aria-hidden />
          {r.repairing ? t('recordings.repairing') : t(`recordings.state.${pill}`)}
        </span>
      </div>
      <dl className="recording-facts">
        <div>
          <dt>{t('recordings.duration')}</dt>
          <dd data-testid="recording-duration">{r.durationSeconds !== undefined ? formatDuration(r.durationSeconds) : '—'}</dd>
        </div>
        <div>
          <dt>{t('recordings.size')}</dt>
          <dd data-testid="recording-size">{formatSize(r.sizeBytes, i18n.language)}</dd>
        </div>
        {r.recoveredSeconds !== undefined && (
          <div>
            <dt>{t('recordings.recovered')}</dt>
            <dd data-testid="recording-recovered">{formatDuration(r.recoveredSeconds)}</dd>
          </div>
        )}
      </dl>
      {note && (
        <p className="recording-note" data-testid="recording-note">
          {t(note, { length: formatDuration(r.recoveredSeconds ?? r.durationSeconds ?? 0), cause: r.failure ? t(`recording.cause.${r.failure}`) : '' })}
        </p>
      )}
      {revealedPath && (
        <p className="recording-path" data-testid="recording-path">
          {t('recordings.pathIs')} <code>{revealedPath}</code>
        </p>
      )}
      <div className="account-actions">
        <button type="button" className="btn btn-ghost" data-testid="recording-reveal" disabled={r.missing} onClick={onReveal}>
          {t('recordings.reveal')}
        </button>
        {canUpload.offered && (
          <button
            type="button"
            className="btn btn-ghost"
            data-testid="upload-open"
            aria-expanded={uploadOpen}
            disabled={!canUpload.enabled}
            onClick={() => setUploadOpen(!uploadOpen)}
          >
            {t('recordings.upload')}
          </button>
        )}
        {streaming !== 'connecting' && streaming !== 'running' && (
          <button
            type="button"
            className="btn btn-ghost"
            data-testid="stream-open"
            aria-expanded={streamOpen}
            disabled={r.inUse || r.missing || r.state === 'recording'}
            onClick={() => setStreamOpen(!streamOpen)}
          >
            {t('recordings.stream')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-ghost btn-ghost-danger"
          data-testid="recording-delete"
          disabled={r.inUse}
          title={r.inUse ? t('recordings.inUse') : undefined}
          onClick={onDelete}
        >
          {t('recordings.delete')}
        </button>
        {r.inUse && <span className="recording-in-use">{t('recordings.inUse')}</span>}
      </div>
      <UploadPanel recording={r} open={uploadOpen && canUpload.offered} onClose={() => setUploadOpen(false)} />
      <StreamPanel recording={r} open={streamOpen} onClose={() => setStreamOpen(false)} />
    </li>
  )
}
