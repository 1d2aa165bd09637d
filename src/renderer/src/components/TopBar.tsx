import { useTranslation } from 'react-i18next'
import { changeLanguage, LANGUAGES, type Language } from '../i18n/i18n'
import { useAppStore } from '../stores/app-store'
import { useLiveStore } from '../stores/live-store'
import { StatePill } from './StatePill'

export function TopBar(): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const snapshot = useLiveStore((s) => s.snapshot)
  const info = useAppStore((s) => s.info)
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          <span />
        </span>
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      <div className="top-bar-right">
        <StatePill state={snapshot.state} rawState={snapshot.rawState} testId="state" />
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
        {info && <span className="version">v{info.version}</span>}
      </div>
    </header>
  )
}
