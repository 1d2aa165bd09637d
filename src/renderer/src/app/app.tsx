import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { AccountsPage } from '../features/accounts/accounts-page'
import { StudioPage } from '../features/studio/studio-page'
import { RecordingsPage } from '../features/recordings/recordings-page'
import { SettingsPage } from '../features/settings/settings-page'
import { SettingsRecoveredNotice } from '../features/settings/settings-recovered-notice'
import { HistoryPage } from '../features/history/history-page'
import type { Place } from './places'
import { useShell } from './shell-store'
import { TopBar } from './top-bar'

const PAGES: Record<Place, () => React.JSX.Element> = {
  studio: StudioPage,
  accounts: AccountsPage,
  recordings: RecordingsPage,
  history: HistoryPage,
  settings: SettingsPage
}

export function App(): React.JSX.Element {
  const { t } = useTranslation()
  const connection = useShell((s) => s.connection)
  const place = useShell((s) => s.place)
  const Page = PAGES[place]
  const firstPlace = useRef(true)

  // A keyboard or screen-reader user who opens a place lands on its title, not back at the top of the page.
  useEffect(() => {
    if (firstPlace.current) {
      firstPlace.current = false
      return
    }
    document.getElementById('page-title')?.focus()
  }, [place])

  return (
    <div className="app">
      <TopBar />
      {connection === 'no-token' && <div className="banner banner-error">{t('connection.noToken')}</div>}
      {connection === 'closed' && <div className="banner banner-warn">{t('connection.closed')}</div>}
      <SettingsRecoveredNotice />
      <main className="page" data-place={place}>
        <Page />
      </main>
    </div>
  )
}
