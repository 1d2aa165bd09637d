import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AccountSummary } from '../../../../shared/contract'
import type { OnairErrorValue } from '../../../../shared/errors'
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '../../../../shared/providers'
import { errorField } from '../../lib/format'
import { ErrorMessage } from '../../ui/error-message'
import {
  accountRequest,
  addressChanged,
  formFields,
  formProblems,
  freeProfile,
  initialValues,
  savedShape,
  shapeChanged,
  type FormField,
  type FormMode,
  type FormProblems,
  type FormState
} from './account-form-model'
import { useAccounts } from './accounts-store'

function initialState(mode: FormMode, provider: ProviderId = mode.kind === 'edit' ? mode.account.provider : PROVIDER_IDS[0]): FormState {
  if (mode.kind === 'edit') {
    const shape = savedShape(mode.account)
    return { provider, shape, profile: mode.account.profile, label: mode.account.label, values: initialValues(formFields(provider, shape), mode.account) }
  }
  return { provider, shape: 0, profile: freeProfile(provider, mode.accounts), label: '', values: initialValues(formFields(provider, 0)) }
}

/**
 * Add or edit one account, drawn from the provider's field list (PROVIDERS in src/shared). Secrets are password inputs
 * that start empty; in an edit an empty secret keeps the saved one, unless the address changes. Problems found here
 * and errors from main are shown beside the field they name.
 */
export function AccountForm({ mode, onDone }: { mode: FormMode; onDone(saved?: AccountSummary): void }): React.JSX.Element {
  const { t } = useTranslation()
  const save = useAccounts((s) => s.save)
  const update = useAccounts((s) => s.update)
  const [state, setState] = useState<FormState>(() => initialState(mode))
  const [showProblems, setShowProblems] = useState(false)
  const [serverError, setServerError] = useState<OnairErrorValue | null>(null)
  const [saving, setSaving] = useState(false)
  const form = useRef<HTMLFormElement>(null)
  const formId = useId()
  const editing = mode.kind === 'edit'
  const fields = formFields(state.provider, state.shape)
  const problems: FormProblems = showProblems ? formProblems(mode, state) : {}
  const serverField = errorField(serverError)
  const fieldNames = new Set(['profile', 'label', ...fields.map((f) => f.name)])
  const moved = addressChanged(mode, state)
  const newShape = shapeChanged(mode, state)
  const secretsAgain = !editing || moved || newShape
  const shapes = PROVIDERS[state.provider].credentialShapes

  useEffect(() => {
    form.current?.querySelector<HTMLElement>('select, input')?.focus()
  }, [])

  const change = (next: Partial<FormState>) => {
    setServerError(null)
    setState((s) => ({ ...s, ...next }))
  }
  const chooseProvider = (provider: ProviderId) => {
    setServerError(null)
    setShowProblems(false)
    setState(initialState(mode, provider))
  }
  const chooseShape = (shape: number) => {
    const carried = initialValues(formFields(state.provider, shape), mode.kind === 'edit' ? mode.account : undefined)
    // What the user typed in a field both methods share (the service account key) stays.
    for (const name of Object.keys(carried)) if (state.values[name] !== undefined) carried[name] = state.values[name]
    change({ shape, values: carried })
  }
  // Focus moves to the field a problem names once it is drawn (it may sit in a closed "Advanced" section until then).
  const [focusTarget, setFocusTarget] = useState<{ name?: string } | null>(null)
  useEffect(() => {
    if (!focusTarget) return
    const selector = focusTarget.name ? `[name="${focusTarget.name}"]` : '[aria-invalid="true"]'
    form.current?.querySelector<HTMLElement>(selector)?.focus()
  }, [focusTarget])
  /** Focuses the named field, or the first field (in reading order) that has a problem. */
  const focusField = (name?: string) => setFocusTarget({ name })

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (Object.keys(formProblems(mode, state)).length > 0) {
      setShowProblems(true)
      focusField()
      return
    }
    setSaving(true)
    setServerError(null)
    const request = accountRequest(mode, state)
    const result = request.command === 'accounts:save' ? await save(request.request) : await update(request.request)
    setSaving(false)
    if (result.ok) return onDone(result.value)
    setServerError(result.error)
    const field = errorField(result.error)
    if (field && fieldNames.has(field)) focusField(field)
  }

  const fieldError = (name: string) => {
    const problem = problems[name]
    if (problem) {
      const text = t(`accounts.form.${problem}`, { provider: PROVIDERS[state.provider].name })
      return <ErrorMessage text={text} testId={`account-error-${name}`} id={`${formId}-${name}-error`} />
    }
    if (serverError && serverField === name) return <ErrorMessage error={serverError} testId={`account-error-${name}`} id={`${formId}-${name}-error`} />
    return null
  }
  const invalid = (name: string) => Boolean(problems[name] || (serverError && serverField === name))

  const input = (f: FormField) => {
    const hintKey = `credentials.hint.${f.name}`
    const hint = t(hintKey, { defaultValue: '' })
    const keep = f.secret && !secretsAgain && mode.kind === 'edit'
    const describedBy = [hint && `${formId}-${f.name}-hint`, invalid(f.name) && `${formId}-${f.name}-error`].filter(Boolean).join(' ') || undefined
    return (
      <div className="field" key={f.name}>
        <label className="field-label" htmlFor={`${formId}-${f.name}`}>
          {t(`credentials.field.${f.name}`, { defaultValue: f.label })}
          {!f.required && <span className="field-optional"> · {t('accounts.form.optional')}</span>}
        </label>
        <input
          id={`${formId}-${f.name}`}
          name={f.name}
          data-testid={`account-field-${f.name}`}
          type={f.secret ? 'password' : 'text'}
          autoComplete={f.secret ? 'new-password' : 'off'}
          spellCheck={false}
          value={state.values[f.name] ?? ''}
          placeholder={keep ? t('accounts.form.keepPlaceholder', { mask: mode.account.display[f.name] ?? '••••••••' }) : f.placeholder}
          aria-invalid={invalid(f.name)}
          aria-describedby={describedBy}
          onChange={(e) => change({ values: { ...state.values, [f.name]: e.target.value } })}
        />
        {hint && (
          <span className="field-hint" id={`${formId}-${f.name}-hint`}>
            {hint}
          </span>
        )}
        {fieldError(f.name)}
      </div>
    )
  }

  const main = fields.filter((f) => !f.advanced)
  const advanced = fields.filter((f) => f.advanced)
  const advancedOpen = advanced.some((f) => state.values[f.name] || invalid(f.name))
  const title = editing ? t('accounts.form.editTitle', { label: mode.account.label }) : t('accounts.form.addTitle')

  return (
    <form ref={form} className="card account-form" data-testid="account-form" aria-label={title} onSubmit={(e) => void submit(e)} autoComplete="off" noValidate>
      <div className="card-head">
        <h2>{title}</h2>
        {editing && <span className="card-sub">{PROVIDERS[state.provider].name}</span>}
      </div>
      <div className="form-grid">
        {!editing && (
          <div className="field">
            <label className="field-label" htmlFor={`${formId}-provider`}>
              {t('accounts.form.provider')}
            </label>
            <select
              id={`${formId}-provider`}
              data-testid="account-provider"
              value={state.provider}
              onChange={(e) => chooseProvider(e.target.value as ProviderId)}
            >
              {PROVIDER_IDS.map((id) => (
                <option key={id} value={id}>
                  {PROVIDERS[id].name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label className="field-label" htmlFor={`${formId}-label`}>
            {t('accounts.form.label')}
            <span className="field-optional"> · {t('accounts.form.optional')}</span>
          </label>
          <input
            id={`${formId}-label`}
            name="label"
            data-testid="account-label"
            type="text"
            maxLength={80}
            value={state.label}
            placeholder={PROVIDERS[state.provider].name}
            aria-invalid={invalid('label')}
            onChange={(e) => change({ label: e.target.value })}
          />
          <span className="field-hint">{t('accounts.form.labelHint')}</span>
          {fieldError('label')}
        </div>
        {!editing && (
          <div className="field">
            <label className="field-label" htmlFor={`${formId}-profile`}>
              {t('accounts.form.profile')}
            </label>
            <input
              id={`${formId}-profile`}
              name="profile"
              data-testid="account-profile"
              type="text"
              maxLength={64}
              spellCheck={false}
              value={state.profile}
              aria-invalid={invalid('profile')}
              onChange={(e) => change({ profile: e.target.value })}
            />
            <span className="field-hint">{t('accounts.form.profileHint')}</span>
            {fieldError('profile')}
          </div>
        )}
      </div>

      {shapes.length > 1 && (
        <fieldset className="choice">
          <legend className="field-label">{t('accounts.form.shape')}</legend>
          {shapes.map((_, i) => (
            <label key={i} className="choice-item">
              <input type="radio" name="shape" data-testid={`account-shape-${i}`} checked={state.shape === i} onChange={() => chooseShape(i)} />
              <span>{t(`accounts.form.shape.${state.provider}.${i}`)}</span>
            </label>
          ))}
        </fieldset>
      )}

      <div className="form-grid">{main.map(input)}</div>

      {advanced.length > 0 && (
        <details className="advanced" open={advancedOpen || undefined}>
          <summary data-testid="account-advanced">{t('accounts.form.advanced')}</summary>
          {advanced.map(input)}
        </details>
      )}

      <p className={`form-note${moved || newShape ? ' form-note-warn' : ''}`} data-testid="account-note">
        <span className="lock" aria-hidden />{' '}
        {newShape
          ? t('accounts.form.shapeChanged')
          : moved
            ? t('accounts.form.addressChanged')
            : editing
              ? t('accounts.form.keepNote')
              : t('accounts.form.keychainNote')}
      </p>

      {serverError && !(serverField && fieldNames.has(serverField)) && <ErrorMessage error={serverError} testId="account-error" />}

      <div className="form-actions">
        <button type="button" className="btn btn-ghost" data-testid="account-cancel" onClick={() => onDone()}>
          {t('accounts.form.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" data-testid="account-save" disabled={saving}>
          {saving ? t('accounts.form.saving') : editing ? t('accounts.form.saveChanges') : t('accounts.form.save')}
        </button>
      </div>
    </form>
  )
}
