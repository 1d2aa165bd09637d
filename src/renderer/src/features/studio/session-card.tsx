import { useTranslation } from 'react-i18next'
import { formatClock } from '../../lib/format'
import { isActive } from '../../lib/live-state'
import { useLive } from './live-store'
import { useSources } from './sources-store'

/** Where the show goes and how it is doing: per-destination state, health with its reasons, the recording. */
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
        <dt>{t('session.destinations')}</dt>
        <dd>
          {snapshot.destinations.length === 0 ? (
            <span className="muted">{t('session.none')}</span>
          ) : (
            <ul className="destinations">
              {snapshot.destinations.map((d) => (
                <li key={d.id} className={`dest dest-${d.state}`} data-testid="destination-state" data-state={d.state}>
                  <span className="state-dot" aria-hidden />
                  <span className="dest-label">{d.label}</span>
                  {/* The provider's own word (PUBLISHING, live...) beside ours, as DESIGN §3 asks. */}
                  <span className="dest-state" title={d.rawState}>
                    {t(`state.${d.state}`)}
                    {d.rawState ? <span className="dest-raw"> · {d.rawState}</span> : null}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t('session.health')}</dt>
        <dd title={health?.reasons.join('\n')}>
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
