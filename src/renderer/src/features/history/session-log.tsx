import { useTranslation } from 'react-i18next'
import type { LogEvent } from '../../../../shared/live'
import { PROVIDERS } from '../../../../shared/providers'
import { logText } from '../../i18n/i18n'
import { formatClock } from '../../lib/format'
import { LogFilters, useLogFilter } from '../studio/log-filters'

/** A past show's whole log, worded as the Studio's log words it, filterable the same way (source, level). */
export function SessionLog({ log }: { log: LogEvent[] }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const { filter, setFilter, shown, providers } = useLogFilter(log)
  return (
    <section className="card log-card session-log" aria-labelledby="session-log-title">
      <div className="card-head log-head">
        <h2 id="session-log-title">{t('log.title')}</h2>
        {log.length > 0 && <LogFilters filter={filter} providers={providers} onChange={setFilter} testIdPrefix="session-log" />}
      </div>
      {log.length === 0 ? (
        <p className="empty">{t('log.empty')}</p>
      ) : shown.length === 0 ? (
        <p className="empty">{t('log.noneMatch')}</p>
      ) : (
        <ol className="log" data-testid="session-log">
          {shown.map((event, i) => (
            // One-line rows, as in the Studio: the whole line on hover.
            <li key={`${event.time}-${i}`} className={`log-${event.level}`} data-code={event.code} data-source={event.source ?? 'local'} title={logText(event)}>
              <time>{formatClock(event.time, i18n.language)}</time>
              <span className="log-level" aria-hidden />
              <span className="log-text">
                {event.source && <span className="log-source">{PROVIDERS[event.source]?.name ?? event.source}</span>}
                {logText(event)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
