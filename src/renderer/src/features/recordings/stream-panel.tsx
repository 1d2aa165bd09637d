import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OnairErrorValue } from '../../../../shared/errors'
import { missedSpan, type RecordingSummary } from '../../../../shared/recordings'
import { useShell } from '../../app/shell-store'
import { ErrorMessage } from '../../ui/error-message'
import { useAccounts } from '../accounts/accounts-store'
import { useDestinations } from '../destinations/destinations-store'
import { useLive } from '../studio/live-store'
import { formatDuration } from './recording-format'
import { useRecordings } from './recordings-store'
import { showActive, streamChoices, streamView, type StreamView } from './stream-model'

/** This recording's stream to a channel, from the live session that carries it. */
export function useStreamView(recordingId: string): StreamView {
  const snapshot = useLive((s) => s.snapshot)
  const stats = useLive((s) => s.stats)
  return streamView(snapshot, stats, recordingId)
}

/**
 * A recording streamed to a channel as a live show (issue 11 items 4, 7): pick the channel (the Studio's destinations
 * and saved RTMP servers), Start; while it runs, where it goes, the position in the file, a bar and Stop. The show
 * itself is the Studio's live session (its health and log are there).
 */
export function StreamPanel({ recording: r, open, onClose }: { recording: RecordingSummary; open: boolean; onClose(): void }): React.JSX.Element | null {
  const { t } = useTranslation()
  const view = useStreamView(r.id)
  const stop = useLive((s) => s.stop)
  const stopping = useLive((s) => s.pending === 'stop')
  const failure = useLive((s) => (s.snapshot.handoff?.recordingId === r.id ? s.snapshot.error : undefined))
  const [error, setError] = useState<OnairErrorValue | null>(null)
  const length = (seconds: number, duration: number | null) =>
    duration === null ? formatDuration(seconds) : t('recordings.stream.position', { position: formatDuration(seconds), duration: formatDuration(duration) })

  if (view.kind === 'connecting' || view.kind === 'running') {
    const line = t(view.kind === 'connecting' ? 'recordings.stream.connecting' : 'recordings.stream.running', { target: view.target })
    return (
      <div className="upload-panel" data-testid="stream" data-state={view.kind}>
        <div className="upload-line">
          <span>{line}</span>
          <span className="upload-pace" data-testid="stream-position">
            {length(view.position, view.duration)}
          </span>
        </div>
        <div className="upload-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={view.percent} aria-label={line}>
          <div className="upload-bar-fill" style={{ width: `${view.percent}%` }} />
        </div>
        <div className="account-actions">
          <button type="button" className="btn btn-ghost btn-ghost-danger" data-testid="stream-stop" disabled={stopping} onClick={() => void stop()}>
            {t('recordings.stream.stop')}
          </button>
        </div>
      </div>
    )
  }
  const ended = view.kind === 'done' || view.kind === 'stopped' || view.kind === 'failed' ? view : null
  if (!ended && !open && !error) return null
  return (
    <div className="upload-panel" data-testid="stream" data-state={ended?.kind ?? 'none'}>
      {ended?.kind === 'done' && (
        <p className="recording-note" data-testid="stream-done">
          {t('recordings.stream.done', { target: ended.target })}
        </p>
      )}
      {ended?.kind === 'stopped' && (
        <p className="recording-note" data-testid="stream-stopped">
          {t('recordings.stream.stopped', { position: length(ended.position, ended.duration) })}
        </p>
      )}
      {ended?.kind === 'failed' && failure && <ErrorMessage error={failure} testId="stream-failed" />}
      {error && <ErrorMessage error={error} testId="stream-error" />}
      {open && <StreamForm recording={r} onClose={onClose} onRefused={setError} />}
    </div>
  )
}

/** Which channel: a select of the choices, and Start (refused while another show is on air). */
function StreamForm({
  recording: r,
  onClose,
  onRefused
}: {
  recording: RecordingSummary
  onClose(): void
  onRefused(error: OnairErrorValue | null): void
}): React.JSX.Element {
  const { t } = useTranslation()
  const stream = useRecordings((s) => s.stream)
  const formId = useId()
  const chips = useDestinations((s) => s.chips)
  const accounts = useAccounts((s) => s.accounts)
  const busy = useLive((s) => showActive(s.snapshot))
  const go = useShell((s) => s.go)
  const choices = streamChoices(chips, accounts)
  const [key, setKey] = useState(choices[0]?.key ?? '')
  const [starting, setStarting] = useState(false)
  // After an offline show: only what the audience missed, unless the streamer wants the whole recording again.
  const missed = missedSpan(r)
  const [onlyMissed, setOnlyMissed] = useState(missed !== null)
  const chosen = choices.find((c) => c.key === key) ?? choices[0]

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (!chosen) return
    setStarting(true)
    onRefused(null)
    const result = await stream(r.id, [chosen.destination], onlyMissed && missed ? missed : undefined)
    setStarting(false)
    // Once live, the show's own events draw the progress; a refusal before it has only this answer.
    if (result.ok) onClose()
    else onRefused(result.error)
  }

  return (
    <form className="upload-form stream-form" data-testid="stream-form" onSubmit={(e) => void submit(e)} noValidate>
      <p className="recording-note">{t('recordings.stream.hint', { length: r.durationSeconds !== undefined ? formatDuration(r.durationSeconds) : '—' })}</p>
      {choices.length === 0 ? (
        <p className="recording-note" data-testid="stream-no-choices">
          {t('recordings.stream.noChoices')}{' '}
          <button type="button" className="link-button" data-testid="stream-to-studio" onClick={() => go('studio')}>
            {t('recordings.stream.toStudio')}
          </button>
        </p>
      ) : (
        <div className="upload-fields">
          <div className="field">
            <label className="field-label" htmlFor={`${formId}-channel`}>
              {t('recordings.stream.channel')}
            </label>
            <select id={`${formId}-channel`} data-testid="stream-channel" value={chosen?.key} onChange={(e) => setKey(e.target.value)}>
              {choices.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {missed && (
        <label className="check">
          <input type="checkbox" data-testid="stream-only-missed" checked={onlyMissed} onChange={(e) => setOnlyMissed(e.target.checked)} />
          <span>{t('recordings.stream.onlyMissed', { from: formatDuration(missed.startSeconds), to: formatDuration(missed.endSeconds) })}</span>
        </label>
      )}
      {busy && (
        <p className="recording-note" data-testid="stream-busy">
          {t('recordings.stream.busy')}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" data-testid="stream-close" onClick={onClose}>
          {t('recordings.stream.close')}
        </button>
        <button type="submit" className="btn btn-primary" data-testid="stream-start" disabled={!chosen || busy || starting}>
          {t('recordings.stream.start')}
        </button>
      </div>
    </form>
  )
}
