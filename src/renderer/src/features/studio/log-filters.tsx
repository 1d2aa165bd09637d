import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LogEvent } from '../../../../shared/live'
import { PROVIDERS, type ProviderId } from '../../../../shared/providers'
import { ALL_LOG, matchesLogFilter, providersInLog, type LogFilter, type LogLevelFilter, type LogSourceFilter } from './log-filter'

/** A log's filter and what it lets through: the Studio's live log and a past show's log in History share it. */
export function useLogFilter(log: LogEvent[]): { filter: LogFilter; setFilter(filter: LogFilter): void; shown: LogEvent[]; providers: ProviderId[] } {
  const [filter, setFilter] = useState<LogFilter>(ALL_LOG)
  const shown = useMemo(() => log.filter((event) => matchesLogFilter(event, filter)), [log, filter])
  const providers = useMemo(() => providersInLog(log), [log])
  return { filter, setFilter, shown, providers }
}

/** The two selects of a log's head: where lines come from (Onair or a provider that spoke) and how serious they are. */
export function LogFilters(props: { filter: LogFilter; providers: ProviderId[]; onChange(filter: LogFilter): void; testIdPrefix: string }): React.JSX.Element {
  const { t } = useTranslation()
  const { filter, onChange } = props
  return (
    <div className="log-filters">
      <select
        aria-label={t('log.filter.source')}
        data-testid={`${props.testIdPrefix}-source`}
        value={filter.source}
        onChange={(e) => onChange({ ...filter, source: e.target.value as LogSourceFilter })}
      >
        <option value="all">{t('log.source.all')}</option>
        <option value="local">{t('log.source.local')}</option>
        {props.providers.map((id) => (
          <option key={id} value={id}>
            {PROVIDERS[id].name}
          </option>
        ))}
      </select>
      <select
        aria-label={t('log.filter.level')}
        data-testid={`${props.testIdPrefix}-level`}
        value={filter.level}
        onChange={(e) => onChange({ ...filter, level: e.target.value as LogLevelFilter })}
      >
        <option value="all">{t('log.level.all')}</option>
        <option value="warn">{t('log.level.warn')}</option>
        <option value="error">{t('log.level.error')}</option>
      </select>
    </div>
  )
}
