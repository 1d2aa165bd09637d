#!/usr/bin/env node
// Bundles the `onair` CLI into out/cli/onair.mjs (run by `npm install` via "prepare", and by `npm run build`).
import { buildBundle } from '../bin/cli-bundle.mjs'

const started = Date.now()
const out = await buildBundle()
console.log(`onair CLI bundled: ${out} (${Date.now() - started} ms)`)
