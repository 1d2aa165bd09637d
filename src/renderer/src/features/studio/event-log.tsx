import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { logText } from '../../i18n/i18n'
import type { DestinationStatus, LogEvent } from '../../../../shared/live'
import { formatClock } from '../../lib/format'
import { localBackupLabel, type DestinationChip } from '../destinations/destination-chip'
import { useDestinations } from '../destinations/destinations-store'
import { useLive } from './live-store'

export function EventLog(): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const log = useLive((s) => s.log)
  const destinations = useLive((s) => s.snapshot.destinations)
  const chips = useDestinations((s) => s.chips)
  const list = useRef<HTMLOListElement>(null)
  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight })
  }, [log.length])
  return (
    <section className="card log-card" aria-labelledby="log-title">
      <div className="card-head">
        <h2 id="log-title">{t('log.title')}</h2>
      </div>
      {log.length === 0 ? (
        <p className="empty">{t('log.empty')}</p>
      ) : (
        <ol className="log" ref={list} data-testid="log">
          {log.map((event, i) => (
            <li key={`${event.time}-${i}`} className={`log-${event.level}`} data-code={event.code}>
              <time>{formatClock(event.time, i18n.language)}</time>
              <span className="log-level" aria-hidden />
              <span className="log-text">{logText(namedInOurWords(event, destinations, chips, t('destinations.backupLabel')))}</span>
            </li>
          ))}
        </ol>
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
