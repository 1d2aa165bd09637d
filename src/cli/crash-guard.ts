/** Lines logged per minute at most, so a client that triggers a bug in a loop cannot flood the terminal. */
const MAX_LINES_PER_MINUTE = 20

/**
 * Keeps a long-running command (`onair serve`) alive through an uncaught exception or an unhandled rejection
 * (issue 7 item 1). Node's default is to exit, which would end a running show's push and recording because one
 * client sent something our code did not expect. Each failure is logged once, redacted, with a short stack.
 * Returns the disposer that restores Node's default.
 */
export function keepRunningOnCrash(log: (line: string) => void, redact: (text: string) => string, now: () => number = Date.now): () => void {
  let windowStart = 0
  let inWindow = 0
  let suppressed = 0
  const report = (kind: string) => (error: unknown) => {
    try {
      const time = now()
      if (time - windowStart >= 60_000) {
        if (suppressed > 0) log(`onair serve: ${suppressed} more unexpected errors were not shown.`)
        windowStart = time
        inWindow = 0
        suppressed = 0
      }
      if (++inWindow > MAX_LINES_PER_MINUTE) {
        suppressed += 1
        return
      }
      log(`onair serve: ${kind}; Onair keeps running (please report this): ${redact(describe(error))}`)
    } catch {
      // Logging must never be the thing that fails.
    }
  }
  const onException = report('unexpected error')
  const onRejection = report('unhandled rejection')
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onRejection)
  return () => {
    process.off('uncaughtException', onException)
    process.off('unhandledRejection', onRejection)
  }
}

/** A thrown value as text; anything (a getter that throws, an object whose toString is not a function) is handled. */
export function describe(error: unknown): string {
  try {
    if (error instanceof Error) {
      const stack = String(error.stack ?? '')
        .split('\n')
        .slice(1, 5)
        .map((l) => l.trim())
        .join(' | ')
      return `${error.name}: ${String(error.message)}${stack ? ` (${stack})` : ''}`.slice(0, 2000)
    }
    return (typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error))).slice(0, 2000)
  } catch {
    return 'an unprintable value was thrown'
  }
}
