import type { TFunction } from 'i18next'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { StoreApi } from 'zustand/vanilla'
import type { AudioLevel } from '../../../../shared/preview'
import { useStores } from '../../app/stores-context'
import { usePreview, type PreviewStore } from './preview-store'
import { FLOOR_DB } from './meter-scale'
import { NO_AUDIO } from './source-defaults'
import { useSources } from './sources-store'
import './sources.css'

/**
 * How often the meter's clip mark and what it tells a screen reader (and the tests) change: the canvas follows every
 * level off the main thread, and a page frame costs the renderer a few milliseconds.
 */
const READOUT_MS = 500

/**
 * One audio source's level (issue 9 item 4), about ten times a second: RMS as the solid bar, the peak as a thin mark
 * ahead of it, green → yellow (−18 dBFS) → red (−6 dBFS) along the scale, and the loudest peak of the last half
 * second in dB, all painted on a canvas by the monitor off the main thread (meter-paint.ts); beside it a clip mark
 * that lights for a second when a sample reached full scale. Muted, it still moves (the streamer checks the mic) but
 * dimmed and labelled. React renders it for the source, the language and the mute; followLevels writes the rest.
 */
export function AudioMeter({ source }: { source: string }): React.JSX.Element {
  const { t } = useTranslation()
  const { preview: store, monitor } = useStores()
  const muted = usePreview((s) => s.status?.muted ?? false)
  const meter = useRef<HTMLDivElement>(null)
  const scale = useRef<HTMLCanvasElement>(null)
  useEffect(() => (scale.current ? monitor.showMeter(scale.current, source) : undefined), [monitor, source])
  useEffect(() => (meter.current ? followLevels(store, source, meter.current, t) : undefined), [store, source, t])
  return (
    <div ref={meter} className={`meter${muted ? ' meter-muted' : ''}`} data-testid="audio-meter" data-peak="" data-clipped={false} data-muted={muted}>
      <div className="meter-track" role="meter" aria-label={t('meter.label')} aria-valuemin={FLOOR_DB} aria-valuemax={0}>
        <canvas ref={scale} className="meter-scale" aria-hidden />
        <span className="meter-clip" data-testid="meter-clip" title={t('meter.clipHint')}>
          {t('meter.clip')}
        </span>
      </div>
      {muted && <span className="meter-muted-label">{t('meter.muted')}</span>}
    </div>
  )
}

/**
 * Writes `source`'s level into a meter's elements for screen readers (the loudest peak since the last write) and the
 * clip mark, at most every READOUT_MS (and at once after a quiet spell). Only what changed is written: a class set
 * to the same value still costs a style pass. Returns the unsubscribe.
 */
export function followLevels(store: StoreApi<PreviewStore>, source: string, meter: HTMLElement, t: TFunction): () => void {
  const track = meter.querySelector<HTMLElement>('.meter-track')
  const clip = meter.querySelector<HTMLElement>('.meter-clip')
  const set = (el: HTMLElement | null, name: string, value: string) => {
    if (el && el.getAttribute(name) !== value) el.setAttribute(name, value)
  }
  /** What the next write shows: the loudest peak and any clip since the last one (undefined: no level yet). */
  let peak: number | null | undefined
  let clipped = false
  let writtenAt = -Infinity
  let waiting: ReturnType<typeof setTimeout> | undefined
  const write = () => {
    waiting = undefined
    // The silence shown before any level does not count: the first level is written at once.
    if (peak !== undefined) writtenAt = performance.now()
    set(meter, 'data-peak', peak == null ? '' : peak.toFixed(1))
    set(meter, 'data-clipped', String(clipped))
    set(track, 'aria-valuenow', String(peak == null ? FLOOR_DB : Math.max(FLOOR_DB, Math.round(peak))))
    set(track, 'aria-valuetext', peak == null ? t('meter.silent') : t('meter.value', { db: Math.round(peak) }))
    if (clip && clip.classList.contains('meter-clip-on') !== clipped) clip.classList.toggle('meter-clip-on', clipped)
    peak = undefined
    clipped = false
  }
  const take = (level: AudioLevel) => {
    const next = level.peakDb
    peak = peak === undefined || peak === null ? next : next === null ? peak : Math.max(peak, next)
    clipped ||= level.clipped
  }
  const initial = store.getState().levels[source]
  if (initial) take(initial)
  write()
  const off = store.subscribe((now, before) => {
    const level = now.levels[source]
    if (!level || level === before.levels[source]) return
    take(level)
    const due = writtenAt + READOUT_MS - performance.now()
    if (due <= 0) write()
    else waiting ??= setTimeout(write, due)
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
