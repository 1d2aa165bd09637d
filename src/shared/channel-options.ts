/**
 * A provider-specific option of `channels:create` (mode, DVR, catchup, record...), described as a form field the UI
 * draws (`channels:options`) and the core checks a request against before anything reaches the provider. The UI
 * localises `channelOption.<provider>.<name>` and falls back to `label`.
 */
export interface ChannelOptionField {
  name: string
  /** English label, as the provider's documentation names the option. */
  label: string
  type: 'string' | 'number' | 'boolean' | 'enum'
  /** The allowed values of an `enum`, as the provider spells them. */
  values?: string[]
  min?: number
  max?: number
  default?: string | number | boolean
  required?: boolean
  /** One English sentence on when to use it, where the label alone does not say. */
  help?: string
}

export type ChannelOptions = Record<string, string | number | boolean>
