import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { MediaPipelineFactory, PipelineListener } from '../../../src/main/core/media/media-pipeline'
import { onairError } from '../../../src/shared/errors'

/** A pipeline the test drives by hand (as live-service-pipeline.test.ts does). */
function scripted() {
  const ctl: { listener?: PipelineListener } = {}
  const factory: MediaPipelineFactory = (plan, listener) => {
    ctl.listener = listener
    return {
      start: async () => queueMicrotask(() => plan.destinations.forEach((d) => listener.onDestinationLive(d.id))),
      stop: async () => listener.onEnded(null),
      retryNow: () => {},
      pids: () => []
    }
  }
  return { ctl, factory }
}

const KEY = 'contract-key-0123456789abcdef'
const dataDir = mkdtempSync(join(tmpdir(), 'onair-sessions-contract-'))
const core = (factory?: MediaPipelineFactory) =>
  createCore({ shell: 'cli', version: 't', credentialStore: new MemoryCredentialStore(), dataDir, pipelineFactory: factory })

describe('sessions:list and sessions:get through the contract', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('a show with a reconnect is in the history with its report and log, after a restart too; no key in the folder', async () => {
    const { ctl, factory } = scripted()
    const first = core(factory)
    const profile = first.services.accounts.addSessionAccount('custom', { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: KEY })
    first.services.secrets.add(KEY)
    const started = await first.dispatch('live:start', { destinations: [{ provider: 'custom', profile }], record: false })
    expect(started.ok).toBe(true)
    ctl.listener?.onDestinationReconnecting?.('d1', onairError('ingest_unreachable', `rtmp://127.0.0.1:1935/live/${KEY} is gone`), 1, 1000)
    await new Promise((r) => setTimeout(r, 250))
    ctl.listener?.onDestinationLive('d1')
    await first.dispatch('live:stop', {})
    await new Promise((r) => setImmediate(r))

    const restarted = core()
    const list = await restarted.dispatch('sessions:list', {})
    if (!list.ok) throw new Error(list.error.message)
    expect(list.value).toEqual([
      expect.objectContaining({
        id: started.ok ? started.value.sessionId : '',
        ending: 'clean',
        outages: 1,
        reconnects: 1,
        destinations: ['rtmp://127.0.0.1:1935/live']
      })
    ])
    const got = await restarted.dispatch('sessions:get', { id: list.value[0].id })
    if (!got.ok) throw new Error(got.error.message)
    expect(got.value.report).toMatchObject({ ending: 'clean', reconnects: 1, outages: [{ recovery: 'reconnected', attempts: 1 }] })
    expect(got.value.report.outages[0].seconds).toBeGreaterThanOrEqual(0.2)
    expect(got.value.log.map((l) => l.code)).toEqual(
      expect.arrayContaining(['live.preparing', 'live.started', 'pusher.reconnecting', 'pusher.reconnected', 'live.ended'])
    )
    for (const name of readdirSync(join(dataDir, 'sessions'))) expect(readFileSync(join(dataDir, 'sessions', name), 'utf8')).not.toContain(KEY)
  })

  it.each([{ id: '../../etc/passwd' }, { id: 'a/b' }, { id: '' }, { id: 1 }, {}, { id: 'abc', extra: true }])(
    'refuses %j before it names a file',
    async (request) => {
      expect(await core().dispatch('sessions:get', request)).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    }
  )

  it('an unknown show is not_found; a limit is bounded', async () => {
    expect(await core().dispatch('sessions:get', { id: 'no-such-show' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await core().dispatch('sessions:list', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await core().dispatch('sessions:list', { limit: 1 })).toMatchObject({ ok: true })
  })
})
