import { useTranslation } from 'react-i18next'
import type { ChannelOptionField } from '../../../../shared/channel-options'
import { PROVIDERS, type ProviderId } from '../../../../shared/providers'
import { optionControl, type OptionValue } from './channel-form-model'

/** An option's label: ours in the UI's language, else the provider's English one. */
export function useOptionLabel(provider: ProviderId): (field: ChannelOptionField) => string {
  const { t } = useTranslation()
  return (field) => t(`channelOption.${provider}.${field.name}`, { defaultValue: field.label })
}

/**
 * One provider option as a form control (channel-form-model decides which). The label comes from
 * `channelOption.<provider>.<name>`, the hint from its `.help` or the allowed range, enum values from `.value.<v>`.
 */
export function ChannelOptionInput({
  provider,
  field,
  value,
  inputId,
  describedBy,
  invalid,
  onChange
}: {
  provider: ProviderId
  field: ChannelOptionField
  value: OptionValue | undefined
  inputId: string
  describedBy?: string
  invalid: boolean
  onChange(value: OptionValue): void
}): React.JSX.Element {
  const { t } = useTranslation()
  const common = { id: inputId, name: field.name, 'data-testid': `channel-option-${field.name}`, 'aria-describedby': describedBy, 'aria-invalid': invalid }
  const serviceDefault = t('channels.form.serviceDefault', { provider: PROVIDERS[provider].name })
  const valueLabel = (v: string) => t(`channelOption.${provider}.${field.name}.value.${v}`, { defaultValue: v })

  switch (optionControl(field)) {
    case 'switch':
      return (
        <span className="toggle">
          <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          <span className="toggle-track" aria-hidden>
            <span className="toggle-thumb" />
          </span>
        </span>
      )
    case 'tristate':
      return (
        <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)}>
          <option value="">{serviceDefault}</option>
          <option value="true">{t('channels.form.on')}</option>
          <option value="false">{t('channels.form.off')}</option>
        </select>
      )
    case 'select':
      return (
        <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)}>
          {field.default === undefined && <option value="">{serviceDefault}</option>}
          {(field.values ?? []).map((v) => (
            <option key={v} value={v}>
              {valueLabel(v)}
            </option>
          ))}
        </select>
      )
    default:
      return (
        <input
          {...common}
          type="text"
          // A text input, not type=number: "two" must reach the check and be named, not silently become empty.
          inputMode={field.type === 'number' ? 'numeric' : undefined}
          autoComplete="off"
          spellCheck={false}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
        />
      )
  }
}

/** The line under an option: what it does (where we explain it), or the numbers it takes. */
export function useOptionHint(provider: ProviderId): (field: ChannelOptionField) => string {
  const { t } = useTranslation()
  return (field) => {
    const help = t(`channelOption.${provider}.${field.name}.help`, { defaultValue: '' })
    if (help) return help
    if (field.type !== 'number') return ''
    if (field.min !== undefined && field.max !== undefined) return t('channels.form.range', { min: field.min, max: field.max })
    if (field.min !== undefined && field.min > 0) return t('channels.form.min', { min: field.min })
    return ''
  }
}
