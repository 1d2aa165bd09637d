import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import './history.css'
import type { SessionSummary } from '../../../../shared/sessions'
import { ErrorMessage } from '../../ui/error-message'
import { formatDuration, formatStarted } from '../recordings/recording-format'
import { useHistory } from './history-store'
import { SessionDetailView } from './session-detail'

/** The History place (DESIGN §10, §11): every past show with how it went; one opens into its report, graphs and log. */
export function HistoryPage(): React.JSX.Element {
  const openId = useHistory((s) => s.openId)
  const load = useHistory((s) => s.load)
  // Read again on every visit: a show may have ended in another window or from the command line.
  useEffect(() => void load(), [load])
  return <div className="history-page">{openId ? <SessionDetailView /> : <SessionList />}</div>
}

function SessionList(): React.JSX.Element {
  const { t } = useTranslation()
  const sessions = useHistory((s) => s.sessions)
  const loaded = useHistory((s) => s.loaded)
  const listError = useHistory((s) => s.listError)
  return (
    <>
      <div className="page-head">
        <div>
          <h1 id="page-title" tabIndex={-1}>
            {t('history.title')}
          </h1>
          <p className="page-sub">{t('history.subtitle')}</p>
        </div>
      </div>
      {listError && <ErrorMessage error={listError} testId="history-error" />}
      {loaded && !listError && sessions.length === 0 && (
        <p className="empty-state" data-testid="history-empty">
          {t('history.empty')}
        </p>
      )}
      {sessions.length > 0 && (
        <ul className="item-list" data-testid="history">
          {sessions.map((s) => (
            <SessionCard key={s.id} session={s} />
          ))}
        </ul>
      )}
    </>
  )
}

function SessionCard({ session: s }: { session: SessionSummary }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const open = useHistory((st) => st.open)
  const lastOpened = useHistory((st) => st.lastOpened)
  const button = useRef<HTMLButtonElement>(null)
  // Back from a show's detail: focus returns to the show it came from.
  useEffect(() => {
    if (lastOpened === s.id) button.current?.focus()
  }, [lastOpened, s.id])
  const started = formatStarted(s.start, i18n.language)
  return (
    <li className="item-card session-card" data-testid="session" data-id={s.id} data-ending={s.ending}>
      <div className="session-head">
        <div className="session-title">
          <span className="session-when">{started}</span>
          <span className="session-where" data-testid="session-where">
            {s.destinations.length > 0 ? s.destinations.join(' · ') : '—'}
          </span>
        </div>
        <EndingPill ending={s.ending} />
      </div>
      <div className="session-foot">
        <dl className="session-facts">
          <Fact label={t('history.length')} value={formatDuration(s.durationSeconds)} />
          <Fact label={t('history.onAir')} value={formatDuration(s.onAirSeconds)} testId="session-on-air" />
          <Fact label={t('history.outages')} value={String(s.outages)} testId="session-outages" />
          <Fact label={t('history.reconnects')} value={String(s.reconnects)} />
          <Fact label={t('history.recorded')} value={s.recordedSeconds === null ? t('history.notRecorded') : formatDuration(s.recordedSeconds)} />
        </dl>
        <button
          ref={button}
          type="button"
          className="btn btn-ghost"
          data-testid="session-open"
          aria-label={t('history.openShow', { date: started })}
          onClick={() => void open(s.id)}
        >
          {t('history.open')}
        </button>
      </div>
    </li>
  )
}

export function EndingPill({ ending }: { ending: SessionSummary['ending'] }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <span className={`state-pill session-ending session-ending-${ending}`} data-testid="session-ending" data-ending={ending}>
      <span className="state-dot" aria-hidden />
      {t(`history.ending.${ending}`)}
    </span>
  )
}

export function Fact({ label, value, testId }: { label: string; value: string; testId?: string }): React.JSX.Element {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  )
}
