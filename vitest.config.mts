import { defineConfig } from 'vitest/config'

// Four suites, as DESIGN §9: unit (pure, fast), renderer (jsdom), integration (real ffmpeg, nginx-rtmp, keychain, emulators),
// e2e (real Chromium against `onair serve`). scripts/test.mjs runs them all and prints the totals.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: ['test/unit/renderer/**'], environment: 'node' } },
      // The renderer's components and stores in jsdom, driven through a scripted API (DESIGN §10).
      {
        test: {
          name: 'renderer',
          include: ['src/renderer/**/*.test.{ts,tsx}', 'test/unit/renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['src/renderer/src/testing/setup.ts']
        }
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A real process on a loaded 2-core CI machine (or Kollus's 1 s spacing) can take longer than poll's 1 s default.
          expect: { poll: { timeout: 10_000 } }
        }
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // As above: what the page shows after a real server answered may take longer than 1 s under load.
          expect: { poll: { timeout: 10_000 } }
        }
      }
    ]
  }
})
