/**
 * Text from outside (account labels, channel and device names, provider fields) made safe to store and print:
 * C0/C1 control characters could move a terminal's cursor or recolour it (escape sequences), and bidi controls
 * make a name read differently from what it is ("Trojan Source"). Line breaks and tabs become spaces so a
 * name stays on its line; everything else a script needs (Korean, Vietnamese, emoji, joiners) stays as written.
 */
// C0 except the whitespace below, DEL, C1, ALM, LRM/RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
const INVISIBLE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
const SPACING = /[\t\n\v\f\r\u2028\u2029]/g

/** Longest name or label we keep; longer ones are cut with "…". */
export const NAME_LIMIT = 200

export function displayText(text: string, max = NAME_LIMIT): string {
  // Cut before the scans so a hostile megabyte costs no more than a long name.
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text
  const clean = head.replace(SPACING, ' ').replace(INVISIBLE, '').trim()
  if (clean.length <= max) return clean
  // Never split a surrogate pair (an emoji) at the cut.
  const end = /[\uD800-\uDBFF]/.test(clean[max - 2]) ? max - 2 : max - 1
  return `${clean.slice(0, end)}…`
}

const LINE_BREAKING = /[\v\f\r\u2028\u2029]/g

/** A whole line for a terminal: the same characters dropped, but tabs and line breaks (our own layout) kept. */
export function terminalText(text: string): string {
  return text.replace(LINE_BREAKING, '').replace(INVISIBLE, '')
}

// JSON.stringify already escapes C0; what is left is DEL, C1 and the bidi controls.
const INVISIBLE_BEYOND_ASCII = /[\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g

/** JSON for a terminal or a log: the same characters written as \uXXXX escapes, so nothing is lost for a parser. */
export function escapeInvisible(json: string): string {
  return json.replace(INVISIBLE_BEYOND_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
