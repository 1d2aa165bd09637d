/**
 * The one redaction function (DESIGN §7). Every log line, event, error and ffmpeg argument list passes through
 * it before it leaves main-process memory. Two layers:
 *  1. the exact secrets the caller knows about (stream keys, tokens, passwords) are replaced wherever they occur;
 *  2. shapes that usually carry secrets are masked even when the value is unknown: the last path segment of an
 *     rtmp(s):// URL (the stream key), `user:password@` in URLs, Authorization headers, and query or JSON
 *     fields named like key/token/secret/password/signature.
 */
export const REDACTED = '•••'

const SECRET_FIELD = String.raw`(?:stream_?key|streamkey|stream_?token|key|token|secret(?:_?key)?|password|passwd|signature|access_?token|client_?secret|access_?key|sig)`

const PATTERNS: Array<[RegExp, string]> = [
  // rtmp://host[:port]/app/KEY  → keep host and app, mask the key segment(s) after the app.
  [/\b(rtmps?|rtmpt|rtmpe|srt):\/\/([^\s/'"?#]+)\/([^\s/'"?#]+)\/([^\s'"|\]]+)/gi, `$1://$2/$3/${REDACTED}`],
  // scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@'"]+):([^\s@/'"]+)@/gi, `$1$2:${REDACTED}@`],
  // Authorization: Basic xxx / Bearer xxx
  [/\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`],
  // ?key=value or &token=value
  [new RegExp(String.raw`([?&;]${SECRET_FIELD}=)[^&\s'"#]+`, 'gi'), `$1${REDACTED}`],
  // "streamKey": "value" (JSON) and streamKey=value (env, form bodies): quoted or unspaced only, so prose is left alone.
  [new RegExp(String.raw`("[A-Za-z_-]*${SECRET_FIELD}"\s*:\s*")([^"]{3,})"`, 'gi'), `$1${REDACTED}"`],
  [new RegExp(String.raw`(\b[A-Za-z_-]*${SECRET_FIELD}=)([^&\s'",}]{3,})`, 'gi'), `$1${REDACTED}`],
  // x-ncp-apigw-signature-v2 / x-ncp-iam-access-key headers
  [/(x-ncp-(?:apigw-signature-v2|iam-access-key)"?\s*[:=]\s*"?)([^"\s,}]+)/gi, `$1${REDACTED}`]
]

export function redact(text: string, secrets: Iterable<string | undefined | null> = []): string {
  let out = text
  const known = [...secrets].filter((s): s is string => typeof s === 'string' && s.length >= 3)
  // Longest first, so a secret that contains another is replaced whole.
  known.sort((a, b) => b.length - a.length)
  for (const secret of known) out = out.split(secret).join(REDACTED)
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
  return out
}

/** Redacts every string inside a JSON-like value (events, error values, argv arrays). */
export function redactDeep<T>(value: T, secrets: Iterable<string | undefined | null> = []): T {
  const list = [...secrets]
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v, list)
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, inner] of Object.entries(v)) out[k] = walk(inner)
      return out
    }
    return v
  }
  return walk(value) as T
}

/** A stream key for display: never more than its last 4 characters, and only when it is long enough to spare them. */
export function maskSecret(secret: string | undefined | null): string {
  if (!secret) return ''
  if (secret.length < 12) return '••••••••'
  return `••••••••${secret.slice(-4)}`
}
