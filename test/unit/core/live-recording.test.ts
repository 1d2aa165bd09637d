import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EventBus } from '../../../src/main/core/events/event-bus'
import { SecretRegistry } from '../../../src/main/core/events/secret-registry'
import type { IngestResolver } from '../../../src/main/core/live/ingest-resolver'
import { LiveService } from '../../../src/main/core/live/live-service'
import { FfmpegLocator } from '../../../src/main/core/media/ffmpeg-locator'
import type { MediaPipelineFactory, PipelineListener } from '../../../src/main/core/media/media-pipeline'
import type { EventName, EventPayloads } from '../../../src/shared/contract'
import type { RecordingStatus } from '../../../src/shared/live'

/** A live session with a stand-in pipeline that writes a small "recording" and reports what the test tells it to. */
function harness(recordingsDir: string) {
  const ctl: { listener?: PipelineListener; outcome?: RecordingStatus | null; resolves: number } = { resolves: 0 }
  const pipelineFactory: MediaPipelineFactory = (plan, listener) => {
    ctl.listener = listener
    if (plan.recordingPath) writeFileSync(plan.recordingPath, 'mkv')
    return {
      start: async () => queueMicrotask(() => plan.destinations.forEach((d) => listener.onDestinationLive(d.id))),
      stop: async () => listener.onEnded(null),
      retryNow: () => {},
      pids: () => [],
      recording: () => ctl.outcome ?? null
    }
  }
  const ingest = {
    resolve: async () => {
      ctl.resolves++
      return {
        label: 'Kollus',
        rtmp: { server: 'rtmp://127.0.0.1:1935/live', key: 'unit-key-abcdef', publishUrl: 'rtmp://127.0.0.1:1935/live/unit-key-abcdef' }
      }
    }
  } as unknown as IngestResolver
  const secrets = new SecretRegistry()
  const bus = new EventBus(secrets)
  const events: Array<{ event: EventName; payload: unknown }> = []
  bus.onDidEmit((event, payload) => events.push({ event, payload }))
  const live = new LiveService({ bus, secrets, ingest, locator: new FfmpegLocator(), pipelineFactory, recordingsDir })
  const logs = () => events.filter((e) => e.event === 'log:event').map((e) => e.payload as EventPayloads['log:event'])
  const start = (extra: { plannedSeconds?: number; recordDir?: string } = {}) =>
    live.start({
      destinations: [{ provider: 'kollus', profile: 'default', channelId: 'c1' }],
      video: 'testsrc',
      audio: 'sine',
      record: true,
      preview: false,
      ...extra
    })
  return { ctl, live, logs, start }
}

describe('live session × its recording', () => {
  it('a folder that cannot be written refuses Go Live before the provider is even asked', async () => {
    const base = mkdtempSync(join(tmpdir(), 'onair-unit-rec-'))
    writeFileSync(join(base, 'not-a-folder'), 'x')
    const h = harness(join(base, 'not-a-folder'))
    await expect(h.start()).rejects.toMatchObject({ code: 'recording_unavailable', value: { field: 'record' } })
    expect(h.ctl.resolves).toBe(0)
    expect(h.ctl.listener).toBeUndefined()
    expect(h.live.snapshot()).toMatchObject({ state: 'failed', error: { code: 'recording_unavailable', field: 'record' } })
    rmSync(base, { recursive: true, force: true })
  })

  it('a failure mid-show: a warning with its cause, the snapshot says so at once, the session stays live, and the end carries the measured outcome', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onair-unit-rec-'))
    const h = harness(dir)
    const started = await h.start()
    const path = started.recordingPath as string
    expect(started.recording).toBeUndefined()
    h.ctl.listener?.onRecordingFailed?.({ path, complete: false, seconds: 6.1, error: 'disk_full' }, 'No space left on device')
    expect(h.live.snapshot()).toMatchObject({ state: 'live', recording: { complete: false, seconds: 6.1, error: 'disk_full' } })
    expect(h.logs().at(-1)).toMatchObject({
      level: 'warn',
      code: 'recording.failed',
      message: 'The local recording stopped at 6.1 s: the disk is full (No space left on device). The stream goes on.',
      data: { cause: 'disk_full', seconds: 6.1 }
    })
    h.ctl.outcome = { path, complete: false, seconds: 5.9, error: 'disk_full' }
    const ended = await h.live.stop()
    expect(ended).toMatchObject({ state: 'ended', recordingPath: path, recording: { complete: false, seconds: 5.9, error: 'disk_full' } })
    rmSync(dir, { recursive: true, force: true })
  })

  it('a pipeline that cannot tell is judged by the file: gone means not complete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onair-unit-rec-'))
    const h = harness(dir)
    const started = await h.start()
    rmSync(started.recordingPath as string)
    expect(await h.live.stop()).toMatchObject({ recording: { complete: false, seconds: 0, error: 'folder_gone' } })
    const again = await h.start()
    expect((await h.live.stop()).recording).toMatchObject({ path: again.recordingPath, complete: true })
    rmSync(dir, { recursive: true, force: true })
  })
})
