import { useTranslation } from 'react-i18next'
import type { OnairErrorValue } from '../../../shared/errors'
import { errorText } from '../i18n/i18n'

/** A typed error from main, localised by its code, with main's own message beneath when they differ. */
export function ErrorMessage({ error, testId }: { error: OnairErrorValue; testId?: string }): React.JSX.Element {
  useTranslation() // re-render on language change
  const { text, detail } = errorText(error)
  return (
    <div className="error-message" role="alert" data-testid={testId} data-code={error.code}>
      <span className="error-icon" aria-hidden>
        !
      </span>
      <div>
        <div>{text}</div>
        {detail && <div className="error-detail">{detail}</div>}
      </div>
    </div>
  )
}
