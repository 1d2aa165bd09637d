import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRtmpIngest, type RtmpIngest } from '../../fixtures/nginx-rtmp'
import { run } from '../../fixtures/run'
import { CLI, jsonLines, type JsonLine } from '../../fixtures/cli'

async function durationOf(file: string): Promise<number> {
  const r = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])
  return parseFloat(r.stdout)
}

async function codecsOf(file: string): Promise<string[]> {
  const r = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file])
  return r.stdout.split('\n').filter(Boolean).sort()
}

/**
 * `onair handoff FILE|ID --to RTMP_URL --key-stdin` (issue 11 item 4) against a real nginx-rtmp that records what it
 * receives: the whole file arrives, at its own pace, as it is, and a library recording sent whole is `handed_off`.
 */
describe('streaming a recording to a channel (onair handoff --to)', () => {
  let ingest: RtmpIngest
  let dataDir: string
  let work: string
  const env = () => ({ ...process.env, ONAIR_DATA_DIR: dataDir })
  const onair = (args: string[], input = '') => run(process.execPath, [CLI, ...args], { input, env: env(), timeoutMs: 60_000 })

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-handoff-'))
    work = mkdtempSync(join(tmpdir(), 'onair-handoff-file-'))
  })
  afterAll(async () => {
    await ingest?.close()
  })

  it('sends the whole file at real-time pace without re-encoding: the ingest records the same length (±1 s) and codecs', async () => {
    // A 9 s show as Onair records them: H.264 (2 s GOP) + AAC 48 kHz in Matroska.
    const file = join(work, 'show.mkv')
    const made = await run('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '9'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', '-ac', '2', file]
    ])
    expect(made.code, made.stderr).toBe(0)
    const fileSeconds = await durationOf(file)

    const key = `handoff-${Date.now()}`
    const started = Date.now()
    const r = await onair(['handoff', file, '--to', `${ingest.base}/live`, '--key-stdin', '--json'], `${key}\n`)
    const took = (Date.now() - started) / 1000
    expect(r.code, r.stderr).toBe(0)
    const out = jsonLines<JsonLine & { positionSeconds?: number; durationSeconds?: number }>(r.stdout)
    const states = out.filter((l) => l.type === 'state').map((l) => l.state)
    expect(states).toContain('live')
    expect(states.at(-1)).toBe('ended')
    // Progress moves through the file and ends with all of it.
    const progress = out.filter((l) => l.type === 'progress')
    const positions = progress.filter((p) => p.state === 'running').map((p) => p.positionSeconds as number)
    expect(positions.length).toBeGreaterThanOrEqual(5)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(progress.at(-1)).toMatchObject({ kind: 'stream', state: 'done', durationSeconds: Math.round(fileSeconds * 10) / 10 })
    // Real-time pace: a 9 s file takes 9 s or so, not the fraction of a second a copy could take.
    expect(took).toBeGreaterThan(fileSeconds - 1)
    // No key anywhere in what the command printed.
    expect(r.stdout + r.stderr).not.toContain(key)

    await ingest.waitForPublish(key)
    await ingest.waitForPublishDone(key)
    const received = ingest.recordings().find((f) => f.includes(key)) as string
    expect(received).toBeTruthy()
    expect(await codecsOf(received)).toEqual(['aac', 'h264'])
    expect(Math.abs((await durationOf(received)) - fileSeconds)).toBeLessThanOrEqual(1)
  }, 60_000)

  it('--part sends only those seconds of the file (the part a show missed): the ingest records all of it, a keyframe more at most', async () => {
    const file = join(work, 'part.mkv')
    const made = await run('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=sample_rate=48000', '-t', '9'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', '-ac', '2', file]
    ])
    expect(made.code, made.stderr).toBe(0)
    const key = `handoff-part-${Date.now()}`
    const started = Date.now()
    const r = await onair(['handoff', file, '--to', `${ingest.base}/live`, '--key-stdin', '--part', '3-6', '--json'], `${key}\n`)
    const took = (Date.now() - started) / 1000
    expect(r.code, r.stderr).toBe(0)
    const progress = jsonLines<JsonLine & { durationSeconds?: number }>(r.stdout).filter((l) => l.type === 'progress')
    expect(progress.at(-1)).toMatchObject({ kind: 'stream', state: 'done', durationSeconds: 3 })
    // Three seconds at real-time pace, not the file's nine.
    expect(took).toBeLessThan(8)
    await ingest.waitForPublishDone(key)
    const received = ingest.recordings().find((f) => f.includes(key)) as string
    // All of the part, and at most about one keyframe interval (1 s in this file) more: a copy starts on the keyframe
    // at or before the part's start, so the part is never cut short.
    const seconds = await durationOf(received)
    expect(seconds).toBeGreaterThanOrEqual(2.9)
    expect(seconds).toBeLessThanOrEqual(4.5)
  }, 60_000)

  it('a push the ingest cuts mid-way reconnects on a keyframe from the GOP cache and the file still goes out to its end', async () => {
    const file = join(work, 'short.mkv')
    const made = await run('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=sample_rate=48000', '-t', '7'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file]
    ])
    expect(made.code, made.stderr).toBe(0)
    const key = `handoff-cut-${Date.now()}`
    const child = spawn(process.execPath, [CLI, 'handoff', file, '--to', `${ingest.base}/live`, '--key-stdin', '--json'], { env: env() })
    child.stdin.end(`${key}\n`)
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    await ingest.waitForPublish(key)
    await new Promise((r) => setTimeout(r, 2500))
    expect(await ingest.dropPublisher(key)).toBe(true)
    await ingest.waitForPublish(key, 10_000, Date.now())
    expect(await new Promise((r) => child.on('exit', r))).toBe(0)
    const out = jsonLines<JsonLine & { code?: string }>(stdout)
    expect(out.some((l) => l.type === 'event' && l.code === 'pusher.reconnected')).toBe(true)
    expect(out.filter((l) => l.type === 'progress').at(-1)).toMatchObject({ state: 'done' })
    // The second publish starts on a keyframe with its timestamps near 0, as any publish does.
    const second = ingest
      .recordings()
      .filter((f) => f.includes(key))
      .sort()
      .at(-1) as string
    const packets = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', second])
    const [firstPts, firstFlags] = packets.stdout.split('\n')[0].split(',')
    expect(Number(firstPts)).toBeLessThan(0.5)
    expect(firstFlags).toMatch(/^K/)
  }, 30_000)

  it('streams a library recording named by its id and marks it handed_off; one stopped half-way keeps its state', async () => {
    const recorded = await onair(['record', '--video', 'testsrc', '--audio', 'sine', '--out', work, '--duration', '3', '--json'])
    expect(recorded.code, recorded.stderr).toBe(0)
    const listed = await onair(['recordings', '--json'])
    const entry = jsonLines<JsonLine & { id: string; state: string; durationSeconds: number }>(listed.stdout).find((l) => l.state === 'complete')
    expect(entry).toBeTruthy()
    const { id } = entry as { id: string }

    // Stopped (SIGTERM, as Ctrl-C) after the first second: a clean end, but not the whole file.
    const key1 = `handoff-stop-${Date.now()}`
    const child = spawn(process.execPath, [CLI, 'handoff', id, '--to', `${ingest.base}/live`, '--key-stdin', '--json'], { env: env() })
    child.stdin.end(`${key1}\n`)
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    await ingest.waitForPublish(key1)
    await new Promise((r) => setTimeout(r, 1000))
    child.kill('SIGTERM')
    const code = await new Promise((r) => child.on('exit', r))
    expect(code).toBe(0)
    expect(
      jsonLines(stdout)
        .filter((l) => l.type === 'progress')
        .at(-1)
    ).toMatchObject({ state: 'cancelled', recordingId: id })
    const after = jsonLines<JsonLine & { id: string }>((await onair(['recordings', '--json'])).stdout).find((l) => l.id === id)
    expect(after?.state).toBe('complete')

    const key2 = `handoff-id-${Date.now()}`
    const r = await onair(['handoff', id, '--to', `${ingest.base}/live`, '--key-stdin'], `${key2}\n`)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Streamed .* sent\.$/m)
    const done = jsonLines<JsonLine & { id: string }>((await onair(['recordings', '--json'])).stdout).find((l) => l.id === id)
    expect(done?.state).toBe('handed_off')
    await ingest.waitForPublishDone(key2)
    const received = ingest.recordings().find((f) => f.includes(key2)) as string
    expect(Math.abs((await durationOf(received)) - (entry as { durationSeconds: number }).durationSeconds)).toBeLessThanOrEqual(1)
  }, 60_000)
})
