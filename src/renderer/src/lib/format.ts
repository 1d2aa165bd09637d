/** 3725000 ms → "01:02:05". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':')
}

export function formatClock(time: number, locale: string): string {
  return new Date(time).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
}

/** Which destination field an error is about: the one main named, else the field a streamer would fix. */
export function errorField(error: { code: string; field?: string } | null | undefined): string | undefined {
  if (!error) return undefined
  if (error.field) return error.field.replace(/^fields\./, '')
  if (error.code === 'ingest_rejected_key') return 'streamKey'
  if (error.code === 'invalid_rtmp_url' || error.code === 'ingest_unreachable') return 'serverUrl'
  return undefined
}
