import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useShell } from '../../app/shell-store'
import { useSettings } from './settings-store'
import './settings.css'

/**
 * Under the top bar in every place but Settings (which says it itself): the settings file could not be read at start,
 * so the defaults are in use. Said until the streamer closes it in this window, with a way to the Settings place.
 */
export function SettingsRecoveredNotice(): React.JSX.Element | null {
  const { t } = useTranslation()
  const recovered = useSettings((s) => s.snapshot?.recovered)
  const place = useShell((s) => s.place)
  const go = useShell((s) => s.go)
  const [closed, setClosed] = useState(false)
  if (!recovered || closed || place === 'settings') return null
  return (
    <div className="banner banner-warn settings-notice" role="status" data-testid="settings-recovered-notice">
      <span>{t(`settings.recovered.${recovered.reason}`, { path: recovered.keptAs })}</span>
      <span className="settings-notice-actions">
        <button type="button" className="btn btn-small" data-testid="settings-recovered-open" onClick={() => go('settings')}>
          {t('settings.recovered.open')}
        </button>
        <button type="button" className="btn btn-ghost btn-small" data-testid="settings-recovered-close" onClick={() => setClosed(true)}>
          {t('settings.recovered.close')}
        </button>
      </span>
    </div>
  )
}
