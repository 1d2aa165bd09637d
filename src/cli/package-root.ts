import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let cached: { root: string; version: string } | null = null

/**
 * The Onair package's folder and version, found by walking up from this module. It runs from src/cli (through tsx)
 * or from the bundle in out/cli, so no fixed relative path would be right for both.
 */
export function onairPackage(): { root: string; version: string } {
  if (cached) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'package.json')
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version: string }
      if (pkg.name === 'onair') return (cached = { root: dir, version: pkg.version })
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error('Cannot find the onair package.json above the CLI')
    dir = parent
  }
}
