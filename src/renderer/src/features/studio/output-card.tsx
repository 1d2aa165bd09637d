import { useTranslation } from 'react-i18next'
import { OutputFields } from '../settings/output-fields'
import { useLive } from './live-store'

/** The Studio's output picker (DESIGN §10): a preset for the next show, saved in the settings like everything else. */
export function OutputCard(): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="output-title" data-testid="output-card">
      <div className="card-head">
        <h2 id="output-title">{t('output.title')}</h2>
      </div>
      <OutputFields />
      <OverloadWarning />
    </section>
  )
}

/**
 * The encoder fell behind real time for the whole health window (speed < 0.95, DESIGN §5): said where the output is
 * chosen, with what to change. It stays after the show as advice for the next one.
 */
function OverloadWarning(): React.JSX.Element | null {
  const { t } = useTranslation()
  const speed = useLive((s) => {
    const cause = s.health?.causes.find((c) => c.code === 'overloaded')
    return cause && 'speed' in cause ? cause.speed : null
  })
  if (speed === null) return null
  return (
    <div className="warning-message" role="status" data-testid="output-overloaded">
      <span className="warning-icon" aria-hidden>
        !
      </span>
      <div>{t('output.overloaded', { speed })}</div>
    </div>
  )
}
