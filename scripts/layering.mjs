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

/** Which layers each layer may import from (relative imports), and whether Node built-ins / electron are allowed. */
const RULES = {
  shared: { layers: ['shared'], node: false, electron: false },
  core: { layers: ['shared', 'core'], node: true, electron: false },
  shell: { layers: ['shared', 'core', 'shell'], node: true, electron: true },
  preload: { layers: ['shared', 'preload'], node: false, electron: true },
  renderer: { layers: ['shared', 'renderer'], node: false, electron: false },
  cli: { layers: ['shared', 'core', 'cli'], node: true, electron: false }
}

const IMPORT = /(?:^|[^.\w])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[^.\w])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^.\w])import\s+['"]([^'"]+)['"]|(?:^|[^.\w])require\s*\(\s*['"]([^'"]+)['"]\s*\)/gm

export function importsOf(text) {
  const out = []
  for (const m of text.matchAll(IMPORT)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4])
  return out
}

/** Violations of one file, as readable strings. Pure: takes the file's path and text. */
export function checkFile(file, text) {
  const layer = layerOf(file)
  if (!layer) return []
  const rule = RULES[layer]
  const problems = []
  for (const spec of importsOf(text)) {
    if (spec.startsWith('.')) {
      const target = layerOf(resolve(dirname(file), spec) + '/')
      if (target && !rule.layers.includes(target)) problems.push(`${file}: ${layer} must not import ${target} ("${spec}")`)
      continue
    }
    const isElectron = spec === 'electron' || spec.startsWith('electron/')
    const isNode = spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0])
    if (isElectron && !rule.electron) problems.push(`${file}: ${layer} must not import electron ("${spec}")`)
    if (isNode && !rule.node) problems.push(`${file}: ${layer} must not import Node built-ins ("${spec}")`)
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
