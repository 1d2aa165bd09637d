import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { healthReasons } from '../../lib/health-text'
import type { LiveState, LiveStats } from '../../../../shared/live'
import { useShell } from '../../app/shell-store'
import { useStores } from '../../app/stores-context'
import { formatElapsed } from '../../lib/format'
import { canStop, isActive } from '../../lib/live-state'
import { ErrorMessage } from '../../ui/error-message'
import { StatePill } from '../../ui/state-pill'
import { useNow } from '../../ui/use-now'
import { shortName, toLiveDestinations } from '../destinations/destination-chip'
import { useDestinations } from '../destinations/destinations-store'
import { ChecklistView } from './checklist-view'
import { PreviewPicture } from './preview-picture'
import { usePreview } from './preview-store'
import { ShowGraphs } from './show-graphs'
import { HandoffNote } from './handoff-note'
import { useLive } from './live-store'

/**
 * The program monitor: state, elapsed time, destination, Go Live / Stop, the Go Live checklist and the session's
 * figures. Each part that changes often (the preview picture up to 5 times a second, the clock, the stats) subscribes
 * on its own, so the panel itself re-renders only when the session's state does. The checklist shows while going live
 * and when a show failed; on air the figures take its place, and a button brings it back.
 */
export function LivePanel(): React.JSX.Element {
  const { t } = useTranslation()
  const stores = useStores()
  const state = useLive((s) => s.snapshot.state)
  const rawState = useLive((s) => s.snapshot.rawState)
  const pending = useLive((s) => s.pending)
  // A failed session's reason is on the checklist, at its step; this is a refusal that came without a session.
  const error = useLive((s) => (s.snapshot.state === 'failed' && s.snapshot.sessionId !== s.dismissedSessionId ? undefined : (s.commandError ?? undefined)))
  // The chosen source's picture before Go Live too: the streamer sees what will go out (issue 9 item 3).
  const hasPicture = usePreview((s) => s.hasFrame)
  const start = useLive((s) => s.start)
  const stop = useLive((s) => s.stop)
  const hasDestination = useDestinations((s) => s.chips.length > 0)
  const [checklistOnAir, setChecklistOnAir] = useState(false)
  const active = isActive(state)
  // Offline mode counts: the show is captured and recorded, and its figures matter as much.
  const onAir = state === 'live' || state === 'reconnecting' || state === 'offline' || state === 'ending'
  const showFigures = onAir && !checklistOnAir
  const goLive = () => {
    // Read at the click: the panel need not re-render whenever a source or a destination changes.
    const { video, audio, record } = stores.sources.getState()
    setChecklistOnAir(false)
    void start({ destinations: toLiveDestinations(stores.destinations.getState().chips), video, audio, record })
  }

  return (
    <section className={`live-panel live-${state}`} aria-label={t(`state.${state}`)}>
      <div className={`monitor${hasPicture ? ' has-preview' : ''}`}>
        {hasPicture ? <PreviewPicture /> : <div className="monitor-bars" aria-hidden />}
        <div className="monitor-overlay">
          <div className="monitor-top">
            <StatePill state={state} rawState={rawState} testId="monitor-state" />
            {active && <HealthBadge />}
          </div>
          <div className="monitor-center">
            <ElapsedClock />
            <MonitorCaption state={state} />
          </div>
        </div>
      </div>

      <div className="controls">
        {canStop(state) || pending === 'stop' || state === 'ending' ? (
          <button
            key="stop"
            type="button"
            className="btn btn-stop"
            data-testid="stop"
            disabled={pending === 'stop' || state === 'ending'}
            onClick={() => void stop()}
          >
            <span className="btn-icon stop-icon" aria-hidden />
            {pending === 'stop' || state === 'ending' ? t('live.stopping') : t('live.stop')}
          </button>
        ) : (
          <button
            key="go-live"
            type="button"
            className="btn btn-live"
            data-testid="go-live"
            disabled={!hasDestination || pending !== null}
            title={hasDestination ? undefined : t('live.needDestination')}
            onClick={goLive}
          >
            <span className="btn-icon live-icon" aria-hidden />
            {pending === 'start' ? t('live.starting') : t('live.goLive')}
          </button>
        )}
        {onAir && (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            data-testid="checklist-toggle"
            aria-pressed={checklistOnAir}
            onClick={() => setChecklistOnAir(!checklistOnAir)}
          >
            {checklistOnAir ? t('checklist.showFigures') : t('checklist.show')}
          </button>
        )}
        {!hasDestination && !active && <span className="controls-hint">{t('live.needDestination')}</span>}
        <RecordingNote />
      </div>

      <PendingHandoffNote />
      <HandoffNote />

      {error && <ErrorMessage error={error} testId="live-error" />}

      {onAir && <OffAirBanner />}

      {showFigures ? (
        <>
          <LiveFigures />
          <HealthReasons />
          <ShowGraphs />
        </>
      ) : (
        <ChecklistView />
      )}
    </section>
  )
}

function HealthBadge(): React.JSX.Element | null {
  const { t } = useTranslation()
  const health = useLive((s) => s.health)
  if (!health) return null
  return (
    <span className={`health health-${health.level}`} title={healthReasons(t, health).join('\n')}>
      {t(`health.${health.level}`)}
    </span>
  )
}

/** Time on air, ticking while live; also the tab's title, a tally light visible when Onair is behind other windows. */
function ElapsedClock(): React.JSX.Element {
  const { t } = useTranslation()
  const liveSince = useLive((s) => s.snapshot.liveSince)
  const endedAt = useLive((s) => s.snapshot.endedAt)
  const onAir = useLive((s) => s.snapshot.state === 'live' || s.snapshot.state === 'reconnecting')
  const clockOffsetMs = useLive((s) => s.clockOffsetMs)
  // Main's clock is ours plus the offset: the elapsed time turns over when main's whole seconds since liveSince do.
  const now = useNow(onAir, (liveSince ?? 0) - clockOffsetMs) + clockOffsetMs
  const elapsedMs = liveSince ? (endedAt ?? (onAir ? now : liveSince)) - liveSince : 0
  const seconds = Math.floor(elapsedMs / 1000)

  useEffect(() => {
    document.title = onAir ? `● ${t('state.live')} ${formatElapsed(seconds * 1000)} · Onair` : 'Onair'
  }, [onAir, t, seconds])

  return (
    <div className="elapsed" data-testid="elapsed" aria-label={t('live.elapsed')}>
      {formatElapsed(elapsedMs)}
    </div>
  )
}

function MonitorCaption({ state }: { state: LiveState }): React.JSX.Element {
  const { t } = useTranslation()
  const chips = useDestinations((s) => s.chips)
  // A string, compared by value: the caption re-renders when a name changes, not on every snapshot. Where the show goes
  // now: a failed destination is not, and a backup ingest is the same channel.
  const labels = useLive((s) =>
    s.snapshot.destinations
      .filter((d) => !d.backup && d.state !== 'failed')
      .map((d) => shortName(d, chips))
      .join(', ')
  )
  const lastShowMs = useLive((s) => (s.snapshot.liveSince ? (s.snapshot.endedAt ?? s.snapshot.liveSince) - s.snapshot.liveSince : null))
  return (
    <div className="monitor-caption">
      {labels && isActive(state) ? (
        <span className="monitor-to" data-testid="destination-label" title={labels}>
          {t('live.to')} {labels}
        </span>
      ) : state === 'ended' && lastShowMs !== null ? (
        t('live.lastShow', { duration: formatElapsed(lastShowMs) })
      ) : (
        t('live.offAir')
      )}
    </div>
  )
}

/** "Recording saved" only for a recording that is whole; a cut-short one says where and why it stopped, even mid-show. */
function RecordingNote(): React.JSX.Element | null {
  const { t } = useTranslation()
  const recording = useLive((s) => s.snapshot.recording)
  const recordingPath = useLive((s) => s.snapshot.recordingPath)
  const state = useLive((s) => s.snapshot.state)
  if (recording && !recording.complete) {
    const cause = t(`recording.cause.${recording.error ?? 'io_error'}`)
    return (
      <span className="controls-hint recording-incomplete" role="status" data-testid="recording-incomplete" title={recording.path}>
        {recording.seconds > 0 ? t('live.recordingIncomplete', { seconds: recording.seconds, cause }) : t('live.recordingLost', { cause })}
      </span>
    )
  }
  if (!recordingPath || (state !== 'ended' && state !== 'failed')) return null
  return (
    <span className="controls-hint" data-testid="recording-path" title={recordingPath}>
      {t('live.recordingSaved', { path: recordingPath.split(/[\\/]/).pop() })}
    </span>
  )
}

/** The encoder's figures, following live:stats (about once a second) on their own. */
function LiveFigures(): React.JSX.Element {
  const { t } = useTranslation()
  const figures = useLive((s) => (isActive(s.snapshot.state) ? s.stats : null))
  return (
    <div className="stats" data-testid="stats">
      <Stat label={t('stats.fps')} value={figures ? figures.fps.toFixed(0) : '—'} unit="fps" testId="stat-fps" />
      {/* What reaches the ingests (0 during an outage), not what the encoder makes (DESIGN §4). */}
      <Stat label={t('stats.sent')} value={figures ? Math.round(sentKbps(figures)).toLocaleString() : '—'} unit="kbps" testId="stat-kbps" />
      <Stat label={t('stats.speed')} value={figures ? figures.speed.toFixed(2) : '—'} unit="×" testId="stat-speed" />
      <Stat label={t('stats.dropped')} value={figures ? String(figures.droppedFrames) : '—'} testId="stat-dropped" />
    </div>
  )
}

/** While no destination has the show: how long, and that the recording goes on (or that nothing is kept). */
function OffAirBanner(): React.JSX.Element | null {
  const { t } = useTranslation()
  const offAirSince = useLive((s) => s.snapshot.offAirSince)
  const offline = useLive((s) => s.snapshot.state === 'offline')
  const recording = useLive((s) => s.snapshot.recordingPath !== undefined && s.snapshot.recording?.complete !== false)
  const clockOffsetMs = useLive((s) => s.clockOffsetMs)
  const now = useNow(offAirSince !== undefined, (offAirSince ?? 0) - clockOffsetMs) + clockOffsetMs
  if (offAirSince === undefined) return null
  const seconds = Math.max(0, Math.floor((now - offAirSince) / 1000))
  if (offline) {
    // Offline mode: nothing is wrong with the show itself; it is kept, and goes out by itself once a destination answers.
    return (
      <div className="off-air-banner off-air-offline" role="alert" data-testid="off-air" data-offline="true">
        <strong>{t('offline.title', { seconds })}</strong>
        <span>{recording ? t('offline.recording') : t('offline.notRecording')}</span>
      </div>
    )
  }
  return (
    <div className="off-air-banner" role="alert" data-testid="off-air">
      <strong>{t('offAir.title', { seconds })}</strong>
      <span>{recording ? t('offAir.recording') : t('offAir.notRecording')}</span>
    </div>
  )
}

/**
 * After a show part of which reached no destination (offline mode): its recording waits in Recordings to be handed
 * off (streamed to the channel or uploaded). Said until the next show starts.
 */
function PendingHandoffNote(): React.JSX.Element | null {
  const { t } = useTranslation()
  const go = useShell((s) => s.go)
  const seconds = useLive((s) => {
    const { state, unstreamed, recordingPath, recording } = s.snapshot
    if ((state !== 'ended' && state !== 'failed') || !recordingPath || recording?.seconds === 0 || !unstreamed?.length) return null
    return Math.round(unstreamed.reduce((n, span) => n + ((span.end ?? span.start) - span.start), 0) / 1000)
  })
  if (seconds === null) return null
  return (
    <div className="pending-handoff" role="status" data-testid="pending-handoff">
      <span className="pending-handoff-badge">{t('pendingHandoff.badge')}</span>
      <span>{t('pendingHandoff.text', { seconds })}</span>
      <button type="button" className="btn btn-small" data-testid="pending-handoff-open" onClick={() => go('recordings')}>
        {t('pendingHandoff.open')}
      </button>
    </div>
  )
}

/** Why health is not excellent, in the UI's language, under the figures. */
function HealthReasons(): React.JSX.Element | null {
  const { t } = useTranslation()
  const health = useLive((s) => s.health)
  const reasons = healthReasons(t, health)
  if (!health || health.level === 'excellent' || reasons.length === 0) return null
  return (
    <p className={`health-reasons health-${health.level}`} data-testid="health-reasons">
      {reasons.join(' · ')}
    </p>
  )
}

function sentKbps(stats: LiveStats): number {
  return stats.destinations.reduce((n, d) => n + d.kbps, 0)
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
