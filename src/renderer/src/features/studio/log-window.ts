/** Every log row is this tall (CSS `.log li`): the list draws only the rows in view, however long the show. */
export const LOG_ROW_PX = 30
/** Rows drawn above and below the visible ones, so a quick scroll never shows a blank. */
export const LOG_OVERSCAN = 6

/** Which rows of `total` to draw for a list scrolled to `scrollTop` with `viewport` px in view (pure). */
export function logWindow(total: number, scrollTop: number, viewport: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / LOG_ROW_PX) - LOG_OVERSCAN)
  const last = Math.min(total, Math.ceil((scrollTop + Math.max(viewport, LOG_ROW_PX)) / LOG_ROW_PX) + LOG_OVERSCAN)
  return { first: Math.min(first, last), last }
}
