import { describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
// @ts-expect-error plain ESM helper of bin/, no types
import { bundleIsFresh } from '../../../bin/cli-bundle.mjs'

function tree() {
  const base = mkdtempSync(join(tmpdir(), 'onair-bundle-'))
  for (const d of ['src/shared', 'src/main/core/live', 'src/cli', 'out/cli']) mkdirSync(join(base, d), { recursive: true })
  const source = join(base, 'src/main/core/live/live-service.ts')
  const bundle = join(base, 'out/cli/onair.mjs')
  writeFileSync(source, '')
  writeFileSync(bundle, '')
  return { base, source, bundle }
}

describe('bin/onair.mjs picks the bundle only while it is up to date', () => {
  it('uses a bundle built after every source, not one older than an edited source', () => {
    const { base, source, bundle } = tree()
    utimesSync(source, new Date(1000_000), new Date(1000_000))
    utimesSync(bundle, new Date(2000_000), new Date(2000_000))
    expect(bundleIsFresh(base, bundle)).toBe(true)
    utimesSync(source, new Date(3000_000), new Date(3000_000))
    expect(bundleIsFresh(base, bundle)).toBe(false)
  })

  it('has no bundle before the first build', () => {
    const { base } = tree()
    expect(bundleIsFresh(base, join(base, 'out/cli/missing.mjs'))).toBe(false)
  })

  it('runs from the TypeScript sources when asked', () => {
    const r = spawnSync(process.execPath, ['bin/onair.mjs', '--version'], { env: { ...process.env, ONAIR_CLI_FROM_SOURCE: '1' }, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
