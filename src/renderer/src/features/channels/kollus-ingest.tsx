import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ChannelSummary } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import type { ProviderId } from '../../../../shared/providers'
import { ErrorMessage } from '../../ui/error-message'
import { ingestKey, useChannels } from './channels-store'

/** Which of the two inputs an error from channels:setIngest is about (the URL parser says `server`, the schema `serverUrl`). */
function ingestField(error: OnairErrorValue | null): 'serverUrl' | 'streamKey' | undefined {
  const field = error?.field
  if (field === 'server' || field === 'serverUrl') return 'serverUrl'
  if (field === 'streamKey') return 'streamKey'
  return undefined
}

/**
 * A Kollus channel's hand-entered ingest (DESIGN §3: Kollus's API gives none). Says whether one is saved
 * (`details.ingestSaved`, a flag from main; never the key), and takes the server URL and stream key for the keychain.
 * The key is a password input that starts empty; once saved only main's mask of it is shown.
 */
export function KollusIngest({ provider, profile, channel }: { provider: ProviderId; profile: string; channel: ChannelSummary }): React.JSX.Element {
  const { t } = useTranslation()
  const saved = useChannels((s) => s.ingests[ingestKey(provider, profile, channel.id)])
  const setIngest = useChannels((s) => s.setIngest)
  const isSaved = channel.details?.ingestSaved === true || Boolean(saved)
  const [editing, setEditing] = useState(false)
  const [serverUrl, setServerUrl] = useState('')
  const [streamKey, setStreamKey] = useState('')
  const [error, setError] = useState<OnairErrorValue | null>(null)
  const [busy, setBusy] = useState(false)
  const [missing, setMissing] = useState<Array<'serverUrl' | 'streamKey'>>([])
  const formId = useId()
  const serverInput = useRef<HTMLInputElement>(null)
  const keyInput = useRef<HTMLInputElement>(null)
  const openButton = useRef<HTMLButtonElement>(null)
  const field = ingestField(error)

  useEffect(() => {
    if (editing) serverInput.current?.focus()
  }, [editing])

  const open = () => {
    // The server is no secret: a replacement usually keeps it. The key is always typed again.
    setServerUrl(saved?.server ?? '')
    setEditing(true)
  }
  const close = () => {
    setEditing(false)
    setMissing([])
    setStreamKey('')
    setError(null)
    setTimeout(() => openButton.current?.focus())
  }

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    // Both are needed: an empty one is named beside it rather than sent (or the button silently disabled).
    const empty = (['serverUrl', 'streamKey'] as const).filter((name) => !(name === 'serverUrl' ? serverUrl : streamKey).trim())
    setMissing(empty)
    if (empty.length > 0) {
      ;(empty[0] === 'serverUrl' ? serverInput : keyInput).current?.focus()
      return
    }
    setBusy(true)
    setError(null)
    const result = await setIngest({ provider, profile, channelId: channel.id, serverUrl: serverUrl.trim(), streamKey: streamKey.trim() })
    setBusy(false)
    if (result.ok) return close()
    setError(result.error)
    const target = ingestField(result.error)
    if (target === 'streamKey') keyInput.current?.focus()
    else if (target === 'serverUrl') serverInput.current?.focus()
  }

  const fieldError = (name: 'serverUrl' | 'streamKey') => {
    const id = `${formId}-${name}-error`
    if (missing.includes(name)) return <ErrorMessage text={t('channels.form.required')} testId={`ingest-error-${name}`} id={id} />
    return error && field === name ? <ErrorMessage error={error} testId={`ingest-error-${name}`} id={id} /> : null
  }
  const invalid = (name: 'serverUrl' | 'streamKey') => missing.includes(name) || field === name

  return (
    <section className="ingest" data-testid="kollus-ingest" data-saved={isSaved}>
      <div className="ingest-head">
        <h4 className="ingest-title">{t('channels.ingest.title')}</h4>
        <span className={`ingest-status ${isSaved ? 'ingest-saved' : 'ingest-missing'}`} data-testid="ingest-status">
          {isSaved ? <span className="lock" aria-hidden /> : <span className="ingest-warn" aria-hidden />}
          {isSaved ? t('channels.ingest.saved') : t('channels.ingest.missing')}
        </span>
        {!editing && (
          <button ref={openButton} type="button" className="btn btn-ghost btn-small" data-testid="ingest-open" onClick={open}>
            {isSaved ? t('channels.ingest.replace') : t('channels.ingest.enter')}
          </button>
        )}
      </div>
      {saved && !editing && (
        <dl className="ingest-saved-values">
          <div>
            <dt>{t('channels.ingest.server')}</dt>
            <dd>
              <code data-testid="ingest-server">{saved.server}</code>
            </dd>
          </div>
          <div>
            <dt>{t('channels.ingest.streamKey')}</dt>
            <dd>
              <code className="masked" data-testid="ingest-key">
                {saved.streamKey}
              </code>
            </dd>
          </div>
        </dl>
      )}
      {(editing || !isSaved) && (
        <p className="ingest-why" data-testid="ingest-why">
          {t('channels.ingest.why')}
        </p>
      )}
      {editing && (
        <form className="ingest-form" data-testid="ingest-form" onSubmit={(e) => void submit(e)} autoComplete="off" noValidate>
          <div className="form-grid">
            <div className="field">
              <label className="field-label" htmlFor={`${formId}-serverUrl`}>
                {t('channels.ingest.server')}
              </label>
              <input
                ref={serverInput}
                id={`${formId}-serverUrl`}
                name="serverUrl"
                data-testid="ingest-server-url"
                type="text"
                spellCheck={false}
                placeholder="rtmp://"
                value={serverUrl}
                aria-invalid={invalid('serverUrl')}
                aria-describedby={`${formId}-serverUrl-hint${invalid('serverUrl') ? ` ${formId}-serverUrl-error` : ''}`}
                onChange={(e) => {
                  setError(null)
                  setMissing((m) => m.filter((n) => n !== 'serverUrl'))
                  setServerUrl(e.target.value)
                }}
              />
              <span className="field-hint" id={`${formId}-serverUrl-hint`}>
                {t('channels.ingest.serverHint')}
              </span>
              {fieldError('serverUrl')}
            </div>
            <div className="field">
              <label className="field-label" htmlFor={`${formId}-streamKey`}>
                {t('channels.ingest.streamKey')}
              </label>
              <input
                ref={keyInput}
                id={`${formId}-streamKey`}
                name="streamKey"
                data-testid="ingest-stream-key"
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                value={streamKey}
                aria-invalid={invalid('streamKey')}
                aria-describedby={invalid('streamKey') ? `${formId}-streamKey-error` : undefined}
                onChange={(e) => {
                  setError(null)
                  setMissing((m) => m.filter((n) => n !== 'streamKey'))
                  setStreamKey(e.target.value)
                }}
              />
              {fieldError('streamKey')}
            </div>
          </div>
          {error && !field && <ErrorMessage error={error} testId="ingest-error" />}
          <div className="form-actions">
            <button type="button" className="btn btn-ghost" data-testid="ingest-cancel" onClick={close}>
              {t('channels.ingest.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" data-testid="ingest-save" disabled={busy}>
              {busy ? t('channels.ingest.saving') : t('channels.ingest.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
