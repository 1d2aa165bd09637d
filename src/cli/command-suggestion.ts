/**
 * What `onair` proposes for a command it does not know: the command a streamer meant when they used the app's own
 * word for it (the desktop app says Accounts and History where the command line says credentials and sessions), or a
 * command a typo or two away ("sesions", "handof").
 */
const APP_WORDS: Record<string, string> = {
  account: 'credentials',
  accounts: 'credentials',
  history: 'sessions',
  library: 'recordings',
  upload: 'handoff',
  'go-live': 'live',
  golive: 'live',
  ui: 'serve',
  browser: 'serve'
}

/** Typos further than this from every command get no proposal (a guess would mislead more than help). */
const MAX_DISTANCE = 2

export function suggestCommand(typed: string, commands: readonly string[]): string | null {
  const word = typed.toLowerCase()
  const meant = APP_WORDS[word]
  if (meant && commands.includes(meant)) return meant
  let best: { name: string; distance: number } | null = null
  for (const name of commands) {
    const distance = editDistance(word, name)
    if (distance <= MAX_DISTANCE && distance < word.length && (!best || distance < best.distance)) best = { name, distance }
  }
  return best?.name ?? null
}

/** Levenshtein distance (insert, delete, substitute), with an adjacent swap counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1)
    }
  return rows[a.length][b.length]
}
