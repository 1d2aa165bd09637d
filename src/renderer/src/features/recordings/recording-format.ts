/** 42.4 → "0:42", 3725 → "1:02:05": how players show a length. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const

/**
 * Decimal units as disks are sold and as file managers on macOS and Windows count ("1.3 MB", "980 kB"), in the reader's
 * language and number format (Intl names the unit: "1,3 MB" in Vietnamese).
 */
export function formatSize(bytes: number, locale: string): string {
  let value = Math.max(0, bytes)
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  // Bytes in words ("980 bytes": the short form is "980 byte"); the larger units as their symbols.
  const unitDisplay = unit === 0 ? 'long' : 'short'
  return new Intl.NumberFormat(locale, { style: 'unit', unit: UNITS[unit], unitDisplay, maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0 }).format(value)
}

/** When the show started, as the reader writes dates: "Nov 30, 2026, 3:19 AM", "2026. 11. 30. 오전 3:19". */
export function formatStarted(time: number, locale: string): string {
  return new Date(time).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
}
