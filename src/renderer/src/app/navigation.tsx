import { useTranslation } from 'react-i18next'
import { PLACES } from './places'
import { useShell } from './shell-store'

/** The app's places as plain buttons: Tab reaches them, Enter or Space opens one, and the open one is marked for screen readers. */
export function Navigation(): React.JSX.Element | null {
  const { t } = useTranslation()
  const place = useShell((s) => s.place)
  const go = useShell((s) => s.go)
  if (PLACES.length < 2) return null
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      {PLACES.map((p) => (
        <button key={p} type="button" className="nav-item" data-testid={`nav-${p}`} aria-current={p === place ? 'page' : undefined} onClick={() => go(p)}>
          {t(`nav.${p}`)}
        </button>
      ))}
    </nav>
  )
}
