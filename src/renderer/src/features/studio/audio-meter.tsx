import { useTranslation } from 'react-i18next'
import type { AudioLevel } from '../../../../shared/preview'
import { usePreview } from './preview-store'
import { NO_AUDIO } from './source-defaults'
import { useSources } from './sources-store'
import './sources.css'

/** The meter's range: below −60 dBFS is as good as silence on a meter this size. */
const FLOOR_DB = -60

/** How far along the meter a level sits, 0–100 (pure). */
export function meterPercent(db: number | null): number {
  if (db === null || db <= FLOOR_DB) return 0
  return Math.min(100, Math.round(((db - FLOOR_DB) / -FLOOR_DB) * 1000) / 10)
}

/**
 * One audio source's level (issue 9 item 4), about ten times a second: RMS as the solid bar, the peak as a thin mark
 * ahead of it, green → yellow (−18 dBFS) → red (−6 dBFS) along the scale, and a clip mark that lights for a second
 * when a sample reached full scale. Muted, it still moves (the streamer checks the mic) but dimmed and labelled.
 * Only this component follows the levels.
 */
export function AudioMeter({ source }: { source: string }): React.JSX.Element {
  const { t } = useTranslation()
  const level: AudioLevel | undefined = usePreview((s) => s.levels[source])
  const muted = usePreview((s) => s.status?.muted ?? false)
  const peak = level?.peakDb ?? null
  const rms = level?.rmsDb ?? null
  const clipped = level?.clipped ?? false
  return (
    <div
      className={`meter${muted ? ' meter-muted' : ''}`}
      data-testid="audio-meter"
      data-peak={peak === null ? '' : peak.toFixed(1)}
      data-clipped={clipped}
      data-muted={muted}
    >
      <div
        className="meter-track"
        role="meter"
        aria-label={t('meter.label')}
        aria-valuemin={FLOOR_DB}
        aria-valuemax={0}
        aria-valuenow={peak === null ? FLOOR_DB : Math.max(FLOOR_DB, Math.round(peak))}
        aria-valuetext={peak === null ? t('meter.silent') : t('meter.value', { db: Math.round(peak) })}
      >
        <div className="meter-scale" aria-hidden>
          {/* Moved by transforms, not width or left: ten times a second, a layout each time would cost a tenth of a core. */}
          <div className="meter-cover" style={{ transform: `scaleX(${(100 - meterPercent(rms)) / 100})` }} />
          <div className="meter-peak" style={{ transform: `translateX(${meterPercent(peak)}%)` }} />
        </div>
        <span className={`meter-clip${clipped ? ' meter-clip-on' : ''}`} data-testid="meter-clip" title={t('meter.clipHint')}>
          {t('meter.clip')}
        </span>
      </div>
      <span className="meter-db" aria-hidden>
        {muted ? t('meter.muted') : peak === null ? '−∞' : `${Math.round(peak)} dB`}
      </span>
    </div>
  )
}

/** "No sound for 5 s" for the chosen audio source, or nothing: a warning the Sources card and the checklist both show. */
export function NoSignalWarning({ source, testId }: { source: string; testId: string }): React.JSX.Element | null {
  const { t } = useTranslation()
  const noSignal = usePreview((s) => s.levels[source]?.noSignal ?? false)
  if (!noSignal) return null
  return (
    <div className="warning-message" role="status" data-testid={testId}>
      <span className="warning-icon" aria-hidden>
        !
      </span>
      <div>{t('meter.noSignal')}</div>
    </div>
  )
}

/** The same warning in the Go Live checklist, for the show's audio source: worth a look, never a reason not to go live. */
export function ChecklistSignalWarning(): React.JSX.Element | null {
  const audio = useSources((s) => s.audio)
  return audio === NO_AUDIO ? null : <NoSignalWarning source={audio} testId="checklist-no-signal" />
}
