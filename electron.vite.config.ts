import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      // Native and optional packages stay outside the bundle: the keyring's .node file and
      // ffmpeg-static's binary are resolved at run time (and unpacked from the asar, see electron-builder.yml).
      externalizeDeps: true
    }
  },
  // The preload runs sandboxed (DESIGN §7): it can require only 'electron', so zod and the contract are bundled in.
  preload: { build: { externalizeDeps: false } },
  renderer: {
    root: 'src/renderer',
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } } },
    plugins: [react()]
  }
})
