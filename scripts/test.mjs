#!/usr/bin/env node
// `npm test`: typecheck, lint, format check, build, then every vitest suite (unit, integration with real ffmpeg/nginx-rtmp/keychain,
// e2e in real Chromium). Ends with one line "N passed, N failed" over all of it (CI reads that line).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const artifacts = join(root, 'test-artifacts')
mkdirSync(artifacts, { recursive: true })
const bin = (name) => join(root, 'node_modules', '.bin', name)
let passed = 0
let failed = 0

function step(name, cmd, args) {
  const started = Date.now()
  process.stdout.write(`\n▶ ${name}\n`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
  const ok = r.status === 0
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  if (ok) passed++
  else failed++
  return ok
}

step('typecheck (node)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit'])
step('typecheck (web)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit'])
// Type-aware lint (floating promises, React hooks) and the one code format.
step('lint (eslint)', bin('eslint'), ['.'])
step('format (prettier --check)', bin('prettier'), ['--check', '--log-level', 'warn', '.'])
step('build (electron-vite)', bin('electron-vite'), ['build'])
// The tests run `onair` as users do: from the bundle that `npm install` builds.
step('build (onair CLI bundle)', process.execPath, [join(root, 'scripts', 'build-cli.mjs')])

// Extra arguments go to vitest (e.g. `npm test -- --project unit`).
const report = join(artifacts, 'vitest-report.json')
rmSync(report, { force: true })
const started = Date.now()
process.stdout.write('\n▶ vitest (unit, integration, e2e)\n')
const vitest = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit'
})
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed += json.numPassedTests
  failed += json.numFailedTests
  // A file that fails to load has no tests counted; count it once so it cannot pass silently.
  failed += json.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length
} else {
  failed++
}
if (vitest.status !== 0 && failed === 0) failed++
console.log(`vitest finished in ${((Date.now() - started) / 1000).toFixed(1)} s`)
console.log(`${passed} passed, ${failed} failed`)
process.exitCode = failed === 0 ? 0 : 1
