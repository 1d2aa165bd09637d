import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { serveConnection } from '../api/onair'
import type { ConnectionState } from '../api/ws-api'
import { useAccountStore } from '../stores/account-store'
import { useAppStore } from '../stores/app-store'
import { connectLiveStore, useLiveStore } from '../stores/live-store'
import { DestinationCard } from './DestinationCard'
import { EventLog } from './EventLog'
import { LivePanel } from './LivePanel'
import { SessionCard } from './SessionCard'
import { SourcesCard } from './SourcesCard'
import { TopBar } from './TopBar'

function loadAll(): void {
  void useAppStore.getState().load()
  void useAccountStore.getState().load()
  void useLiveStore.getState().refresh()
}

export function App(): React.JSX.Element {
  const { t } = useTranslation()
  const [connection, setConnection] = useState<ConnectionState>(serveConnection?.connection() ?? 'open')

  useEffect(() => {
    const off = connectLiveStore()
    loadAll()
    // In serve mode, re-read everything after a reconnect: events sent while we were away are gone.
    let wasOpen = serveConnection?.connection() === 'open'
    const offConnection = serveConnection?.onConnection((state) => {
      setConnection(state)
      if (state === 'open' && !wasOpen) loadAll()
      wasOpen = state === 'open'
    })
    return () => {
      off()
      offConnection?.()
    }
  }, [])

  return (
    <div className="app">
      <TopBar />
      {connection === 'no-token' && <div className="banner banner-error">{t('connection.noToken')}</div>}
      {connection === 'closed' && <div className="banner banner-warn">{t('connection.closed')}</div>}
      <main className="layout">
        <div className="column side">
          <DestinationCard />
          <SourcesCard />
          <SessionCard />
        </div>
        <div className="column main">
          <LivePanel />
          <EventLog />
        </div>
      </main>
    </div>
  )
}
