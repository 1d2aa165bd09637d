import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { en } from '../../src/renderer/src/i18n/en'
import { ko } from '../../src/renderer/src/i18n/ko'
import { vi } from '../../src/renderer/src/i18n/vi'

const CORE = new URL('../../src/main/core/', import.meta.url).pathname

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : []
  })
}

/**
 * Every log event core writes with a fixed code is said in Korean and Vietnamese too: a new code without words would
 * show main's English in the event log of a Korean or Vietnamese window. (`error.<code>` events are said like errors.)
 */
describe('the session log in every language', () => {
  const codes = new Set<string>()
  for (const file of sources(CORE)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\.log\(\s*'(?:info|warn|error)',\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g)) codes.add(m[1])
  }

  it('finds the codes core logs', () => {
    expect(codes.size).toBeGreaterThan(8)
    expect(codes).toContain('live.started')
  })

  it.each([
    ['en', en],
    ['ko', ko],
    ['vi', vi]
  ] as const)('%s has words for each of them', (_lang, messages: Record<string, string | undefined>) => {
    expect([...codes].filter((code) => !messages[`log.${code}`])).toEqual([])
  })
})
