import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LogEvent } from '../../../../shared/live'
import { PROVIDERS } from '../../../../shared/providers'
import { logText } from '../../i18n/i18n'
import { formatClock } from '../../lib/format'
import { ALL_LOG, matchesLogFilter, providersInLog, type LogFilter, type LogLevelFilter, type LogSourceFilter } from '../studio/log-filter'

/** A past show's whole log, worded as the Studio's log words it, filterable the same way (source, level). */
export function SessionLog({ log }: { log: LogEvent[] }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const [filter, setFilter] = useState<LogFilter>(ALL_LOG)
  const shown = useMemo(() => log.filter((event) => matchesLogFilter(event, filter)), [log, filter])
  const providers = useMemo(() => providersInLog(log), [log])
  return (
    <section className="card log-card session-log" aria-labelledby="session-log-title">
      <div className="card-head log-head">
        <h2 id="session-log-title">{t('log.title')}</h2>
        {log.length > 0 && (
          <div className="log-filters">
            <select
              aria-label={t('log.filter.source')}
              data-testid="session-log-source"
              value={filter.source}
              onChange={(e) => setFilter({ ...filter, source: e.target.value as LogSourceFilter })}
            >
              <option value="all">{t('log.source.all')}</option>
              <option value="local">{t('log.source.local')}</option>
              {providers.map((id) => (
                <option key={id} value={id}>
                  {PROVIDERS[id].name}
                </option>
              ))}
            </select>
            <select
              aria-label={t('log.filter.level')}
              data-testid="session-log-level"
              value={filter.level}
              onChange={(e) => setFilter({ ...filter, level: e.target.value as LogLevelFilter })}
            >
              <option value="all">{t('log.level.all')}</option>
              <option value="warn">{t('log.level.warn')}</option>
              <option value="error">{t('log.level.error')}</option>
            </select>
          </div>
        )}
      </div>
      {log.length === 0 ? (
        <p className="empty">{t('log.empty')}</p>
      ) : shown.length === 0 ? (
        <p className="empty">{t('log.noneMatch')}</p>
      ) : (
        <ol className="log" data-testid="session-log">
          {shown.map((event, i) => (
            <li key={`${event.time}-${i}`} className={`log-${event.level}`} data-code={event.code} data-source={event.source ?? 'local'}>
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
