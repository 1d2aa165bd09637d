import { isCommandName, type CommandName } from '../../../shared/contract'
import { onairError, type OnairErrorValue } from '../../../shared/errors'
import { requestProblem } from '../request-guard'

/** What one WebSocket frame from a client turned out to be. */
export type ClientFrame =
  /** A command to dispatch. */
  | { kind: 'command'; id: number; command: CommandName; request: unknown }
  /** Addressable (it has an id) but not a command we can run: answered with this error, the socket stays open. */
  | { kind: 'refused'; id: number; error: OnairErrorValue }
  /** Not the wire format at all: nothing to answer, so the socket is closed with this code and reason. */
  | { kind: 'malformed'; closeCode: 1003 | 1007; reason: string }

/**
 * Reads one client frame of `onair serve` (DESIGN §1: `{id, command, request}` as JSON text). Checks the shape before
 * anything touches a field (issue 7 item 1: `{"command":{"toString":"x"}}` once crashed serve in `String(command)`).
 * Close reasons stay under the 123 bytes a close frame allows.
 */
export function readClientFrame(data: Buffer | string, isBinary: boolean): ClientFrame {
  if (isBinary) return { kind: 'malformed', closeCode: 1003, reason: 'Binary frames are not supported: send JSON text {id, command, request}.' }
  let message: unknown
  try {
    message = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'))
  } catch {
    return { kind: 'malformed', closeCode: 1007, reason: 'Not JSON: send {id, command, request}.' }
  }
  if (!message || typeof message !== 'object' || Array.isArray(message)) {
    return { kind: 'malformed', closeCode: 1007, reason: 'Expected a JSON object {id, command, request}.' }
  }
  const { id, command, request } = message as Record<string, unknown>
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
    return { kind: 'malformed', closeCode: 1007, reason: 'Expected {id, command, request} with a whole-number id.' }
  }
  const refuse = (text: string, field?: string): ClientFrame => ({ kind: 'refused', id, error: onairError('invalid_request', text, { field }).value })
  for (const key of Object.keys(message)) {
    if (key !== 'id' && key !== 'command' && key !== 'request') return refuse('A message has only id, command and request.')
  }
  if (typeof command !== 'string') return refuse('The command must be a string such as "app:info".', 'command')
  // The name is not echoed back: it can be anything the sender chose, up to a megabyte.
  if (!isCommandName(command)) return refuse('Unknown command.', 'command')
  const problem = requestProblem(request)
  if (problem) return refuse(problem)
  return { kind: 'command', id, command, request }
}
