/** The audio meter's scale (issue 9 item 4), shared by the meter's readout and its painter (pure). */

/** The meter's range: below −60 dBFS is as good as silence on a meter this size. */
export const FLOOR_DB = -60
/** Where the colours change along the scale: green up to −18 dBFS, amber up to −6 dBFS, red above. */
export const AMBER_AT = 0.7
export const RED_AT = 0.9

/** How far along the meter a level sits, 0–100 (pure). */
export function meterPercent(db: number | null): number {
  if (db === null || db <= FLOOR_DB) return 0
  return Math.min(100, Math.round(((db - FLOOR_DB) / -FLOOR_DB) * 1000) / 10)
}
