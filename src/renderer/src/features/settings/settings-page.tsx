import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { SETTINGS_LANGUAGES, type SettingsLanguage } from '../../../../shared/settings'
import { changeLanguage, LANGUAGES } from '../../i18n/i18n'
import { initialLanguage } from '../../i18n/languages'
import { ErrorMessage } from '../../ui/error-message'
import { AutoHandoffFields } from './auto-handoff-fields'
import { OutputFields } from './output-fields'
import { absolutePathProblem, hotkeyProblem, minutesProblem } from './settings-model'
import { errorAbout, useSettings } from './settings-store'
import './settings.css'

/**
 * The Settings place (DESIGN §10): output, recording, offline mode and handoff, reconnect window, language, ffmpeg,
 * notifications. Each change is saved in main's settings as soon as it is made; what is shown is main's answer.
 */
export function SettingsPage(): React.JSX.Element {
  const { t } = useTranslation()
  const snapshot = useSettings((s) => s.snapshot)
  const save = useSettings((s) => s.save)
  // Errors about the output or a typed field are said beside it; anything else here.
  const error = useSettings((s) => (['output', ...FIELD_SETTINGS].some((path) => errorAbout(s, path)) ? null : s.error))
  const settings = snapshot?.settings
  const recovered = snapshot?.recovered
  return (
    <div className="settings-page">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('nav.settings')}
        </h1>
      </div>
      {recovered && (
        <div className="banner banner-warn settings-recovered" role="status" data-testid="settings-recovered">
          {t(`settings.recovered.${recovered.reason}`, { path: recovered.keptAs })}
        </div>
      )}
      {error && <ErrorMessage error={error} testId="settings-error" />}
      {settings && (
        <>
          <section className="card" aria-labelledby="settings-output-title">
            <div className="card-head">
              <h2 id="settings-output-title">{t('output.title')}</h2>
            </div>
            <OutputFields withEncoder />
          </section>

          <section className="card" aria-labelledby="settings-recording-title">
            <div className="card-head">
              <h2 id="settings-recording-title">{t('settings.recording.title')}</h2>
            </div>
            <Toggle
              testId="settings-recording"
              checked={settings.recording.enabled}
              label={t('settings.recording.enabled')}
              onChange={(enabled) => void save({ recording: { enabled } })}
            />
            <DraftField
              field="recording.folder"
              testId="settings-recording-folder"
              label={t('settings.recording.folder')}
              hint={t('settings.recording.folderHint')}
              value={settings.recording.folder ?? ''}
              problem={(text) => (text.trim() === '' ? null : absolutePathProblem(text))}
              onSave={(text) => save({ recording: { folder: text.trim() || null } })}
            />
          </section>

          <section className="card" aria-labelledby="settings-network-title">
            <div className="card-head">
              <h2 id="settings-network-title">{t('settings.network.title')}</h2>
            </div>
            <Toggle
              testId="settings-offline"
              checked={settings.offline.enabled}
              label={t('settings.offline')}
              onChange={(enabled) => void save({ offline: { enabled } })}
            />
            <Toggle
              testId="settings-auto-handoff"
              checked={settings.handoff.auto}
              label={t('settings.autoHandoff')}
              onChange={(auto) => void save({ handoff: { auto } })}
            />
            <AutoHandoffFields handoff={settings.handoff} />
            <DraftField
              field="network.reconnectWindowMinutes"
              testId="settings-reconnect-window"
              label={t('settings.reconnectWindow')}
              numeric
              value={String(settings.network.reconnectWindowMinutes)}
              problem={minutesProblem}
              onSave={(text) => save({ network: { reconnectWindowMinutes: Number(text.trim()) } })}
            />
          </section>

          <section className="card" aria-labelledby="settings-general-title">
            <div className="card-head">
              <h2 id="settings-general-title">{t('settings.general.title')}</h2>
            </div>
            <label className="field">
              <span className="field-label">{t('settings.language')}</span>
              <select
                data-testid="settings-language"
                value={settings.language}
                onChange={(e) => {
                  const language = e.target.value as SettingsLanguage
                  void save({ language })
                  changeLanguage(language === 'auto' ? initialLanguage(null, navigator.languages ?? [navigator.language]) : language)
                }}
              >
                {SETTINGS_LANGUAGES.map((code) => (
                  <option key={code} value={code}>
                    {code === 'auto' ? t('settings.language.auto') : LANGUAGES.find((l) => l.code === code)?.name}
                  </option>
                ))}
              </select>
            </label>
            <DraftField
              field="ffmpegPath"
              testId="settings-ffmpeg-path"
              label={t('settings.ffmpegPath')}
              hint={t('settings.ffmpegPathHint')}
              value={settings.ffmpegPath ?? ''}
              problem={(text) => (text.trim() === '' ? null : absolutePathProblem(text))}
              onSave={(text) => save({ ffmpegPath: text.trim() || null })}
            />
            <Toggle
              testId="settings-notifications"
              checked={settings.notifications.enabled}
              label={t('settings.notifications')}
              onChange={(enabled) => void save({ notifications: { enabled } })}
            />
          </section>

          <section className="card" aria-labelledby="settings-hotkeys-title">
            <div className="card-head">
              <h2 id="settings-hotkeys-title">{t('settings.hotkeys.title')}</h2>
            </div>
            <p className="field-hint">{t('settings.hotkeys.hint')}</p>
            <DraftField
              field="hotkeys.goLive"
              testId="settings-hotkey-go-live"
              label={t('settings.hotkeys.goLive')}
              value={settings.hotkeys.goLive}
              problem={hotkeyProblem}
              onSave={(text) => save({ hotkeys: { goLive: text.trim() } })}
            />
            <DraftField
              field="hotkeys.stop"
              testId="settings-hotkey-stop"
              label={t('settings.hotkeys.stop')}
              value={settings.hotkeys.stop}
              problem={hotkeyProblem}
              onSave={(text) => save({ hotkeys: { stop: text.trim() } })}
            />
          </section>
        </>
      )}
    </div>
  )
}

/** Settings typed in a field of their own: main's refusal of one is said beside it. */
const FIELD_SETTINGS = ['recording.folder', 'network.reconnectWindowMinutes', 'ffmpegPath', 'hotkeys.goLive', 'hotkeys.stop']

function Toggle({ testId, checked, label, onChange }: { testId: string; checked: boolean; label: string; onChange: (on: boolean) => void }) {
  return (
    <label className="toggle settings-toggle">
      <input type="checkbox" data-testid={testId} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="toggle-track" aria-hidden>
        <span className="toggle-thumb" />
      </span>
      <span>{label}</span>
    </label>
  )
}

/**
 * A typed setting: checked as typed, saved with Save or Enter (a path is not saved half-typed on every key), shown
 * from main's value again once saved. `problem` names what is wrong before anything is sent.
 */
function DraftField(props: {
  /** The setting's path, as main names it in an error about it. */
  field: string
  testId: string
  label: string
  hint?: string
  value: string
  numeric?: boolean
  problem: (text: string) => 'settings.pathProblem' | 'settings.hotkeyProblem' | { key: 'output.range'; min: number; max: number } | null
  onSave: (text: string) => Promise<boolean>
}) {
  const { t } = useTranslation()
  const refused = useSettings((s) => errorAbout(s, props.field))
  const [draft, setDraft] = useState<string | null>(null)
  const [tried, setTried] = useState(false)
  const [saved, setSaved] = useState(false)
  const text = draft ?? props.value
  const problem = draft === null ? null : props.problem(draft)
  const problemText = problem === null ? null : typeof problem === 'string' ? t(problem) : t(problem.key, { min: problem.min, max: problem.max })
  const shown = tried && problemText
  const submit = async () => {
    setTried(true)
    if (draft === null || problem) return
    if (draft.trim() === props.value) return setDraft(null)
    setSaved(false)
    if (await props.onSave(draft)) {
      setDraft(null)
      setSaved(true)
    }
  }
  const id = props.testId
  const described = [props.hint && `${id}-hint`, (shown || refused) && `${id}-problem`].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      <div className="draft-row">
        <input
          id={id}
          data-testid={id}
          value={text}
          inputMode={props.numeric ? 'numeric' : undefined}
          spellCheck={false}
          aria-invalid={shown ? true : undefined}
          aria-describedby={described}
          onChange={(e) => {
            setDraft(e.target.value)
            setSaved(false)
          }}
          onKeyDown={(e) => e.key === 'Enter' && void submit()}
        />
        <button type="button" className="btn btn-small" data-testid={`${id}-save`} disabled={draft === null} onClick={() => void submit()}>
          {t('settings.save')}
        </button>
      </div>
      {props.hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      {saved && (
        <span className="field-hint settings-saved" role="status" data-testid={`${id}-saved`}>
          {t('settings.saved')}
        </span>
      )}
      {shown && <ErrorMessage text={problemText} testId={`${id}-problem`} id={`${id}-problem`} />}
      {!shown && draft !== null && refused && <ErrorMessage error={refused} testId={`${id}-refused`} id={`${id}-problem`} />}
    </div>
  )
}
