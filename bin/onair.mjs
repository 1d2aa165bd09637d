#!/usr/bin/env node
// The `onair` command. It runs the TypeScript sources through tsx, so `npx onair` works straight after `npm install`
// with no build step; the CLI shares src/main/core with the desktop app.
import { tsImport } from 'tsx/esm/api'

const { main } = await tsImport('../src/cli/index.ts', import.meta.url)
process.exitCode = await main(process.argv.slice(2))
