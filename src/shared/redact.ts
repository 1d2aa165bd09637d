/**
 * The one redaction function (DESIGN §7). Every log line, event, error and ffmpeg argument list passes through
 * it before it leaves main-process memory. Two layers:
 *  1. the exact secrets the caller knows about (stream keys, tokens, passwords) are replaced wherever they occur;
 *  2. shapes that usually carry secrets are masked even when the value is unknown: the last path segment of an
 *     rtmp(s):// URL (the stream key), `user:password@` in URLs, Authorization headers, and query or JSON
 *     fields named like key/token/secret/password/signature.
 *
 * Its cost is linear in the text (a 200 KB field name once blocked the event loop for 77 s): text is cut to a
 * limit first, every pattern starts at a literal or a keyword and has bounded repeats only, and the secret value
 * after a matched prefix is consumed in bounded steps rather than by an open-ended `+` that could backtrack.
 */
export const REDACTED = '•••'

/** What replaces the part of a string that was cut (followed by how much was cut). */
export const CUT = '…'

/** Default cap for one piece of log or error text; nothing a streamer reads needs more. */
export const TEXT_LIMIT = 16 * 1024

const SECRET_FIELD = String.raw`(?:stream_?key|streamkey|stream_?token|key|token|secret(?:_?key)?|password|passwd|signature|access_?token|client_?secret|access_?key|sig)`

/**
 * A shape whose value is masked: `prefix` matches what is kept (and checks by lookahead that a value follows);
 * `value` is a sticky, bounded class run that `maskShape` repeats until the value ends.
 */
interface Shape {
  prefix: RegExp
  value: RegExp
}

const shape = (prefix: string, valueClass: string, flags = 'gi'): Shape => ({
  prefix: new RegExp(prefix, flags),
  value: new RegExp(`${valueClass}{1,4096}`, 'y')
})

const SHAPES: Shape[] = [
  // rtmp://host[:port]/app/KEY → keep host and app, mask the key segment(s) after the app.
  shape(String.raw`\b(?:rtmps?|rtmpt|rtmpe|srt):\/\/[^\s/'"?#]{1,255}\/[^\s/'"?#]{1,1024}\/(?=[^\s'"|\]])`, String.raw`[^\s'"|\]]`),
  // Authorization: Basic xxx / Bearer xxx
  shape(String.raw`\b(?:Basic|Bearer)\s{1,16}(?=[A-Za-z0-9._~+/=-]{6})`, String.raw`[A-Za-z0-9._~+/=-]`, 'g'),
  // ?key=value or &token=value
  shape(String.raw`[?&;]${SECRET_FIELD}=(?=[^&\s'"#])`, String.raw`[^&\s'"#]`),
  // "streamKey": "value" (JSON): quoted only, so prose is left alone. The closing quote may be cut off.
  shape(String.raw`"[A-Za-z_-]{0,64}${SECRET_FIELD}"\s{0,16}:\s{0,16}"(?=[^"]{3})`, String.raw`[^"]`),
  // streamKey=value (env, form bodies): unspaced only. The keyword is the anchor, so a long run of letters or
  // dashes costs one look per character (not a scan back over the run from every word boundary).
  shape(String.raw`${SECRET_FIELD}=(?=[^&\s'",}]{3})`, String.raw`[^&\s'",}]`),
  // x-ncp-apigw-signature-v2 / x-ncp-iam-access-key headers
  shape(String.raw`x-ncp-(?:apigw-signature-v2|iam-access-key)"?\s{0,16}[:=]\s{0,16}"?(?=[^"\s,}])`, String.raw`[^"\s,}]`)
]

// scheme://user:password@host: starts at the literal "://" (found fast), both parts bounded and '/'-free, so a
// failed attempt ends at the next slash.
const USERINFO = /:\/\/([^\s:/@'"]{1,256}):[^\s@/'"]{1,4096}@/g

export function redact(text: string, secrets: Iterable<string | undefined | null> = [], limit = TEXT_LIMIT): string {
  return redactKnown(text, knownSecrets(secrets), limit)
}

/** Secrets worth searching for, longest first, so a secret that contains another is replaced whole. */
function knownSecrets(secrets: Iterable<string | undefined | null>): string[] {
  return [...secrets].filter((s): s is string => typeof s === 'string' && s.length >= 3).sort((a, b) => b.length - a.length)
}

function redactKnown(text: string, known: string[], limit: number): string {
  const cut = text.length > limit
  let out = cut ? dropPartialSecret(text.slice(0, limit), known) : text
  // split/join is one native linear search per secret.
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
  for (const s of SHAPES) out = maskShape(out, s)
  out = out.replace(USERINFO, `://$1:${REDACTED}@`)
  return cut ? `${out}${CUT} (${text.length - limit} characters cut)` : out
}

/** Replaces the value after each match of `s.prefix`; the value is consumed in bounded steps, never backtracked. */
function maskShape(text: string, s: Shape): string {
  s.prefix.lastIndex = 0
  let match = s.prefix.exec(text)
  if (!match) return text
  const parts: string[] = []
  let done = 0
  while (match) {
    const keepEnd = match.index + match[0].length
    let end = keepEnd
    for (;;) {
      s.value.lastIndex = end
      if (!s.value.test(text)) break
      end = s.value.lastIndex
    }
    parts.push(text.slice(done, keepEnd), REDACTED)
    done = end
    s.prefix.lastIndex = Math.max(end, keepEnd + 1)
    match = s.prefix.exec(text)
  }
  parts.push(text.slice(done))
  return parts.join('')
}

/** A cut may fall inside a known secret: its first characters would then escape the exact-match layer. */
function dropPartialSecret(head: string, known: string[]): string {
  let keep = head.length
  for (const secret of known) {
    // The leftmost start whose rest of `head` begins the secret: the longest partial copy at the end.
    for (let i = Math.max(0, head.length - secret.length + 1); i < keep; i++) {
      if (head.charCodeAt(i) === secret.charCodeAt(0) && secret.startsWith(head.slice(i))) {
        keep = i
        break
      }
    }
  }
  return head.slice(0, keep)
}

export interface DeepLimits {
  /** Longest string kept (longer ones are cut, with a marker). Preview JPEGs travel as base64 strings. */
  maxString?: number
  /** Longest object key kept. */
  maxKey?: number
  /** Nesting depth; anything deeper becomes the cut marker (no recursion past it, so no stack overflow). */
  maxDepth?: number
  /** Characters plus values visited, in total; past it strings and containers become the cut marker. */
  maxTotal?: number
}

const DEEP_DEFAULTS: Required<DeepLimits> = { maxString: 512 * 1024, maxKey: 256, maxDepth: 32, maxTotal: 8 * 1024 * 1024 }

/**
 * Redacts every string (and key) inside a JSON-like value (events, error values, argv arrays) into a new value.
 * Bounded in depth and total size, so a hostile value costs at most `maxTotal` work.
 */
export function redactDeep<T>(value: T, secrets: Iterable<string | undefined | null> = [], limits: DeepLimits = {}): T {
  const { maxString, maxKey, maxDepth, maxTotal } = { ...DEEP_DEFAULTS, ...limits }
  const known = knownSecrets(secrets)
  let budget = maxTotal
  const text = (s: string, limit: number): string => {
    const cost = Math.min(s.length, limit)
    if (cost > budget) {
      budget = 0
      return CUT
    }
    budget -= cost
    return redactKnown(s, known, limit)
  }
  const walk = (v: unknown, depth: number): unknown => {
    budget -= 1
    if (typeof v === 'string') return text(v, maxString)
    if (!v || typeof v !== 'object') return v
    if (depth >= maxDepth || budget <= 0) return CUT
    if (Array.isArray(v)) {
      const out: unknown[] = []
      for (const inner of v) {
        if (budget <= 0) {
          out.push(CUT)
          break
        }
        out.push(walk(inner, depth + 1))
      }
      return out
    }
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(v)) {
      if (budget <= 0) {
        out[CUT] = CUT
        break
      }
      // defineProperty: a key named "__proto__" stays a plain key instead of replacing the copy's prototype.
      Object.defineProperty(out, text(key, maxKey), {
        value: walk((v as Record<string, unknown>)[key], depth + 1),
        enumerable: true,
        writable: true,
        configurable: true
      })
    }
    return out
  }
  return walk(value, 0) as T
}

/** A stream key for display: never more than its last 4 characters, and only when it is long enough to spare them. */
export function maskSecret(secret: string | undefined | null): string {
  if (!secret) return ''
  if (secret.length < 12) return '••••••••'
  return `••••••••${secret.slice(-4)}`
}
