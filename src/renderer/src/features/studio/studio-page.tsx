import { useTranslation } from 'react-i18next'
import { DestinationsCard } from '../destinations/destinations-card'
import { EventLog } from './event-log'
import { LivePanel } from './live-panel'
import { OutputCard } from './output-card'
import { SessionCard } from './session-card'
import { SourcesCard } from './sources-card'

/**
 * The show (DESIGN §10). The monitor column stays in view while the setup column scrolls, so Go Live / Stop is on
 * screen at every window size from 800×600 up.
 */
export function StudioPage(): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="studio">
      <h1 className="visually-hidden" id="page-title" tabIndex={-1}>
        {t('nav.studio')}
      </h1>
      <div className="studio-side">
        <DestinationsCard />
        <SourcesCard />
        <OutputCard />
        <SessionCard />
      </div>
      <div className="studio-main">
        <LivePanel />
        <EventLog />
      </div>
    </div>
  )
}
