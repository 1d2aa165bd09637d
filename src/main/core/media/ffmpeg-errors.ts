import { onairError, type OnairError } from '../../../shared/errors'
import { redact } from '../../../shared/redact'

/** An input the encoder opened: the SOURCE the user chose and what ffmpeg calls it (`-i` value). */
export interface EncoderInput {
  source: string
  spec: string
}

/**
 * Why the encoder ended. ffmpeg names a failed input by its `-i` value ("default: No such process",
 * ":0.0: Input/output error"); when we can tell which SOURCE that was, the message says so.
 */
export function encoderFailure(stderrTail: string, secrets: string[] = [], inputs: EncoderInput[] = []): OnairError {
  const detail = redact(lastMeaningfulLine(stderrTail), secrets)
  const lines = stderrTail.split('\n')
  const failed = inputs.find((input) => lines.some((l) => l.startsWith(`${input.spec}: `) || l.includes(`'${input.spec}'`)))
  if (failed?.source.startsWith('file:')) {
    // One message for missing, unreadable and not-a-media-file, with no ffmpeg detail: whoever picks the source
    // (a page or a script with the serve token, say) must not learn which files exist on this computer.
    const field = failed.source === inputs[0]?.source ? 'video' : 'audio'
    return onairError(
      'source_unavailable',
      `The ${field} file could not be opened: it is missing, Onair may not read it, or it is not a video or audio file.`,
      { retryable: false, field }
    )
  }
  if (
    failed ||
    /Cannot open display|Can't open display|cannot open video device|No such file or directory|Device or resource busy|Connection refused.*pulse|pa_context_connect/i.test(
      stderrTail
    )
  ) {
    const which = failed ? `The source "${failed.source}" could not be opened` : 'A chosen source could not be opened'
    return onairError(
      'source_unavailable',
      `${which}. Check that it exists and is not used by another program (onair devices lists what this computer has). (${detail})`,
      {
        retryable: true,
        field: failed ? (failed.source === inputs[0]?.source ? 'video' : 'audio') : undefined
      }
    )
  }
  return onairError('encoder_failed', `ffmpeg stopped unexpectedly. (${detail || 'no message'})`, { retryable: true })
}

function lastMeaningfulLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(Conversion failed!|Exiting normally)/.test(l))
  return (lines.at(-1) ?? '').slice(0, 240)
}
