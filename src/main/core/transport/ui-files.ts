/**
 * The built UI's files, as both of its servers hand them out: the desktop window's `app://onair/` protocol and the
 * `onair serve` HTTP server. One rule for both: a request names segments inside the UI folder, and only a file whose
 * real path (symlinks followed) is still inside that folder is served.
 */
import { readFile, realpath, stat } from 'node:fs'
import { join, sep } from 'node:path'
import { promisify } from 'node:util'

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8'
}

/** Module scripts load only with a JavaScript type, so the type comes from the name, never guessed from content. */
export function mimeTypeFor(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  return (dot > 0 && MIME_TYPES[name.slice(dot).toLowerCase()]) || 'application/octet-stream'
}

/**
 * The path segments a URL pathname names inside the UI folder (`/` is index.html), or null when it tries to leave
 * it. Segments are decoded one by one, so `%2e%2e`, `%2f` and `%5c` cannot smuggle a `..` or a separator past the URL
 * parser; empty segments, NUL and `:` (Windows drives, streams) are refused.
 */
export function uiPathSegments(pathname: string): string[] | null {
  const raw = pathname === '/' || pathname === '' ? ['index.html'] : pathname.replace(/^\//, '').split('/')
  const segments: string[] = []
  for (const part of raw) {
    let segment: string
    try {
      segment = decodeURIComponent(part)
    } catch {
      return null
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return null
    segments.push(segment)
  }
  return segments
}

// The callback API, promisified: it is the one Electron patches to read inside app.asar.
const realpathAsync = promisify(realpath)
const statAsync = promisify(stat)
export const readUiFile: (path: string) => Promise<Uint8Array> = promisify(readFile)

/**
 * The real path of the file the segments name, or null when it is missing, not a file, or (through a symlink) lies
 * outside the UI folder. Callers answer all three alike, so a request cannot learn what exists outside the folder.
 */
export async function resolveUiFile(root: string, segments: string[]): Promise<string | null> {
  try {
    const realRoot = await realpathAsync(root)
    const file = await realpathAsync(join(realRoot, ...segments))
    if (!file.startsWith(realRoot + sep) || !(await statAsync(file)).isFile()) return null
    return file
  } catch {
    return null
  }
}
