import { useTranslation } from 'react-i18next'
import { healthReasons } from '../../lib/health-text'
import { formatClock } from '../../lib/format'
import { isActive } from '../../lib/live-state'
import { useLive } from './live-store'
import { useSources } from './sources-store'

/** How the show is doing: health with its reasons, the recording (each destination's state is on its chip). */
export function SessionCard(): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const snapshot = useLive((s) => s.snapshot)
  const health = useLive((s) => s.health)
  const record = useSources((s) => s.record)
  const active = isActive(snapshot.state)
  const file = snapshot.recordingPath?.split(/[\\/]/).pop()

  return (
    <section className="card" aria-labelledby="session-title">
      <div className="card-head">
        <h2 id="session-title">{t('session.title')}</h2>
        {snapshot.startedAt && <span className="card-sub">{formatClock(snapshot.startedAt, i18n.language)}</span>}
      </div>
      <dl className="facts">
        <dt>{t('session.health')}</dt>
        <dd title={healthReasons(t, health).join('\n')}>
          {health && active ? <span className={`health-text health-${health.level}`}>{t(`health.${health.level}`)}</span> : <span className="muted">—</span>}
        </dd>
        <dt>{t('session.recording')}</dt>
        <dd className="recording" title={snapshot.recordingPath}>
          {file ? <code>{file}</code> : <span className="muted">{record ? t('session.recordingOn') : t('session.recordingOff')}</span>}
        </dd>
      </dl>
    </section>
  )
}
