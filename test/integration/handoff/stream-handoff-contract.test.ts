import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/compose'
import { MemoryCredentialStore } from '../../../src/main/core/credentials/memory-credential-store'
import type { HandoffProgress } from '../../../src/shared/contract'

const tick = () => new Promise((r) => setTimeout(r, 0))

/** The contract's side of a stream handoff, in process: the real file check (ffprobe), a pipeline stand-in. */
describe('handoff:stream through the contract', () => {
  it('resolves once live with the stream in handoff:list; handoff:cancel with its id ends the show, the stream cancelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onair-unit-handoff-contract-'))
    const file = join(dir, 'show.mkv')
    const made = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x90:rate=10',
      '-f',
      'lavfi',
      '-i',
      'sine',
      '-t',
      '1',
      '-c:v',
      'libx264',
      '-c:a',
      'aac',
      file
    ])
    expect(made.status).toBe(0)
    const core = createCore({
      shell: 'cli',
      version: 't',
      credentialStore: new MemoryCredentialStore(),
      dataDir: dir,
      repairRecordings: false,
      pipelineFactory: (p, l) => ({
        start: async () => queueMicrotask(() => p.destinations.forEach((d) => l.onDestinationLive(d.id))),
        stop: async () => l.onEnded(null),
        retryNow: () => {},
        pids: () => []
      })
    })
    const progress: HandoffProgress[] = []
    core.onDidEmit((e, p) => e === 'handoff:progress' && progress.push(p as HandoffProgress))
    const profile = core.services.accounts.addSessionAccount('custom', { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: 'unit-key-abcdef' })
    const started = await core.dispatch('handoff:stream', { recording: file, destinations: [{ provider: 'custom', profile }] })
    if (!started.ok) throw new Error(started.error.message)
    expect(started.value).toMatchObject({ kind: 'stream', state: 'running', path: file, durationSeconds: 1 })
    const listed = await core.dispatch('handoff:list', {})
    expect(listed.ok && listed.value.map((p) => p.id)).toEqual([started.value.id])
    expect(await core.dispatch('handoff:cancel', { id: started.value.id })).toEqual({ ok: true, value: { cancelled: true, partsLeftOnServer: false } })
    expect(core.services.live.snapshot().state).toBe('ended')
    await tick()
    expect(progress.at(-1)).toMatchObject({ id: started.value.id, state: 'cancelled' })
  })
})
