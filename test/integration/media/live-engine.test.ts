import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRtmpIngest, type RtmpIngest } from '../../fixtures/nginx-rtmp'
import { waitFor } from '../../fixtures/ports'
import { alive, childrenOf, gapStats, streamsOf, videoPackets } from '../../fixtures/media-probe'
import { startXvfb, type XvfbDisplay } from '../../fixtures/xvfb'
import { startPulse, type PulseServer } from '../../fixtures/pulse'
import { run } from '../../fixtures/run'
import { watchOnair, type JsonLine } from '../../fixtures/cli'

interface Line extends JsonLine {
  destinations?: Array<{ id: string; state?: string; reconnects: number; bytesSent: number; congestion: number }>
}

/** `onair live/record --json` as a child we can watch line by line, signal and kill. */
const onair = (args: string[], env: NodeJS.ProcessEnv, input = '') => watchOnair<Line>(args, env, input)

const states = (lines: Line[]) => lines.filter((l) => l.type === 'state').map((l) => l.state)

describe('media engine: encode once, record always, pushers that come back (real ffmpeg, nginx-rtmp, Xvfb, PulseAudio)', () => {
  let ingest: RtmpIngest
  let dataDir: string
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...process.env, ONAIR_DATA_DIR: dataDir, ONAIR_ENCODER: 'libx264', ...extra })

  beforeAll(async () => {
    ingest = await startRtmpIngest({ apps: ['live', 'backup'] })
    dataDir = mkdtempSync(join(tmpdir(), 'onair-media-'))
  })
  afterAll(async () => {
    await ingest?.close()
  })

  it('survives an ingest outage: the pusher comes back by itself on a keyframe, and the recording has no gap', async () => {
    const key = `outage-${Date.now()}`
    const recordDir = mkdtempSync(join(tmpdir(), 'onair-rec-'))
    const s = onair(['live', '--to', `${ingest.base}/live/${key}`, '--record', recordDir], env())
    await waitFor(() => states(s.lines).includes('live'), 20_000, 'live')
    const liveAt = Date.now()
    await ingest.waitForPublish(key)
    await new Promise((r) => setTimeout(r, 1500))

    await ingest.stopServer()
    await waitFor(() => states(s.lines).includes('reconnecting'), 10_000, 'reconnecting')
    await new Promise((r) => setTimeout(r, 3000))
    const back = Date.now()
    await ingest.startServer()
    const republish = await ingest.waitForPublish(key, 15_000, back)
    // The probe runs once a second, so the wait after an outage does not grow with its length.
    expect(republish.time - back).toBeLessThan(3000)
    await waitFor(() => states(s.lines).lastIndexOf('live') > states(s.lines).indexOf('reconnecting'), 10_000, 'live again')
    await new Promise((r) => setTimeout(r, 2500))

    const stoppedAt = Date.now()
    s.child.kill('SIGINT')
    expect(await s.exited).toBe(0)
    expect(states(s.lines).at(-1)).toBe('ended')
    const stats = s.lines.filter((l) => l.type === 'stats').at(-1) as Line
    expect(stats.destinations?.[0].reconnects).toBe(1)
    expect(s.lines.some((l) => l.type === 'event' && l.code === 'pusher.reconnecting')).toBe(true)
    // Health: excellent before, offline while nothing reaches the ingest, unstable after the reconnect.
    const health = s.lines.filter((l) => l.type === 'health').map((l) => l.level)
    expect(health[0]).toBe('excellent')
    expect(health).toContain('offline')
    expect(health.at(-1)).toBe('unstable')

    // The recording went on through the outage: one continuous timeline, nothing missing.
    const recording = s.lines.find((l) => l.type === 'recording')?.path as string
    const local = gapStats(await videoPackets(recording))
    expect(local.maxGap).toBeLessThanOrEqual(0.1)
    // The whole show, outage included (less the encoder's start-up: "live" can come before its first frame).
    expect(local.last - local.first).toBeGreaterThan((stoppedAt - liveAt) / 1000 - 2)
    expect(await streamsOf(recording)).toEqual(['aac', 'h264'])

    // What the ingest got after the outage starts on a keyframe (from the GOP cache).
    const pushes = ingest
      .recordings()
      .filter((f) => f.includes(key))
      .sort()
    expect(pushes.length).toBe(2)
    const second = await videoPackets(pushes[1])
    expect(second[0].key).toBe(true)
    expect(s.stderr() + JSON.stringify(s.lines)).not.toContain(key)
  })

  it('leaves no ffmpeg behind when the onair process itself is SIGKILLed, and the recording is complete', async () => {
    const key = `sigkill-${Date.now()}`
    const recordDir = mkdtempSync(join(tmpdir(), 'onair-rec-'))
    const s = onair(['live', '--to', `${ingest.base}/live/${key}`, '--record', recordDir], env())
    await waitFor(() => states(s.lines).includes('live'), 20_000, 'live')
    const liveAt = Date.now()
    await waitFor(() => s.lines.filter((l) => l.type === 'stats').length >= 3, 10_000, 'stats')
    const children = childrenOf(s.child.pid as number)
    expect(children.length).toBe(1) // the encoder; the pusher is a connection inside onair
    const recording = (s.lines.find((l) => l.type === 'state' && l.recordingPath) as Line).recordingPath as string
    const killedAt = Date.now()
    s.child.kill('SIGKILL')
    await s.exited
    // The encoder sees its stdout break (tee onfail=abort) and finishes; the push ends with the process's socket.
    await waitFor(() => children.every((pid) => !alive(pid)), 10_000, 'ffmpeg children to exit')
    const packets = gapStats(await videoPackets(recording))
    const shown = (killedAt - liveAt) / 1000
    expect(packets.last - packets.first).toBeGreaterThan(shown - 2)
    await ingest.waitForPublishDone(key)
  })

  it('pushes one encode to two destinations at once and keeps stats per destination', async () => {
    const a = `multi-a-${Date.now()}`
    const b = `multi-b-${Date.now()}`
    const r = onair(['live', '--to', `${ingest.base}/live/${a}`, '--to', `${ingest.base}/backup/${b}`, '--no-record', '--duration', '4'], env())
    expect(await r.exited, r.stderr()).toBe(0)
    await ingest.waitForPublish(a)
    await ingest.waitForPublish(b)
    const last = r.lines.filter((l) => l.type === 'stats' && (l.destinations?.length ?? 0) === 2).at(-1) as Line
    expect(last.destinations?.map((d) => d.id)).toEqual(['d1', 'd2'])
    for (const d of last.destinations ?? []) {
      expect(d.bytesSent).toBeGreaterThan(100_000)
      expect(d.congestion).toBeLessThan(1)
    }
    // Both received the same stream; only one encoder ran.
    for (const key of [a, b]) expect(await streamsOf(ingest.recordings().find((f) => f.includes(key)) as string)).toEqual(['aac', 'h264'])
  })

  it("a file source: goes live with the file's own audio and ends cleanly by itself when the file ends", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onair-clip-'))
    const clip = join(dir, 'clip.mkv')
    const made = await run(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=640x360:rate=30',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=300:sample_rate=48000',
        '-t',
        '3',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-c:a',
        'aac',
        '-y',
        clip
      ],
      { timeoutMs: 30_000 }
    )
    expect(made.code).toBe(0)
    const key = `file-${Date.now()}`
    const r = onair(['live', '--to', `${ingest.base}/live/${key}`, '--video', `file:${clip}`, '--audio', `file:${clip}`, '--record', dir], env())
    expect(await r.exited, r.stderr()).toBe(0)
    expect(states(r.lines)).toEqual(expect.arrayContaining(['live', 'ending', 'ended']))
    expect(r.lines.some((l) => l.type === 'event' && l.code === 'encoder.sourceEnded')).toBe(true)
    const recording = r.lines.find((l) => l.type === 'recording')?.path as string
    expect(gapStats(await videoPackets(recording)).last).toBeGreaterThan(2.5)
    await ingest.waitForPublishDone(key)
  })

  it('onair record ends cleanly on SIGINT with a finished file, and needs --out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'onair-rec-'))
    const r = onair(['record', '--video', 'testsrc', '--audio', 'sine', '--out', out], env())
    await waitFor(() => r.lines.filter((l) => l.type === 'stats').length >= 2, 15_000, 'recording')
    r.child.kill('SIGINT')
    expect(await r.exited, r.stderr()).toBe(0)
    const recording = r.lines.find((l) => l.type === 'recording')?.path as string
    expect(await streamsOf(recording)).toEqual(['aac', 'h264'])
    expect(childrenOf(r.child.pid as number)).toEqual([])
    const usage = onair(['record', '--video', 'testsrc'], env())
    expect(await usage.exited).toBe(2)
  })

  describe('real capture', () => {
    let x: XvfbDisplay
    let pulse: PulseServer
    beforeAll(async () => {
      ;[x, pulse] = await Promise.all([startXvfb(), startPulse()])
    })
    afterAll(async () => {
      await Promise.all([x?.close(), pulse?.close()])
    })

    it('onair devices lists the Xvfb screen and the PulseAudio monitor', async () => {
      const r = onair(['devices'], env({ ...pulse.env, DISPLAY: x.display }))
      expect(await r.exited, r.stderr()).toBe(0)
      const sources = r.lines.map((l) => l.source)
      expect(sources).toContain('screen:0')
      expect(sources).toContain('system')
    })

    it('goes live with --video screen --audio mic (x11grab + pulse) and records it', async () => {
      const key = `screen-${Date.now()}`
      const recordDir = mkdtempSync(join(tmpdir(), 'onair-rec-'))
      const r = onair(
        ['live', '--to', `${ingest.base}/live/${key}`, '--video', 'screen', '--audio', 'mic', '--record', recordDir, '--duration', '3'],
        env({ ...pulse.env, DISPLAY: x.display })
      )
      expect(await r.exited, r.stderr() + JSON.stringify(r.lines)).toBe(0)
      expect(states(r.lines)).toContain('live')
      await ingest.waitForPublish(key)
      await ingest.waitForPublishDone(key)
      // The ingest got both streams too (the pusher starts from the codec config of each).
      expect(await streamsOf(ingest.recordings().find((f) => f.includes(key)) as string)).toEqual(['aac', 'h264'])
      const recording = r.lines.find((l) => l.type === 'recording')?.path as string
      expect(await streamsOf(recording)).toEqual(['aac', 'h264'])
      const packets = await videoPackets(recording)
      expect(packets.length).toBeGreaterThan(30)
    })

    it('lists a window by its title (Korean and Vietnamese intact) and captures just that window', async () => {
      // xmessage (x11-utils) opens a 400×300 window on the display; xprop gives it the title a streamer's game would have.
      const xEnv = { ...process.env, DISPLAY: x.display }
      let windowErrors = ''
      const openWindow = () => {
        const child = spawn('xmessage', ['-geometry', '400x300+10+10', '-name', 'onair-window-test', 'Onair window capture'], {
          env: xEnv,
          stdio: ['ignore', 'ignore', 'pipe']
        })
        child.stderr?.on('data', (d) => (windowErrors += d))
        return child
      }
      let window = openWindow()
      let reopened = false
      try {
        let tree = ''
        const id = await waitFor(
          async () => {
            // Should the window's client die on a busy machine, open it once more before giving up.
            if (window.exitCode !== null && reopened) throw new Error(`xmessage exited twice (${window.exitCode}): ${windowErrors}`)
            if (window.exitCode !== null) {
              reopened = true
              window = openWindow()
            }
            tree = (await run('xwininfo', ['-root', '-tree'], { env: xEnv })).stdout
            return /^\s*(0x[0-9a-f]+) "onair-window-test"/m.exec(tree)?.[1]
          },
          20_000,
          'the test window'
        ).catch((e: Error) => {
          throw new Error(`${e.message}; ${x.display} shows:\n${tree}`)
        })
        const title = '게임 – Trò chơi'
        await run('xprop', ['-id', id, '-f', '_NET_WM_NAME', '8u', '-set', '_NET_WM_NAME', title], { env: xEnv })
        const listed = onair(['devices'], env({ DISPLAY: x.display }))
        expect(await listed.exited, listed.stderr()).toBe(0)
        const listedWindow = listed.lines.find((l) => l.kind === 'window')
        expect(listedWindow).toMatchObject({ source: `window:0x${parseInt(id, 16).toString(16)}`, label: `${title} (400×300)` })

        // An older toolkit's title: WM_NAME only, in COMPOUND_TEXT, which xwininfo cannot print; still listed, by its title.
        const oldTitle = 'Kênh tối nay – 방송'
        await run('xprop', ['-id', id, '-remove', '_NET_WM_NAME'], { env: xEnv })
        await run('xprop', ['-id', id, '-f', 'WM_NAME', '8t', '-set', 'WM_NAME', oldTitle], { env: { ...xEnv, LC_ALL: 'C.UTF-8' } })
        expect((await run('xprop', ['-id', id, 'WM_NAME'], { env: xEnv })).stdout).toContain('WM_NAME(COMPOUND_TEXT)')
        const relisted = onair(['devices'], env({ DISPLAY: x.display }))
        expect(await relisted.exited, relisted.stderr()).toBe(0)
        expect(relisted.lines.find((l) => l.kind === 'window')).toMatchObject({ source: listedWindow?.source, label: `${oldTitle} (400×300)` })

        const out = mkdtempSync(join(tmpdir(), 'onair-rec-'))
        const r = onair(['record', '--video', String(listedWindow?.source), '--audio', 'none', '--out', out, '--duration', '4'], env({ DISPLAY: x.display }))
        expect(await r.exited, r.stderr()).toBe(0)
        const recording = r.lines.find((l) => l.type === 'recording')?.path as string
        // The 4:3 window fills the 16:9 output's height, with black bars beside it: the picture is the window alone.
        const crop = await run('ffmpeg', ['-hide_banner', '-i', recording, '-vf', 'cropdetect=limit=16:round=2:reset=0', '-frames:v', '30', '-f', 'null', '-'])
        expect(crop.stderr.match(/crop=(\d+:\d+:\d+:\d+)/g)?.at(-1)).toBe('crop=960:720:160:0')
      } finally {
        window.kill('SIGTERM')
      }
    })

    it('onair record --video screen:0@640x360+0+0 --audio system writes a playable file', async () => {
      const out = mkdtempSync(join(tmpdir(), 'onair-rec-'))
      const r = onair(
        ['record', '--video', 'screen:0@640x360+0+0', '--audio', 'system', '--out', out, '--duration', '4'],
        env({ ...pulse.env, DISPLAY: x.display })
      )
      expect(await r.exited, r.stderr()).toBe(0)
      const recording = r.lines.find((l) => l.type === 'recording')?.path as string
      expect(recording, JSON.stringify(r.lines.filter((l) => l.type !== 'stats'))).toBeDefined()
      expect(recording.startsWith(out)).toBe(true)
      expect(await streamsOf(recording)).toEqual(['aac', 'h264'])
    })
  })
})
