import { toErrorValue, type OnairErrorValue } from '../shared/errors'
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
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    emit: (object) => process.stdout.write(`${JSON.stringify(object)}\n`),
    readStdin: async () => {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    },
    stdinIsTty: Boolean(process.stdin.isTTY)
  }
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
