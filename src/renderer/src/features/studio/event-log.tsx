import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { logText } from '../../i18n/i18n'
import { formatClock } from '../../lib/format'
import { useLive } from './live-store'

export function EventLog(): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const log = useLive((s) => s.log)
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
              <span className="log-text">{logText(event)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
