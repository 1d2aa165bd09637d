import { useTranslation } from 'react-i18next'
import { changeLanguage, LANGUAGES, type Language } from '../i18n/i18n'
import { useLive } from '../features/studio/live-store'
import { StatePill } from '../ui/state-pill'
import { Navigation } from './navigation'
import { useShell } from './shell-store'

export function TopBar(): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const state = useLive((s) => s.snapshot.state)
  const rawState = useLive((s) => s.snapshot.rawState)
  const version = useShell((s) => s.info?.version)
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          <span />
        </span>
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      <Navigation />
      <div className="top-bar-right">
        <StatePill state={state} rawState={rawState} testId="state" />
        <label className="lang-select">
          <span className="visually-hidden">{t('lang.label')}</span>
          <select data-testid="language" value={i18n.language} onChange={(e) => changeLanguage(e.target.value as Language)} aria-label={t('lang.label')}>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        {version && <span className="version">v{version}</span>}
      </div>
    </header>
  )
}
