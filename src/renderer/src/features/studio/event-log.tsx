import { useLayoutEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { logText } from '../../i18n/i18n'
import type { DestinationStatus, LogEvent } from '../../../../shared/live'
import { PROVIDERS } from '../../../../shared/providers'
import { formatClock } from '../../lib/format'
import { localBackupLabel, type DestinationChip } from '../destinations/destination-chip'
import { useDestinations } from '../destinations/destinations-store'
import { useLive } from './live-store'
import { LOG_ROW_PX, logWindow } from './log-window'
import { LogFilters, useLogFilter } from './log-filters'

/**
 * The session's log: Onair's own lines and the providers' events (tagged with the provider, in its words), filterable
 * by where they come from and how serious they are.
 */
export function EventLog(): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const log = useLive((s) => s.log)
  const destinations = useLive((s) => s.snapshot.destinations)
  const chips = useDestinations((s) => s.chips)
  const { filter, setFilter, shown, providers } = useLogFilter(log)
  const list = useRef<HTMLOListElement>(null)
  // Only the rows in view are drawn (a 4-hour show's log costs what a minute's does); the list follows the newest line
  // unless the streamer scrolled up to read an older one.
  const [view, setView] = useState({ scrollTop: 0, height: 0 })
  const following = useRef(true)
  const [selected, setSelected] = useState<LogEvent | null>(null)
  useLayoutEffect(() => {
    const el = list.current
    if (!el) return
    if (following.current) el.scrollTop = el.scrollHeight
    setView({ scrollTop: el.scrollTop, height: el.clientHeight })
  }, [shown.length])
  const onScroll = () => {
    const el = list.current
    if (!el) return
    following.current = el.scrollTop + el.clientHeight >= el.scrollHeight - LOG_ROW_PX / 2
    setView({ scrollTop: el.scrollTop, height: el.clientHeight })
  }
  const { first, last } = logWindow(shown.length, view.scrollTop, view.height)
  const words = (event: LogEvent) => logText(namedInOurWords(event, destinations, chips, t('destinations.backupLabel')))
  return (
    <section className="card log-card" aria-labelledby="log-title">
      <div className="card-head log-head">
        <h2 id="log-title">{t('log.title')}</h2>
        {log.length > 0 && <LogFilters filter={filter} providers={providers} onChange={setFilter} testIdPrefix="log" />}
      </div>
      {log.length === 0 ? (
        <p className="empty">{t('log.empty')}</p>
      ) : shown.length === 0 ? (
        <p className="empty" data-testid="log-none">
          {t('log.noneMatch')}
        </p>
      ) : (
        <>
          <ol className="log" ref={list} data-testid="log" onScroll={onScroll} aria-rowcount={shown.length}>
            {first > 0 && <li className="log-spacer" aria-hidden style={{ height: first * LOG_ROW_PX }} />}
            {shown.slice(first, last).map((event, i) => {
              const text = words(event)
              return (
                <li
                  key={`${event.time}-${first + i}`}
                  className={`log-${event.level}${selected === event ? ' log-selected' : ''}`}
                  data-code={event.code}
                  data-source={event.source ?? 'local'}
                  aria-rowindex={first + i + 1}
                  title={text}
                  onClick={() => setSelected(selected === event ? null : event)}
                >
                  <time>{formatClock(event.time, i18n.language)}</time>
                  <span className="log-level" aria-hidden />
                  <span className="log-text">
                    {event.source && (
                      <span className="log-source" data-testid="log-source-tag">
                        {PROVIDERS[event.source].name}
                      </span>
                    )}
                    {text}
                  </span>
                </li>
              )
            })}
            {last < shown.length && <li className="log-spacer" aria-hidden style={{ height: (shown.length - last) * LOG_ROW_PX }} />}
          </ol>
          {/* A line too long for its row, read in full: the rows keep one height so only those in view are drawn. */}
          {selected && shown.includes(selected) && (
            <p className="log-detail" data-testid="log-detail">
              {words(selected)}
            </p>
          )}
        </>
      )}
    </section>
  )
}

/** An event about a destination names it as its chip does: the channel's name, a backup push said in the UI's words. */
function namedInOurWords(event: LogEvent, destinations: DestinationStatus[], chips: DestinationChip[], backupWord: string): LogEvent {
  const d = destinations.find((x) => x.id === event.data?.id)
  if (!d || typeof event.data?.destination !== 'string') return event
  return { ...event, data: { ...event.data, destination: localBackupLabel(d, chips, backupWord) } }
}
