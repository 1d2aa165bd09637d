import { useTranslation } from 'react-i18next'
import { isActive } from '../../lib/live-state'
import { useLive } from './live-store'
import { useSources } from './sources-store'

const VIDEO_KINDS = ['screen', 'window', 'camera'] as const

export function SourcesCard(): React.JSX.Element {
  const { t } = useTranslation()
  const devices = useSources((s) => s.devices)
  const video = useSources((s) => s.video)
  const audio = useSources((s) => s.audio)
  const record = useSources((s) => s.record)
  const setVideo = useSources((s) => s.setVideo)
  const setAudio = useSources((s) => s.setAudio)
  const setRecord = useSources((s) => s.setRecord)
  const locked = useLive((s) => isActive(s.snapshot.state))
  // Grouped, so that a desktop with many windows still reads as screens, then windows, then cameras.
  const videoGroups = VIDEO_KINDS.map((kind) => ({ kind, devices: devices.filter((d) => d.kind === kind) })).filter((g) => g.devices.length > 0)
  const audioDevices = devices.filter((d) => d.kind === 'mic' || d.kind === 'system')
  return (
    <section className="card" aria-labelledby="sources-title">
      <div className="card-head">
        <h2 id="sources-title">{t('sources.title')}</h2>
      </div>
      <label className="field">
        <span className="field-label">{t('sources.video')}</span>
        <select data-testid="video-source" value={video} disabled={locked} onChange={(e) => setVideo(e.target.value)}>
          <option value="testsrc">{t('sources.testsrc')}</option>
          {videoGroups.map((group) => (
            <optgroup key={group.kind} label={t(`sources.group.${group.kind}`)}>
              {group.devices.map((d) => (
                <option key={d.source} value={d.source}>
                  {d.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('sources.audio')}</span>
        <select data-testid="audio-source" value={audio} disabled={locked} onChange={(e) => setAudio(e.target.value)}>
          <option value="sine">{t('sources.sine')}</option>
          {audioDevices.map((d) => (
            <option key={d.source} value={d.source}>
              {d.label}
            </option>
          ))}
          <option value="none">{t('sources.none')}</option>
        </select>
      </label>
      <label className="toggle">
        <input type="checkbox" data-testid="record" checked={record} disabled={locked} onChange={(e) => setRecord(e.target.checked)} />
        <span className="toggle-track" aria-hidden>
          <span className="toggle-thumb" />
        </span>
        <span>{t('sources.record')}</span>
      </label>
    </section>
  )
}
