import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ChannelOptionField } from '../../../../shared/channel-options'
import type { ChannelSummary } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import { PROVIDERS, type ProviderId } from '../../../../shared/providers'
import { ErrorMessage } from '../../ui/error-message'
import {
  channelCreateOptions,
  channelFormProblems,
  formFieldOfError,
  initialChannelForm,
  optionControl,
  splitOptions,
  type ChannelFormState,
  type FieldProblem
} from './channel-form-model'
import { ChannelOptionInput, useOptionHint, useOptionLabel } from './channel-option-input'
import { useChannels } from './channels-store'

/** Codes that mean "this value": said beside the field in the app's words, whoever refused it. */
const VALUE_REFUSED = new Set(['validation', 'invalid_request'])

/**
 * Creates a channel with the provider's own options, drawn from channels:options. Problems found here and fields a
 * refusal names are shown beside their field; anything else above the buttons.
 */
export function ChannelCreateForm({
  provider,
  profile,
  onDone
}: {
  provider: ProviderId
  profile: string
  onDone(created?: ChannelSummary): void
}): React.JSX.Element {
  const { t } = useTranslation()
  const loadOptions = useChannels((s) => s.loadOptions)
  const create = useChannels((s) => s.create)
  const fields = useChannels((s) => s.options[provider])
  const [optionsError, setOptionsError] = useState<OnairErrorValue | null>(null)
  const [state, setState] = useState<ChannelFormState | null>(() => (fields ? initialChannelForm(fields) : null))
  const [showProblems, setShowProblems] = useState(false)
  const [serverError, setServerError] = useState<OnairErrorValue | null>(null)
  const [saving, setSaving] = useState(false)
  const [focusTarget, setFocusTarget] = useState<{ name?: string } | null>(null)
  const form = useRef<HTMLFormElement>(null)
  const formId = useId()
  const label = useOptionLabel(provider)
  const hint = useOptionHint(provider)
  const providerName = PROVIDERS[provider].name

  useEffect(() => {
    let live = true
    void loadOptions(provider).then((result) => {
      if (!live) return
      if (result.ok) setState((s) => s ?? initialChannelForm(result.value))
      else setOptionsError(result.error)
    })
    return () => {
      live = false
    }
  }, [loadOptions, provider])

  // The name field first once the form is drawn; later, the field a problem names (it may sit under More options).
  const ready = Boolean(state && fields)
  useEffect(() => {
    if (ready) form.current?.querySelector<HTMLElement>('input[name="name"]')?.focus()
  }, [ready])
  useEffect(() => {
    if (!focusTarget) return
    const selector = focusTarget.name ? `[name="${focusTarget.name}"]` : '[aria-invalid="true"]'
    form.current?.querySelector<HTMLElement>(selector)?.focus()
  }, [focusTarget])

  if (!state || !fields) {
    return (
      <div className="card channel-form" data-testid="channel-form">
        {optionsError ? <ErrorMessage error={optionsError} testId="channel-options-error" /> : <p className="empty">{t('channels.loading')}</p>}
      </div>
    )
  }

  const problems = showProblems ? channelFormProblems(fields, state) : {}
  const serverField = formFieldOfError(provider, serverError?.field, fields)

  const change = (next: Partial<ChannelFormState>) => {
    setServerError(null)
    setState((s) => (s ? { ...s, ...next, values: { ...s.values, ...next.values } } : s))
  }

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (Object.keys(channelFormProblems(fields, state)).length > 0) {
      setShowProblems(true)
      setFocusTarget({})
      return
    }
    setSaving(true)
    setServerError(null)
    const result = await create(provider, profile, state.name.trim(), channelCreateOptions(fields, state))
    setSaving(false)
    if (result.ok) return onDone(result.value)
    setServerError(result.error)
    const field = formFieldOfError(provider, result.error.field, fields)
    if (field) setFocusTarget({ name: field })
  }

  const problemText = (p: FieldProblem) => t(`channels.form.${p.kind}`, { min: 'min' in p ? p.min : '', max: 'max' in p ? p.max : '' })
  const errorFor = (name: string) => {
    const problem = problems[name]
    const id = `${formId}-${name}-error`
    if (problem) return <ErrorMessage text={problemText(problem)} testId={`channel-error-${name}`} id={id} />
    if (!serverError || serverField !== name) return null
    if (VALUE_REFUSED.has(serverError.code))
      return <ErrorMessage text={t('channels.form.refused', { provider: providerName })} testId={`channel-error-${name}`} id={id} />
    return <ErrorMessage error={serverError} testId={`channel-error-${name}`} id={id} />
  }
  const invalid = (name: string) => Boolean(problems[name] || (serverError && serverField === name))

  const option = (f: ChannelOptionField) => {
    const inputId = `${formId}-${f.name}`
    const hintText = hint(f)
    const describedBy = [hintText && `${inputId}-hint`, invalid(f.name) && `${formId}-${f.name}-error`].filter(Boolean).join(' ') || undefined
    const input = (
      <ChannelOptionInput
        provider={provider}
        field={f}
        value={state.values[f.name]}
        inputId={inputId}
        describedBy={describedBy}
        invalid={invalid(f.name)}
        onChange={(value) => change({ values: { [f.name]: value } })}
      />
    )
    const required = f.required && <span className="field-optional"> · {t('channels.form.requiredMark')}</span>
    return (
      <div className="field" key={f.name}>
        {optionControl(f) === 'switch' ? (
          <label className="field-label switch-label" htmlFor={inputId}>
            {input}
            <span>{label(f)}</span>
          </label>
        ) : (
          <>
            <label className="field-label" htmlFor={inputId}>
              {label(f)}
              {required}
            </label>
            {input}
          </>
        )}
        {hintText && (
          <span className="field-hint" id={`${inputId}-hint`}>
            {hintText}
          </span>
        )}
        {errorFor(f.name)}
      </div>
    )
  }

  // Inputs in the grid; switches in a row of their own below it.
  const group = (list: ChannelOptionField[]) => {
    const switches = list.filter((f) => optionControl(f) === 'switch')
    const inputs = list.filter((f) => optionControl(f) !== 'switch')
    return (
      <>
        {inputs.length > 0 && <div className="form-grid">{inputs.map(option)}</div>}
        {switches.length > 0 && <div className="switch-row">{switches.map(option)}</div>}
      </>
    )
  }
  const { first, more } = splitOptions(provider, fields)
  const moreOpen = more.some((f) => invalid(f.name))
  const title = t('channels.form.title', { provider: providerName })
  const otherError = serverError && !serverField

  return (
    <form ref={form} className="card channel-form" data-testid="channel-form" aria-label={title} onSubmit={(e) => void submit(e)} autoComplete="off" noValidate>
      <div className="card-head">
        <h2>{title}</h2>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${formId}-name`}>
          {t('channels.form.name')}
        </label>
        <input
          id={`${formId}-name`}
          name="name"
          data-testid="channel-name"
          type="text"
          dir="auto"
          maxLength={240}
          value={state.name}
          aria-invalid={invalid('name')}
          aria-describedby={`${formId}-name-hint${invalid('name') ? ` ${formId}-name-error` : ''}`}
          onChange={(e) => change({ name: e.target.value })}
        />
        <span className="field-hint" id={`${formId}-name-hint`}>
          {t('channels.form.nameHint')}
        </span>
        {errorFor('name')}
      </div>
      {group(first)}
      {more.length > 0 && (
        <details className="advanced" open={moreOpen || undefined}>
          <summary data-testid="channel-more">{t('channels.form.more')}</summary>
          {group(more)}
        </details>
      )}
      {otherError && <ErrorMessage error={serverError} testId="channel-error" />}
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" data-testid="channel-cancel" onClick={() => onDone()}>
          {t('channels.form.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" data-testid="channel-create" disabled={saving}>
          {saving ? t('channels.form.creating') : t('channels.form.create')}
        </button>
      </div>
    </form>
  )
}
