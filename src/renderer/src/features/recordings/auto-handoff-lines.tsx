import { useTranslation } from 'react-i18next'
import { errorText } from '../../i18n/i18n'
import { useAutoHandoff } from './auto-handoff-store'
import './auto-handoff.css'

/**
 * What the automatic handoff rule did (Settings: hand off by itself), one line per recording, at the top of the
 * Recordings place: sending, sent, could not send (and when it tries again; the recording is kept), stopped.
 */
export function AutoHandoffLines(): React.JSX.Element | null {
  const { t } = useTranslation()
  const told = useAutoHandoff((s) => s.told)
  if (told.length === 0) return null
  return (
    <ul className="auto-handoff-lines" data-testid="auto-handoff-lines" aria-live="polite">
      {told.map((e) => {
        const params = {
          file: e.fileName,
          target: e.target,
          time: e.retryAt ? new Date(e.retryAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : ''
        }
        return (
          <li key={e.recordingId} className={`auto-handoff-line auto-handoff-${e.state}`} data-testid="auto-handoff-line" data-state={e.state}>
            {t(`recordings.auto.${e.action}.${e.state}`, params)}
            {e.state === 'failed' && e.error && <span className="auto-handoff-why"> {errorText(e.error).text}</span>}
          </li>
        )
      })}
    </ul>
  )
}
