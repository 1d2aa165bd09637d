import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { freePort, waitFor } from '../fixtures/ports'
import { processesWith } from '../fixtures/processes'
import { run } from '../fixtures/run'
import { CLI, jsonLines, type JsonLine } from '../fixtures/cli'

type Line = JsonLine
const lines = jsonLines
const states = (out: Line[]) => out.filter((l) => l.type === 'state').map((l) => l.state)

async function durationOf(file: string): Promise<number> {
  const r = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])
  return parseFloat(r.stdout)
}

describe('onair live to a real nginx-rtmp ingest', () => {
  let ingest: RtmpIngest
  let dataDir: string
  const env = () => ({ ...process.env, ONAIR_DATA_DIR: dataDir })
  const live = (args: string[], input = '') => run(process.execPath, [CLI, 'live', ...args], { input, env: env(), timeoutMs: 60_000 })

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-live-'))
  })
  afterAll(async () => {
    await ingest?.close()
  })

  it('pushes H.264/AAC with the key from stdin, reports connecting → live → ended, and records locally', async () => {
    const key = `stdin-key-${Date.now()}`
    const recordDir = mkdtempSync(join(tmpdir(), 'onair-rec-'))
    const r = await live(
      ['--to', `${ingest.base}/live`, '--key-stdin', '--video', 'testsrc', '--audio', 'sine', '--duration', '3', '--record', recordDir, '--json'],
      `${key}\n`
    )
    expect(r.code, r.stderr).toBe(0)
    const out = lines(r.stdout)
    const seen = states(out)
    expect(seen.indexOf('connecting')).toBeGreaterThanOrEqual(0)
    expect(seen.indexOf('live')).toBeGreaterThan(seen.indexOf('connecting'))
    expect(seen.at(-1)).toBe('ended')
    expect(out.some((l) => l.type === 'stats')).toBe(true)
    // The ingest saw the publish with exactly our key, and its end.
    await ingest.waitForPublish(key)
    await ingest.waitForPublishDone(key)
    // What nginx received is H.264 + AAC.
    const received = ingest.recordings().find((f) => f.includes(key)) as string
    const probe = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', received])
    expect(probe.stdout.split('\n').filter(Boolean).sort()).toEqual(['aac', 'h264'])
    // ... and holds the 3 s show, starting near time 0 as any new publish does.
    const pushed = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', received])
    const pts = pushed.stdout.split('\n').filter(Boolean).map(Number)
    expect(pts[0]).toBeLessThan(0.5)
    expect(Math.max(...pts)).toBeGreaterThan(2)
    expect(Math.max(...pts)).toBeLessThan(5)
    expect(await durationOf(received)).toBeGreaterThan(2)
    // The local recording is where we asked, and holds the show.
    const recording = out.find((l) => l.type === 'recording')?.path as string
    expect(recording.startsWith(recordDir)).toBe(true)
    expect(await durationOf(recording)).toBeGreaterThan(2)
    expect(r.stdout + r.stderr).not.toContain(key)
    // The key came on stdin: nothing to warn about.
    expect(r.stderr).not.toContain('stream key is on the command line')
  })

  it("takes the key as the URL's last segment; --no-record writes no file", async () => {
    const key = `url-key-${Date.now()}`
    const r = await live(['--to', `${ingest.base}/live/${key}`, '--duration', '1.5', '--no-record', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const out = lines(r.stdout)
    expect(states(out)).toContain('live')
    expect(out.some((l) => l.type === 'recording')).toBe(false)
    await ingest.waitForPublish(key)
    expect(existsSync(join(dataDir, 'recordings')) ? readdirSync(join(dataDir, 'recordings')) : []).toEqual([])
    expect(r.stdout + r.stderr).not.toContain(key)
  })

  it('two --to URLs from one encode: the ingest refuses one key, the show stays live on the other, and the state says which failed', async () => {
    const good = `multi-good-${Date.now()}`
    const refused = `multi-refused-${Date.now()}`
    ingest.rejectKeys.add(refused)
    const r = await live(['--to', `${ingest.base}/live/${good}`, '--to', `${ingest.base}/live/${refused}`, '--duration', '2', '--no-record', '--json'])
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const out = lines(r.stdout)
    const stateLines = out.filter((l) => l.type === 'state') as Array<Line & { destinations: Array<Record<string, unknown>> }>
    const liveLine = stateLines.find((l) => l.state === 'live')
    expect(liveLine?.destinations).toEqual([
      expect.objectContaining({ id: 'd1', provider: 'custom', label: `${ingest.base}/live`, state: 'live' }),
      expect.objectContaining({
        id: 'd2',
        provider: 'custom',
        label: `${ingest.base}/live`,
        state: 'failed',
        error: expect.objectContaining({ code: 'ingest_rejected_key' })
      })
    ])
    expect(stateLines.at(-1)).toMatchObject({ state: 'ended', destinations: [{ state: 'ended' }, { state: 'failed' }] })
    expect(out.find((l) => l.type === 'event' && l.code === 'error.ingest_rejected_key')).toMatchObject({
      level: 'error',
      data: { destination: `${ingest.base}/live` }
    })
    // It was the ingest's own answer: on_publish for that key got 403.
    expect(ingest.callbacks.some((c) => c.call === 'publish' && c.name === refused)).toBe(true)
    // The session's log is not repeated inside every state line: it has its own event lines.
    expect(stateLines.every((l) => !('log' in l))).toBe(true)
    expect(out.some((l) => l.type === 'error')).toBe(false)
    await ingest.waitForPublish(good)
    expect(r.stdout).not.toContain(good)
    expect(r.stdout).not.toContain(refused)
  })

  it('a key in the --to URL: a warning on stderr that names --key-stdin, and our own argv no longer shows it once live', async () => {
    const key = `argv-key-${Date.now()}`
    const child = spawn(process.execPath, [CLI, 'live', '--to', `${ingest.base}/live/${key}`, '--duration', '3', '--no-record', '--json'], {
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
    await waitFor(() => stdout.includes('"type":"state"'), 20_000, 'the first state line')
    // What `ps` and any local user read: /proc/PID/cmdline of the onair process itself.
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8')
    expect(cmdline.replace(/\0+/g, ' ').trim()).toBe('onair live')
    expect(cmdline).not.toContain(key)
    expect(await exited).toBe(0)
    expect(stderr).toMatch(/warning: the stream key is on the command line.*--key-stdin/)
    expect(stderr + stdout).not.toContain(key)
    // --json stdout stays one JSON object per line (the warning is not among them).
    expect(lines(stdout).every((l) => typeof l.type === 'string' && l.type !== 'warning')).toBe(true)
  })

  it.each(['SIGINT', 'SIGTERM'] as const)('%s ends the session cleanly: exit 0, recording closed, no ffmpeg left', async (signal) => {
    const key = `signal-${signal}-${Date.now()}`
    const child = spawn(process.execPath, [CLI, 'live', '--to', `${ingest.base}/live/${key}`, '--json'], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    // 'close', not 'exit': the last lines may still be in the pipe when the process exits.
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
    await waitFor(() => stdout.includes('"state":"live"'), 20_000, 'live')
    await new Promise((r) => setTimeout(r, 1500))
    child.kill(signal)
    expect(await exited).toBe(0)
    const out = lines(stdout)
    expect(states(out).at(-1)).toBe('ended')
    const recording = out.find((l) => l.type === 'recording')?.path as string
    expect(await durationOf(recording)).toBeGreaterThan(1)
    await ingest.waitForPublishDone(key)
    expect(processesWith(key)).toEqual([])
  })

  describe('bad input gets its own error, a non-zero exit, and leaves nothing behind', () => {
    it('a malformed RTMP URL', async () => {
      for (const url of ['http://example.com/live/key1', 'rtmp://', 'rtmp://host:99999/live/key1', 'rtmp://host']) {
        const r = await live(['--to', url, '--json'])
        expect(r.code, url).toBe(1)
        const [error] = lines(r.stdout)
        expect(error).toMatchObject({ type: 'error', code: 'invalid_rtmp_url' })
        expect(String(error.message)).toMatch(/rtmp:\/\/|port|stream key|host/)
      }
    })

    it('an unreachable ingest', async () => {
      const port = await freePort()
      const key = `unreachable-${Date.now()}`
      const r = await live(['--to', `rtmp://127.0.0.1:${port}/live/${key}`, '--json'])
      expect(r.code).toBe(1)
      const error = lines(r.stdout).find((l) => l.type === 'error') as Line
      expect(error.code).toBe('ingest_unreachable')
      expect(states(lines(r.stdout)).at(-1)).toBe('failed')
      expect(r.stdout + r.stderr).not.toContain(key)
      expect(processesWith(key)).toEqual([])
    })

    it('a key the ingest rejects (on_publish answers 403)', async () => {
      const key = `rejected-${Date.now()}`
      ingest.rejectKeys.add(key)
      const recordDir = mkdtempSync(join(tmpdir(), 'onair-rec-'))
      const r = await live(['--to', `${ingest.base}/live`, '--key-stdin', '--record', recordDir, '--json'], key)
      expect(r.code).toBe(1)
      const error = lines(r.stdout).find((l) => l.type === 'error') as Line
      expect(error.code).toBe('ingest_rejected_key')
      expect(String(error.message)).toMatch(/refused the stream key/)
      expect(ingest.callbacks.some((c) => c.call === 'publish' && c.name === key)).toBe(true)
      expect(r.stdout + r.stderr).not.toContain(key)
      expect(processesWith(key)).toEqual([])
      expect(readdirSync(recordDir)).toEqual([])
    })

    it('no ffmpeg', async () => {
      const r = await run(process.execPath, [CLI, 'live', '--to', `${ingest.base}/live/nofffmpeg-key`, '--json'], {
        env: { ...env(), PATH: '/nonexistent', ONAIR_FFMPEG: '/nonexistent/ffmpeg' },
        timeoutMs: 30_000
      })
      expect(r.code).toBe(1)
      const error = lines(r.stdout).find((l) => l.type === 'error') as Line
      expect(error.code).toBe('ffmpeg_missing')
      expect(String(error.message)).toMatch(/ONAIR_FFMPEG/)
    })
  })
})
