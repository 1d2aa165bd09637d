import { useMemo } from 'react'
import './checklist.css'
import { useTranslation } from 'react-i18next'
import { displayText } from '../../../../shared/display-text'
import { errorText } from '../../i18n/i18n'
import { localBackupLabel } from '../destinations/destination-chip'
import { useDestinations } from '../destinations/destinations-store'
import { ChecklistSignalWarning } from './audio-meter'
import { goLiveChecklist, type ChecklistFailure, type StepStatus } from './go-live-checklist'
import { selectShownSnapshot, useLive } from './live-store'

const ICON: Record<StepStatus, string> = { pending: '', running: '', done: '✓', failed: '!', skipped: '–' }

/**
 * Go Live's steps with their status (issue 8 item 6): account → channel ready → ingest → encoder → push → the provider
 * confirms. With several destinations each step shows a dot per destination; a failure marks its step and says, below,
 * which destination and why, in the UI's language.
 */
export function ChecklistView(): React.JSX.Element {
  const { t } = useTranslation()
  const shown = useLive(selectShownSnapshot)
  const log = useLive((s) => s.log)
  const starting = useLive((s) => s.pending === 'start')
  const chips = useDestinations((s) => s.chips)
  const { steps, failures } = useMemo(
    () => goLiveChecklist(shown, shown ? log : [], starting, (d) => localBackupLabel(d, chips, t('destinations.backupLabel'))),
    [shown, log, starting, chips, t]
  )

  return (
    <section className="checklist" aria-label={t('checklist.title')} data-testid="checklist">
      <ol className="checklist-steps">
        {steps.map((s) => (
          <li key={s.step} className={`step step-${s.status}`} data-testid={`step-${s.step}`} data-status={s.status}>
            <span className="step-icon" aria-hidden>
              {ICON[s.status]}
            </span>
            <span className="step-label" title={t(`checklist.step.${s.step}`)}>
              {t(`checklist.step.${s.step}`)}
            </span>
            <span className="visually-hidden">{t(`checklist.status.${s.status}`)}</span>
            {s.destinations.length > 1 && (
              <span className="step-dots">
                {s.destinations.map((d) => (
                  <span
                    key={d.id}
                    className={`step-dot step-dot-${d.status}`}
                    title={`${displayText(d.label)}: ${t(`checklist.status.${d.status}`)}`}
                    data-status={d.status}
                  />
                ))}
              </span>
            )}
          </li>
        ))}
      </ol>
      <ChecklistSignalWarning />
      {failures.map((f, i) => (
        <FailureMessage key={`${f.destination ?? 'session'}-${i}`} failure={f} />
      ))}
    </section>
  )
}

/** Which step, which destination, and the error said from its code (never main's English in Korean or Vietnamese). */
function FailureMessage({ failure }: { failure: ChecklistFailure }): React.JSX.Element {
  const { t } = useTranslation()
  const where = [failure.step ? t(`checklist.step.${failure.step}`) : null, failure.destination ? displayText(failure.destination) : null]
    .filter(Boolean)
    .join(' · ')
  return (
    <div
      className="error-message step-failure"
      role="alert"
      data-testid={failure.session ? 'live-error' : 'step-error'}
      data-code={failure.error.code}
      data-step={failure.step}
    >
      <span className="error-icon" aria-hidden>
        !
      </span>
      <div>
        {where && <strong className="step-failure-where">{where}: </strong>}
        {errorText(failure.error).text}
      </div>
    </div>
  )
}
