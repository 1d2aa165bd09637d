import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// `npm test` builds before the suites run; these check what that build ships.
const out = join(__dirname, '..', '..', '..', 'out')

describe('built bundles', () => {
  it('the sandboxed preload carries the command names only: a few KB, no schema library', () => {
    const preload = readFileSync(join(out, 'preload', 'index.js'), 'utf8')
    expect(preload.length).toBeLessThan(8 * 1024)
    expect(preload).not.toMatch(/ZodError|\$ZodType/)
    expect(preload).toContain('live:start')
  })

  it('the renderer bundle is minified', () => {
    const assets = join(out, 'renderer', 'assets')
    expect(existsSync(assets)).toBe(true)
    for (const file of readdirSync(assets).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(assets, file), 'utf8')
      const lines = text.split('\n').length
      // Minified output is a few very long lines (template literals keep their own newlines); an unminified React
      // build averages well under a hundred characters a line.
      expect(text.length / lines).toBeGreaterThan(2000)
    }
  })
})
