#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts with tsx (one at a time: they measure CPU and latency), shows their
// progress, and prints as the LAST line one JSON object merging the last JSON line of each.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
const only = process.argv.slice(2)
const merged = {}
let failed = false
for (const file of benches) {
  if (only.length && !only.some((o) => file.includes(o))) continue
  process.stderr.write(`\n▶ bench/${file}\n`)
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join('bench', file)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8'
  })
  const last = r.stdout.trim().split('\n').filter(Boolean).at(-1)
  try {
    Object.assign(merged, JSON.parse(last ?? ''))
  } catch {
    failed = true
    process.stderr.write(`bench/${file} printed no JSON (exit ${r.status})\n${r.stdout}\n`)
  }
}
console.log(JSON.stringify(merged))
process.exitCode = failed ? 1 : 0
