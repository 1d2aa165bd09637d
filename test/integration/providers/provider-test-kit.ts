import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { OnairError, type ErrorCode } from '../../../src/shared/errors'
import type { LiveState } from '../../../src/shared/live'
import type { Provider } from '../../../src/main/core/providers/provider'
import { waitFor } from '../../fixtures/ports'
import { ffmpegPush, type RunResult } from '../../fixtures/run'

/** Fast HTTP settings for tests: short timeouts and backoff, so a fault costs milliseconds. */
export const FAST_HTTP = { timeoutMs: 2000, retries: 2, backoffBaseMs: 20, maxRetryAfterMs: 3000 }
export const FAULT_HTTP = { ...FAST_HTTP, timeoutMs: 300 }

export async function expectError(p: Promise<unknown>, code: ErrorCode, secrets: string[] = []): Promise<OnairError> {
  let caught: unknown
  try {
    await p
  } catch (e) {
    caught = e
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(OnairError)
  const e = caught as OnairError
  expect(e.code, e.message).toBe(code)
  expect(e.message.length).toBeGreaterThan(20)
  for (const s of secrets) expect(e.message).not.toContain(s)
  return e
}

export function waitForState(provider: Provider, channelId: string, state: LiveState, timeoutMs = 15_000) {
  return waitFor(
    async () => {
      const s = await provider.status(channelId)
      return s.state === state ? s : null
    },
    timeoutMs,
    `${provider.id} channel ${channelId} to be ${state}`
  )
}

/** A push from ffmpeg, as an encoder would do it, running in the background. */
export function startPush(rtmpUrl: string, streamKey: string, seconds: number): Promise<RunResult> {
  return ffmpegPush(`${rtmpUrl}/${streamKey}`, seconds)
}

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
