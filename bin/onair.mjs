#!/usr/bin/env node
// The `onair` command: the bundled CLI when it is up to date with the sources, else the TypeScript sources through
// tsx (so a source edit takes effect at once, and a clone works even before a build). ONAIR_CLI_FROM_SOURCE=1 forces
// the sources. Both share src/main/core with the desktop app.
import { bundleIsFresh, bundlePath } from './cli-bundle.mjs'

let entry
if (process.env.ONAIR_CLI_FROM_SOURCE !== '1' && bundleIsFresh()) {
  entry = await import(bundlePath)
} else {
  const { tsImport } = await import('tsx/esm/api')
  entry = await tsImport('../src/cli/index.ts', import.meta.url)
}
process.exitCode = await entry.main(process.argv.slice(2))
