import { escapeInvisible, terminalText } from '../shared/display-text'
import { onairError, toErrorValue, type OnairErrorValue } from '../shared/errors'
import { redact } from '../shared/redact'

/**
 * Exit codes: 0 clean end, 1 failure with a reason, 2 wrong usage, 3 the show went fine but its recording did not
 * (cut short by a full disk or a removed folder: the `recording` line says how much was kept).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, recordingIncomplete: 3 } as const

/** Where a command writes. Tests and `--json` rely on stdout carrying only results; messages go to stderr. */
export interface CliIo {
  json: boolean
  out(line: string): void
  err(line: string): void
  /** One JSON object per line (DESIGN §8). */
  emit(object: Record<string, unknown>): void
  readStdin(): Promise<string>
  stdinIsTty: boolean
}

export function processIo(json: boolean): CliIo {
  return {
    json,
    // Whatever a line carries (a channel name, a window title, a provider message), no control or bidi character
    // reaches the terminal: it could move the cursor, recolour the screen or make a name read backwards.
    out: (line) => process.stdout.write(`${terminalText(line)}\n`),
    err: (line) => process.stderr.write(`${terminalText(line)}\n`),
    emit: (object) => process.stdout.write(`${escapeInvisible(JSON.stringify(object))}\n`),
    readStdin: () => readLimited(process.stdin),
    stdinIsTty: Boolean(process.stdin.isTTY)
  }
}

/** What stdin may carry: a JSON object of credentials or one stream key is far smaller. */
export const STDIN_LIMIT = 64 * 1024

/**
 * Reads a stream to its end, up to `limit` bytes. Past it, stops reading at once (a 50 MB "key" is never held in
 * memory) and fails with a typed error that says the limit and nothing of what was sent.
 */
export async function readLimited(stream: NodeJS.ReadableStream & { destroy?: () => void }, limit = STDIN_LIMIT): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    size += buffer.length
    if (size > limit) {
      stream.destroy?.()
      throw onairError('invalid_request', `stdin carried more than ${limit / 1024} KB; send only the JSON object of the fields or the key.`, { field: 'stdin' })
    }
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Prints a failure in the chosen format and returns the exit code. Errors are already redacted by their source. */
export function reportError(io: CliIo, e: unknown, secrets: string[] = []): number {
  const value: OnairErrorValue = toErrorValue(e)
  const message = redact(value.message, secrets)
  if (io.json) io.emit({ type: 'error', ...value, message })
  else io.err(`onair: ${message} [${value.code}]`)
  return value.code === 'invalid_request' && value.field === 'usage' ? EXIT.usage : EXIT.failed
}

/**
 * Calls `stop` on the first SIGINT (Ctrl-C) or SIGTERM, the clean end of DESIGN §8 (recording closed, provider told).
 * Returns the disposer that removes the handlers.
 */
export function onStopSignal(stop: () => void): () => void {
  const handler = () => stop()
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}
