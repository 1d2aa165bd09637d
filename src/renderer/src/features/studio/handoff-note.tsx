import { useTranslation } from 'react-i18next'
import { isActive } from '../../lib/live-state'
import { formatDuration } from '../recordings/recording-format'
import { useLive } from './live-store'

/**
 * While the show is a recording streamed to the channels (a handoff from Recordings or `onair handoff`), the Studio
 * says which file goes out and how far it got: the sources shown beside it are the capture's, not the show's.
 */
export function HandoffNote(): React.JSX.Element | null {
  const { t } = useTranslation()
  const handoff = useLive((s) => (isActive(s.snapshot.state) ? s.snapshot.handoff : undefined))
  // Only this line follows the stats, once a second: the panel around it does not re-render for them.
  const mediaSeconds = useLive((s) => (s.snapshot.handoff && s.stats?.mediaTimeMs !== undefined ? Math.floor(s.stats.mediaTimeMs / 1000) : 0))
  if (!handoff) return null
  const duration = handoff.durationSeconds
  const position = Math.min(Math.max(handoff.positionSeconds, mediaSeconds), duration ?? Infinity)
  const where =
    duration === null ? formatDuration(position) : t('recordings.stream.position', { position: formatDuration(position), duration: formatDuration(duration) })
  return (
    <p className="recording-note" role="status" data-testid="handoff-note">
      {t('live.handoff', { file: handoff.path.split(/[\\/]/).pop() ?? handoff.path, where })}
    </p>
  )
}
