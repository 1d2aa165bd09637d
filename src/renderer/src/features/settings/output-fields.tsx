import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { OUTPUT_PRESETS, type H264Encoder, type OutputEncoder, type OutputPresetId, type OutputSettings } from '../../../../shared/output-presets'
import { isActive } from '../../lib/live-state'
import { ErrorMessage } from '../../ui/error-message'
import { useLive } from '../studio/live-store'
import { figurePatch, OUTPUT_FIELDS, outputFieldProblem, PRESET_CHOICES, presetFigures, type OutputField } from './output-model'
import { errorAbout, useSettings } from './settings-store'
import './settings.css'

/**
 * The output of the next show (size, frame rate, bitrate; the encoder where `withEncoder`): a preset, or the
 * streamer's own figures under Custom. Saved in main's settings as soon as it changes; a running show keeps its own.
 */
export function OutputFields({ withEncoder = false }: { withEncoder?: boolean }): React.JSX.Element | null {
  const { t } = useTranslation()
  const output = useSettings((s) => s.snapshot?.settings.output)
  const error = useSettings((s) => errorAbout(s, 'output'))
  const save = useSettings((s) => s.save)
  const live = useLive((s) => isActive(s.snapshot.state))
  if (!output) return null
  const change = (patch: Partial<OutputSettings>) => void save({ output: patch })
  return (
    <div className="output-fields">
      <label className="field">
        <span className="field-label">{t('output.preset')}</span>
        <select data-testid="output-preset" value={output.preset} disabled={live} onChange={(e) => change({ preset: e.target.value as OutputPresetId })}>
          {PRESET_CHOICES.map((id) => (
            <option key={id} value={id}>
              {t('output.presetLabel', { id, ...presetFigures(OUTPUT_PRESETS[id]) })}
            </option>
          ))}
          <option value="custom">{t('output.custom')}</option>
        </select>
      </label>
      {output.preset === 'custom' && (
        <div className="output-figures">
          {OUTPUT_FIELDS.map((field) => (
            <FigureInput key={field} field={field} value={output[field]} disabled={live} onCommit={(text) => change(figurePatch(field, text))} />
          ))}
        </div>
      )}
      {withEncoder && <EncoderSelect value={output.encoder} disabled={live} onChange={(encoder) => change({ encoder })} />}
      <p className="field-hint" data-testid="output-summary">
        {t('output.summary', {
          width: output.width,
          height: output.height,
          fps: output.fps,
          kbps: output.videoKbps,
          encoder: t(`output.encoder.${output.encoder}`)
        })}
        {/* Its own line: after "encoder: Automatic" the sentence would read as part of the encoder's name. */}
        {live && <span className="field-hint-line">{t('output.whileLive')}</span>}
      </p>
      {error && <ErrorMessage error={error} testId="output-error" />}
    </div>
  )
}

/**
 * Automatic, or one of the encoders that pass a test encode on this computer (DESIGN §4). A saved choice that no longer
 * passes (a driver gone) stays shown, marked, so the streamer sees why Go Live refuses it.
 */
function EncoderSelect({ value, disabled, onChange }: { value: OutputEncoder; disabled: boolean; onChange: (encoder: OutputEncoder) => void }) {
  const { t } = useTranslation()
  const usable = useSettings((s) => s.encoders)
  const loadEncoders = useSettings((s) => s.loadEncoders)
  useEffect(() => {
    void loadEncoders()
  }, [loadEncoders])
  const choices: OutputEncoder[] = ['auto', ...(usable ?? [])]
  if (!choices.includes(value)) choices.push(value)
  return (
    <label className="field">
      <span className="field-label">{t('output.encoder')}</span>
      <select data-testid="output-encoder" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as OutputEncoder)}>
        {choices.map((id) => (
          <option key={id} value={id}>
            {id !== 'auto' && usable && !usable.includes(id as H264Encoder)
              ? t('output.encoderUnavailable', { encoder: t(`output.encoder.${id}`) })
              : t(`output.encoder.${id}`)}
          </option>
        ))}
      </select>
      <span className="field-hint">{t(usable ? 'output.encoderHint' : 'output.encoderTesting')}</span>
    </label>
  )
}

/** One figure of a custom output: checked as typed, saved when the field is left (or Enter). */
function FigureInput({ field, value, disabled, onCommit }: { field: OutputField; value: number; disabled: boolean; onCommit: (text: string) => void }) {
  const { t } = useTranslation()
  // What is being typed; null shows main's value (after a save, or a change from another window).
  const [draft, setDraft] = useState<string | null>(null)
  const [left, setLeft] = useState(false)
  const text = draft ?? String(value)
  const problem = draft === null ? null : outputFieldProblem(field, draft)
  const commit = () => {
    setLeft(true)
    if (draft === null || problem) return
    if (draft.trim() !== String(value)) onCommit(draft)
    setDraft(null)
  }
  const shown = left && problem
  const id = `output-${field}`
  return (
    <label className="field">
      <span className="field-label">{t(`output.field.${field}`)}</span>
      <input
        id={id}
        data-testid={id}
        inputMode="numeric"
        value={text}
        disabled={disabled}
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? `${id}-problem` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {shown && <ErrorMessage text={t(problem.key, { min: problem.min, max: problem.max })} testId={`${id}-problem`} id={`${id}-problem`} />}
    </label>
  )
}
