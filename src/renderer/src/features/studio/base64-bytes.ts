/** Base64 to bytes (the preview's JPEGs arrive as base64 in JSON). */

/** The browser's own decoder where it has one (Chromium 140+), else ours. */
const fromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> }).fromBase64
export const decodeBase64 = (text: string) => (fromBase64 ? fromBase64(text) : base64Bytes(text))

const BASE64 = new Uint8Array(128)
for (let i = 0; i < 64; i++) BASE64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i

/** Base64 to bytes, for a JPEG of ~40 kB twelve times a second (atob's string and a copy per byte cost more). */
function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--
  const out = new Uint8Array(Math.floor((end * 3) / 4))
  let o = 0
  let i = 0
  for (; i + 4 <= end; i += 4) {
    const n =
      (BASE64[text.charCodeAt(i)] << 18) | (BASE64[text.charCodeAt(i + 1)] << 12) | (BASE64[text.charCodeAt(i + 2)] << 6) | BASE64[text.charCodeAt(i + 3)]
    out[o++] = n >> 16
    out[o++] = (n >> 8) & 255
    out[o++] = n & 255
  }
  const rest = end - i
  if (rest >= 2) {
    const n = (BASE64[text.charCodeAt(i)] << 18) | (BASE64[text.charCodeAt(i + 1)] << 12) | (rest === 3 ? BASE64[text.charCodeAt(i + 2)] << 6 : 0)
    out[o] = n >> 16
    if (rest === 3) out[o + 1] = (n >> 8) & 255
  }
  return out
}
