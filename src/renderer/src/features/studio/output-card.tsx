import { useTranslation } from 'react-i18next'
import { OutputFields } from '../settings/output-fields'

/** The Studio's output picker (DESIGN §10): a preset for the next show, saved in the settings like everything else. */
export function OutputCard(): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="output-title" data-testid="output-card">
      <div className="card-head">
        <h2 id="output-title">{t('output.title')}</h2>
      </div>
      <OutputFields />
    </section>
  )
}
