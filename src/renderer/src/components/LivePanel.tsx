import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { formatElapsed } from '../lib/format'
import { canStop, isActive } from '../lib/live-state'
import { useNow } from '../lib/use-now'
import { selectCustomAccount, useAccountStore } from '../stores/account-store'
import { useAppStore } from '../stores/app-store'
import { useLiveStore } from '../stores/live-store'
import type { LiveSnapshot } from '../../../shared/live'
import { ErrorMessage } from './ErrorMessage'
import { StatePill } from './StatePill'

/** The program monitor: state, elapsed time, destination, Go Live / Stop, and the session's figures. */
export function LivePanel(): React.JSX.Element {
  const { t } = useTranslation()
  const { snapshot, stats, health, preview, pending, commandError, clockOffsetMs, start, stop } = useLiveStore()
  const hasDestination = useAccountStore((s) => Boolean(selectCustomAccount(s)))
  const { video, audio, record } = useAppStore()
  const onAir = snapshot.state === 'live' || snapshot.state === 'reconnecting'
  const now = useNow(onAir) + clockOffsetMs
  const elapsedMs = snapshot.liveSince ? (snapshot.endedAt ?? (onAir ? now : snapshot.liveSince)) - snapshot.liveSince : 0
  const active = isActive(snapshot.state)
  const error = snapshot.state === 'failed' ? snapshot.error : (commandError ?? undefined)
  const figures = active ? stats : null

  // The tab or window title is a tally light too: visible when Onair is behind other windows.
  useEffect(() => {
    document.title = onAir ? `● ${t('state.live')} ${formatElapsed(elapsedMs)} · Onair` : 'Onair'
  }, [onAir, t, Math.floor(elapsedMs / 1000)]) // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <section className={`live-panel live-${snapshot.state}`} aria-label={t(`state.${snapshot.state}`)}>
      <div className={`monitor${preview && active ? ' has-preview' : ''}`}>
        {preview && active ? (
          <img className="monitor-preview" alt="" src={`data:${preview.mime};base64,${preview.data}`} />
        ) : (
          <div className="monitor-bars" aria-hidden />
        )}
        <div className="monitor-overlay">
          <div className="monitor-top">
            <StatePill state={snapshot.state} rawState={snapshot.rawState} testId="monitor-state" />
            {health && active && (
              <span className={`health health-${health.level}`} title={health.reasons.join('\n')}>
                {t(`health.${health.level}`)}
              </span>
            )}
          </div>
          <div className="monitor-center">
            <div className="elapsed" data-testid="elapsed" aria-label={t('live.elapsed')}>
              {formatElapsed(elapsedMs)}
            </div>
            <div className="monitor-caption">
              {snapshot.destinations.length > 0 && active ? (
                <span data-testid="destination-label">
                  {t('live.to')} {snapshot.destinations.map((d) => d.label).join(', ')}
                </span>
              ) : snapshot.state === 'ended' && snapshot.liveSince ? (
                t('live.lastShow', { duration: formatElapsed(elapsedMs) })
              ) : (
                t('live.offAir')
              )}
            </div>
          </div>
        </div>
      </div>

      <div className="controls">
        {canStop(snapshot.state) || pending === 'stop' || snapshot.state === 'ending' ? (
          <button
            key="stop"
            type="button"
            className="btn btn-stop"
            data-testid="stop"
            disabled={pending === 'stop' || snapshot.state === 'ending'}
            onClick={() => void stop()}
          >
            <span className="btn-icon stop-icon" aria-hidden />
            {pending === 'stop' || snapshot.state === 'ending' ? t('live.stopping') : t('live.stop')}
          </button>
        ) : (
          <button
            key="go-live"
            type="button"
            className="btn btn-live"
            data-testid="go-live"
            disabled={!hasDestination || pending !== null}
            title={hasDestination ? undefined : t('live.needDestination')}
            onClick={() => void start({ video, audio, record })}
          >
            <span className="btn-icon live-icon" aria-hidden />
            {pending === 'start' ? t('live.starting') : t('live.goLive')}
          </button>
        )}
        {!hasDestination && !active && <span className="controls-hint">{t('live.needDestination')}</span>}
        <RecordingNote snapshot={snapshot} />
      </div>

      {error && <ErrorMessage error={error} testId="live-error" />}

      <div className="stats" data-testid="stats">
        <Stat label={t('stats.fps')} value={figures ? figures.fps.toFixed(0) : '—'} unit="fps" testId="stat-fps" />
        <Stat label={t('stats.bitrate')} value={figures ? Math.round(figures.bitrateKbps).toLocaleString() : '—'} unit="kbps" testId="stat-kbps" />
        <Stat label={t('stats.speed')} value={figures ? figures.speed.toFixed(2) : '—'} unit="×" testId="stat-speed" />
        <Stat label={t('stats.dropped')} value={figures ? String(figures.droppedFrames) : '—'} testId="stat-dropped" />
      </div>
    </section>
  )
}

/** "Recording saved" only for a recording that is whole; a cut-short one says where and why it stopped, even mid-show. */
function RecordingNote({ snapshot }: { snapshot: LiveSnapshot }): React.JSX.Element | null {
  const { t } = useTranslation()
  const recording = snapshot.recording
  if (recording && !recording.complete) {
    const cause = t(`recording.cause.${recording.error ?? 'io_error'}`)
    return (
      <span className="controls-hint recording-incomplete" role="status" data-testid="recording-incomplete" title={recording.path}>
        {recording.seconds > 0 ? t('live.recordingIncomplete', { seconds: recording.seconds, cause }) : t('live.recordingLost', { cause })}
      </span>
    )
  }
  if (!snapshot.recordingPath || (snapshot.state !== 'ended' && snapshot.state !== 'failed')) return null
  return (
    <span className="controls-hint" data-testid="recording-path" title={snapshot.recordingPath}>
      {t('live.recordingSaved', { path: snapshot.recordingPath.split(/[\\/]/).pop() })}
    </span>
  )
}

function Stat({ label, value, unit, testId }: { label: string; value: string; unit?: string; testId: string }): React.JSX.Element {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">
        {value}
        {unit && value !== '—' && <span className="stat-unit">{unit}</span>}
      </div>
    </div>
  )
}
