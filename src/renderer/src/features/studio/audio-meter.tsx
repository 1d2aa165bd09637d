import type { TFunction } from 'i18next'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { StoreApi } from 'zustand/vanilla'
import type { AudioLevel } from '../../../../shared/preview'
import { useStores } from '../../app/stores-context'
import { usePreview, type PreviewStore } from './preview-store'
import { NO_AUDIO } from './source-defaults'
import { useSources } from './sources-store'
import './sources.css'

/** The meter's range: below −60 dBFS is as good as silence on a meter this size. */
const FLOOR_DB = -60
/** How long a level may wait for the next preview frame to be drawn with it. */
const RIDE_MS = 150

/** How far along the meter a level sits, 0–100 (pure). */
export function meterPercent(db: number | null): number {
  if (db === null || db <= FLOOR_DB) return 0
  return Math.min(100, Math.round(((db - FLOOR_DB) / -FLOOR_DB) * 1000) / 10)
}

/**
 * One audio source's level (issue 9 item 4), about ten times a second: RMS as the solid bar, the peak as a thin mark
 * ahead of it, green → yellow (−18 dBFS) → red (−6 dBFS) along the scale, and a clip mark that lights for a second
 * when a sample reached full scale. Muted, it still moves (the streamer checks the mic) but dimmed and labelled.
 * React renders it for the source, the language and the mute; the levels are written into its elements by
 * followLevels, outside React (ten renders a second of this and its parents were a fifth of the dashboard's CPU).
 */
export function AudioMeter({ source }: { source: string }): React.JSX.Element {
  const { t } = useTranslation()
  const store = useStores().preview
  const muted = usePreview((s) => s.status?.muted ?? false)
  const meter = useRef<HTMLDivElement>(null)
  useEffect(() => (meter.current ? followLevels(store, source, meter.current, t, muted) : undefined), [store, source, t, muted])
  return (
    <div ref={meter} className={`meter${muted ? ' meter-muted' : ''}`} data-testid="audio-meter" data-peak="" data-clipped={false} data-muted={muted}>
      <div className="meter-track" role="meter" aria-label={t('meter.label')} aria-valuemin={FLOOR_DB} aria-valuemax={0}>
        <div className="meter-scale" aria-hidden>
          {/* Moved by transforms, not width or left: ten times a second, a layout each time would cost a tenth of a core. */}
          <div className="meter-cover" />
          <div className="meter-peak" />
        </div>
        <span className="meter-clip" data-testid="meter-clip" title={t('meter.clipHint')}>
          {t('meter.clip')}
        </span>
      </div>
      <span className="meter-db" aria-hidden />
    </div>
  )
}

/**
 * Writes `source`'s level into a meter's elements now and at each change (only what changed: a text or attribute
 * set to the same value still costs a style pass). Returns the unsubscribe.
 */
export function followLevels(store: StoreApi<PreviewStore>, source: string, meter: HTMLElement, t: TFunction, muted: boolean): () => void {
  const track = meter.querySelector<HTMLElement>('.meter-track')
  const cover = meter.querySelector<HTMLElement>('.meter-cover')
  const peakMark = meter.querySelector<HTMLElement>('.meter-peak')
  const clip = meter.querySelector<HTMLElement>('.meter-clip')
  const db = meter.querySelector<HTMLElement>('.meter-db')
  const set = (el: HTMLElement | null, name: string, value: string) => {
    if (el && el.getAttribute(name) !== value) el.setAttribute(name, value)
  }
  const style = (el: HTMLElement | null, transform: string) => {
    if (el && el.style.transform !== transform) el.style.transform = transform
  }
  let last: AudioLevel | undefined | null = null
  const write = (level: AudioLevel | undefined) => {
    if (level === last) return
    last = level
    const peak = level?.peakDb ?? null
    const clipped = level?.clipped ?? false
    set(meter, 'data-peak', peak === null ? '' : peak.toFixed(1))
    set(meter, 'data-clipped', String(clipped))
    set(track, 'aria-valuenow', String(peak === null ? FLOOR_DB : Math.max(FLOOR_DB, Math.round(peak))))
    set(track, 'aria-valuetext', peak === null ? t('meter.silent') : t('meter.value', { db: Math.round(peak) }))
    style(cover, `scaleX(${(100 - meterPercent(level?.rmsDb ?? null)) / 100})`)
    style(peakMark, `translateX(${meterPercent(peak)}%)`)
    clip?.classList.toggle('meter-clip-on', clipped)
    const text = muted ? t('meter.muted') : peak === null ? '−∞' : `${Math.round(peak)} dB`
    if (db && db.textContent !== text) db.textContent = text
  }
  // While the picture plays, a level waits for the next frame (≤ 83 ms at 12 fps) and both are drawn in one frame of
  // the page: 12 page frames a second instead of 22, each of which costs the renderer about 2 ms whatever it changes.
  let frameAt = -Infinity
  let waiting: ReturnType<typeof setTimeout> | undefined
  const flush = () => {
    clearTimeout(waiting)
    waiting = undefined
    write(store.getState().levels[source])
  }
  write(store.getState().levels[source])
  const off = store.subscribe((now, before) => {
    if (now.frame !== before.frame) {
      frameAt = performance.now()
      if (waiting !== undefined) flush()
    }
    if (now.levels[source] === before.levels[source]) return
    if (now.frame === null || performance.now() - frameAt > RIDE_MS) flush()
    // Frames that stop coming do not hold the meter: it moves on its own after RIDE_MS.
    else waiting ??= setTimeout(flush, RIDE_MS)
  })
  return () => {
    clearTimeout(waiting)
    off()
  }
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
