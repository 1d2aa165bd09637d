import { useTranslation } from 'react-i18next'
import type { LiveState } from '../../../shared/live'

export function StatePill({ state, rawState, testId }: { state: LiveState; rawState?: string; testId: string }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <span
      className={`state-pill state-${state}`}
      data-testid={testId}
      data-state={state}
      title={rawState ? `${t(`state.${state}`)} · ${rawState}` : t(`state.${state}`)}
    >
      <span className="state-dot" aria-hidden />
      <span className="state-word">{t(`state.${state}`)}</span>
    </span>
  )
}
