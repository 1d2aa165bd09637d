/** No request of the contract nests deeper than a few levels; 16 leaves room for growth. */
export const MAX_REQUEST_DEPTH = 16
/** Keys that can reach an object's prototype when a request is copied or merged. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Checks a raw request before any schema sees it (issue 7 item 1): too deep a nesting (a 1 MB frame of `[[[[…`
 * is 500,000 levels; recursive validators and redaction would overflow the stack) or a prototype key anywhere.
 * Iterative, and stops at the first problem, so its cost is bounded by the frame size. Returns null when fine.
 */
export function requestProblem(value: unknown, maxDepth = MAX_REQUEST_DEPTH): string | null {
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!
    if (current === null || typeof current !== 'object') continue
    if (depth >= maxDepth) return `The request nests deeper than ${maxDepth} levels.`
    if (Array.isArray(current)) {
      for (const item of current) stack.push([item, depth + 1])
      continue
    }
    for (const key of Object.keys(current)) {
      // The key itself is not echoed: it may be anything the sender chose.
      if (PROTOTYPE_KEYS.has(key)) return 'The request contains a reserved key (__proto__, constructor or prototype).'
      stack.push([(current as Record<string, unknown>)[key], depth + 1])
    }
  }
  return null
}
