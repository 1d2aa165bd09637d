import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { contentSecurityPolicy } from './src/shared/content-security-policy'

/**
 * Writes the page's CSP `<meta>` tag from the one policy in src/shared (app:// and `onair serve` send it as a header
 * too; the tag keeps the page strict wherever else it is opened). The dev server's page gets the development policy:
 * Vite injects inline styles, and React's refresh preamble (an inline script) is allowed by its hash, not by
 * 'unsafe-inline'.
 */
function cspMetaTag(): Plugin {
  let devServer = false
  return {
    name: 'onair-csp-meta',
    configResolved: (config) => void (devServer = config.command === 'serve'),
    transformIndexHtml: {
      order: 'post',
      handler: (html) => {
        const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1])
        const inlineScriptHashes = devServer ? inlineScripts.map((code) => `sha256-${createHash('sha256').update(code).digest('base64')}`) : []
        const policy = contentSecurityPolicy({ meta: true, devServer, inlineScriptHashes })
        return html.replace(/<head>/, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`)
      }
    }
  }
}

export default defineConfig({
  main: {
    build: {
      // Native and optional packages stay outside the bundle: the keyring's .node file and
      // ffmpeg-static's binary are resolved at run time (and unpacked from the asar, see electron-builder.yml).
      externalizeDeps: true
    }
  },
  // The preload runs sandboxed (DESIGN §7): it can require only 'electron', so what it imports is bundled in. It takes
  // the command and event names from contract-names.ts alone, which keeps zod out of it.
  preload: { build: { externalizeDeps: false } },
  renderer: {
    root: 'src/renderer',
    // electron-vite leaves the renderer unminified by default; a shipped UI should not be.
    build: { minify: true, rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } } },
    // The monitor's worker (monitor.ts) is a module worker, as the dev server serves it: the same in both.
    worker: { format: 'es' },
    plugins: [cspMetaTag(), react()]
  }
})
