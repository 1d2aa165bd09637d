import type { TFunction } from 'i18next'
import type { DeviceInfo } from '../../../../shared/contract'
import { useTranslation } from 'react-i18next'
import { isActive } from '../../lib/live-state'
import { useLive } from './live-store'
import { ErrorMessage } from '../../ui/error-message'
import { AudioMeter, NoSignalWarning } from './audio-meter'
import { usePreview } from './preview-store'
import { isTestSignal, NO_AUDIO, TEST_AUDIO, TEST_VIDEO } from './source-defaults'
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
  // Which source the preview could not open; main's own refusal of the command counts for the picture.
  const videoError = usePreview((s) => (s.status?.error?.field === 'audio' ? undefined : (s.status?.error ?? s.commandError ?? undefined)))
  const audioError = usePreview((s) => (s.status?.error?.field === 'audio' ? s.status.error : undefined))
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
          {videoGroups.length === 0 && (
            <option value="" disabled>
              {t('sources.noVideoDevice')}
            </option>
          )}
          {unlisted(video, devices) && <option value={video}>{unlistedLabel(t, video)}</option>}
          {videoGroups.map((group) => (
            <optgroup key={group.kind} label={t(`sources.group.${group.kind}`)}>
              {group.devices.map((d) => (
                <option key={d.source} value={d.source}>
                  {deviceLabel(t, d)}
                </option>
              ))}
            </optgroup>
          ))}
          <optgroup label={t('sources.group.test')} data-testid="video-test-signals">
            <option value={TEST_VIDEO}>{t('sources.testsrc')}</option>
          </optgroup>
        </select>
      </label>
      {videoError && <ErrorMessage error={videoError} testId="preview-error-video" />}
      <label className="field">
        <span className="field-label">{t('sources.audio')}</span>
        <select data-testid="audio-source" value={audio} disabled={locked} onChange={(e) => setAudio(e.target.value)}>
          {unlisted(audio, devices) && <option value={audio}>{unlistedLabel(t, audio)}</option>}
          {audioDevices.map((d) => (
            <option key={d.source} value={d.source}>
              {deviceLabel(t, d)}
            </option>
          ))}
          <option value={NO_AUDIO}>{t('sources.none')}</option>
          <optgroup label={t('sources.group.test')} data-testid="audio-test-signals">
            <option value={TEST_AUDIO}>{t('sources.sine')}</option>
          </optgroup>
        </select>
      </label>
      {audio !== NO_AUDIO && (
        <div className="audio-row">
          <AudioMeter source={audio} />
          <MuteToggle />
        </div>
      )}
      {audioError && <ErrorMessage error={audioError} testId="preview-error-audio" />}
      {audio !== NO_AUDIO && <NoSignalWarning source={audio} testId="no-signal" />}
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

/** Words for a source the list does not have (yet): a window that reloads mid-show knows only the SOURCE string at first. */
/** A device as the app names it: our own words (a screen, system audio) in the UI's language, the OS's names as given. */
function deviceLabel(t: TFunction, d: DeviceInfo): string {
  if (!d.ours) return d.label
  if (d.ours.key === 'desktop') return t('sources.desktop')
  const base = d.ours.key === 'screen' ? t('sources.unlisted.screen', { n: d.ours.index ?? '0' }) : t('sources.unlisted.system')
  return d.ours.detail ? `${base} (${d.ours.detail})` : base
}

function unlistedLabel(t: TFunction, source: string): string {
  const [kind, ...rest] = source.split(':')
  const id = rest.join(':')
  if (kind === 'screen') return t('sources.unlisted.screen', { n: /^\d+$/.test(id) ? id : '0' })
  if (kind === 'system') return t('sources.unlisted.system')
  if (kind === 'file') return t('sources.unlisted.file', { name: id.split(/[\\/]/).pop() ?? id })
  if (kind === 'camera' || kind === 'mic' || kind === 'window') return id ? `${t(`sources.unlisted.${kind}`)} (${id})` : t(`sources.unlisted.${kind}`)
  return source
}

/** A chosen source this computer does not list (a file, a window gone since, a show's source): still shown as chosen. */
function unlisted(source: string, devices: Array<{ source: string }>): boolean {
  return source !== '' && !isTestSignal(source) && source !== NO_AUDIO && !devices.some((d) => d.source === source)
}

/** Mutes the show's sound (silence goes out, the meter still shows the source); at once while live. */
function MuteToggle(): React.JSX.Element {
  const { t } = useTranslation()
  const muted = usePreview((s) => s.status?.muted ?? false)
  const setMuted = usePreview((s) => s.setMuted)
  return (
    <button
      type="button"
      className="btn btn-ghost btn-small mute-toggle"
      data-testid="mute-toggle"
      aria-pressed={muted}
      title={muted ? t('meter.unmuteHint') : t('meter.muteHint')}
      onClick={() => void setMuted(!muted)}
    >
      {muted ? t('meter.unmute') : t('meter.mute')}
    </button>
  )
}
