// The runtime layering of DESIGN §1, as data (after VS Code's local/code-layering rule). Used by test/unit/layering.test.ts.
import { builtinModules } from 'node:module'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]))

/** Layer of a source file, by folder. */
export function layerOf(file) {
  const p = file.split(sep).join('/')
  if (p.includes('src/shared/')) return 'shared'
  if (p.includes('src/main/core/')) return 'core'
  if (p.includes('src/main/')) return 'shell'
  if (p.includes('src/preload/')) return 'preload'
  if (p.includes('src/renderer/')) return 'renderer'
  if (p.includes('src/cli/')) return 'cli'
  return null
}

/**
 * Which layers each layer may import from (relative imports), whether Node built-ins / electron are allowed, and
 * which npm packages it may use: each runtime ships its own (the renderer's React never lands in main, the keychain
 * binding never in the renderer, the sandboxed preload has nothing but electron).
 */
const RULES = {
  shared: { layers: ['shared'], node: false, electron: false, packages: ['zod'] },
  core: {
    layers: ['shared', 'core'],
    node: true,
    electron: false,
    packages: ['zod', 'ws', '@napi-rs/keyring', 'ffmpeg-static', '@aws-sdk/client-s3', '@aws-sdk/lib-storage']
  },
  shell: { layers: ['shared', 'core', 'shell'], node: true, electron: true, packages: [] },
  preload: { layers: ['shared', 'preload'], node: false, electron: true, packages: [] },
  renderer: { layers: ['shared', 'renderer'], node: false, electron: false, packages: ['react', 'react-dom', 'zustand', 'i18next', 'react-i18next'] },
  cli: { layers: ['shared', 'core', 'cli'], node: true, electron: false, packages: [] }
}

/**
 * The renderer's tests and their helpers (`*.test.tsx` files under src/renderer, src/renderer/src/testing/) live beside the
 * components (DESIGN §10) but never ship: they may also use the test runner and Testing Library, and no shipped
 * renderer file may import them.
 */
const RENDERER_TEST_PACKAGES = ['vitest', '@testing-library/react', '@testing-library/dom', '@testing-library/user-event']
const isRendererTestFile = (p) => /\.test\.tsx?$/.test(p) || p.includes('src/renderer/src/testing/')

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(spec) {
  const parts = spec.split('/')
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

const IMPORT =
  /(?:^|[^.\w])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[^.\w])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^.\w])import\s+['"]([^'"]+)['"]|(?:^|[^.\w])require\s*\(\s*['"]([^'"]+)['"]\s*\)/gm

export function importsOf(text) {
  const out = []
  for (const m of text.matchAll(IMPORT)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4])
  return out
}

/** Violations of one file, as readable strings. Pure: takes the file's path and text. */
export function checkFile(file, text) {
  const layer = layerOf(file)
  if (!layer) return []
  const path = file.split(sep).join('/')
  const testFile = layer === 'renderer' && isRendererTestFile(path)
  const rule = testFile ? { ...RULES.renderer, packages: [...RULES.renderer.packages, ...RENDERER_TEST_PACKAGES] } : RULES[layer]
  const problems = []
  for (const spec of importsOf(text)) {
    if (spec.startsWith('.')) {
      const target = layerOf(resolve(dirname(file), spec) + '/')
      if (target && !rule.layers.includes(target)) problems.push(`${file}: ${layer} must not import ${target} ("${spec}")`)
      else if (layer === 'renderer' && !testFile && isRendererTestFile(resolve(dirname(file), spec))) {
        problems.push(`${file}: shipped renderer code must not import test code ("${spec}")`)
      }
      continue
    }
    const isElectron = spec === 'electron' || spec.startsWith('electron/')
    const isNode = spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0])
    if (isElectron && !rule.electron) problems.push(`${file}: ${layer} must not import electron ("${spec}")`)
    if (isNode && !rule.node) problems.push(`${file}: ${layer} must not import Node built-ins ("${spec}")`)
    if (!isElectron && !isNode && !rule.packages.includes(packageName(spec))) {
      problems.push(`${file}: ${layer} must not import the package "${packageName(spec)}" (its runtime's packages: ${rule.packages.join(', ') || 'none'})`)
    }
  }
  return problems
}

export function sourceFiles(root) {
  const out = []
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(name)) out.push(p)
    }
  }
  walk(root)
  return out
}

export function checkTree(root) {
  return sourceFiles(join(root, 'src')).flatMap((f) => checkFile(relative(root, f), readFileSync(f, 'utf8')))
}
