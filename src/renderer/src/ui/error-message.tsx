import { useTranslation } from 'react-i18next'
import type { OnairErrorValue } from '../../../shared/errors'
import { errorText } from '../i18n/i18n'

/** A typed error from main, said in the UI's language from its code and parameters; or a message of the UI's own. */
export function ErrorMessage({ error, text, testId, id }: { error?: OnairErrorValue; text?: string; testId?: string; id?: string }): React.JSX.Element {
  useTranslation() // re-render on language change
  return (
    <div className="error-message" role="alert" id={id} data-testid={testId} data-code={error?.code}>
      <span className="error-icon" aria-hidden>
        !
      </span>
      <div>{error ? errorText(error).text : text}</div>
    </div>
  )
}
