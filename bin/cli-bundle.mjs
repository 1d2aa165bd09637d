// The `onair` CLI ships two ways: bundled once (out/cli/onair.mjs, built by `npm install` and `npm run build`), which
// starts in about 0.1 s, or straight from the TypeScript sources through tsx, which costs about 1 s of compiling at
// every start. The bundle is used only while it is newer than every source it was built from.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const root = new URL('..', import.meta.url).pathname
export const bundlePath = join(root, 'out', 'cli', 'onair.mjs')
/** Everything the CLI bundle is built from (the renderer and the Electron shell are not part of it). */
const SOURCE_DIRS = ['src/shared', 'src/main/core', 'src/cli']

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

/** True when the bundle exists and no CLI source changed after it was built. */
export function bundleIsFresh(base = root, bundle = bundlePath) {
  if (!existsSync(bundle)) return false
  const built = statSync(bundle).mtimeMs
  return SOURCE_DIRS.every((d) => !existsSync(join(base, d)) || newestMtime(join(base, d)) <= built)
}

export async function buildBundle() {
  const { build } = await import('esbuild')
  await build({
    entryPoints: [join(root, 'src', 'cli', 'index.ts')],
    outfile: bundlePath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies load from node_modules as usual (native keyring, ws, zod...); only our own code is bundled.
    packages: 'external',
    logLevel: 'error'
  })
  return bundlePath
}
