import { afterAll, describe, expect, it } from 'vitest'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encoderFailure } from '../../../src/main/core/media/ffmpeg-errors'
import { FfmpegProcess } from '../../../src/main/core/media/ffmpeg-process'
import { HardwareEncoderDetector, hardwareCandidates, testEncodeArgs } from '../../../src/main/core/media/hw-encoder'

const dir = mkdtempSync(join(tmpdir(), 'onair-fakeffmpeg-media-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A tiny script standing in for ffmpeg (STYLE: fixture scripts for real binaries). */
function script(name: string, body: string): string {
  const path = join(dir, name)
  writeFileSync(path, `#!/bin/sh\n${body}\n`)
  chmodSync(path, 0o755)
  return path
}

describe('ffmpeg exit → an error a streamer can act on', () => {
  it.each([
    [':99: Cannot open display :99, error 1.', 'source_unavailable'],
    ['/dev/video0: No such file or directory', 'source_unavailable'],
    ['pa_context_connect() failed: Connection refused', 'source_unavailable'],
    ['Segmentation fault', 'encoder_failed']
  ])('%s → %s', (stderr, code) => {
    expect(encoderFailure(stderr).code).toBe(code)
  })
  it('names the SOURCE whose input failed, by the name ffmpeg gives it', () => {
    const inputs = [
      { source: 'screen', spec: ':0.0' },
      { source: 'mic', spec: 'default' }
    ]
    const mic = encoderFailure('default: No such process', [], inputs)
    expect(mic.value).toMatchObject({ code: 'source_unavailable', field: 'audio' })
    expect(mic.message).toMatch(/The source "mic" could not be opened/)
    const screen = encoderFailure(':0.0: Input/output error', [], inputs)
    expect(screen.value).toMatchObject({ code: 'source_unavailable', field: 'video' })
  })
})

describe('FfmpegProcess', () => {
  it('stops with q, and escalates to SIGTERM then SIGKILL when ffmpeg does not listen', async () => {
    const polite = new FfmpegProcess({
      path: script('polite', 'c=$(head -c 1); echo "got $c" >&2; exit 0'),
      args: [],
      stopTimeoutsMs: { quit: 2000, term: 2000 }
    })
    const exit = await polite.stop()
    expect(exit).toMatchObject({ code: 0, stopped: true })
    expect(exit.stderrTail).toContain('got q')

    const stubborn = new FfmpegProcess({
      path: script('stubborn', "trap '' TERM INT; while :; do sleep 0.05; done"),
      args: [],
      stopTimeoutsMs: { quit: 200, term: 200 }
    })
    const t0 = Date.now()
    const hard = await stubborn.stop()
    expect(hard.signal).toBe('SIGKILL')
    expect(Date.now() - t0).toBeLessThan(3000)
  })

  it('a data pipe (pusher) is stopped by EOF, not by a "q" in the middle of the media', async () => {
    const cat = new FfmpegProcess({ path: script('eof', 'cat >/dev/null; echo eof >&2; exit 0'), args: [], stdin: 'data' })
    cat.stdin?.write(Buffer.from('FLV...'))
    const exit = await cat.stop()
    expect(exit.code).toBe(0)
    expect(exit.stderrTail).toBe('eof')
  })

  it('parses progress from fd 3', async () => {
    const seen: number[] = []
    const p = new FfmpegProcess({
      path: script('progress', 'printf "frame=12\\nfps=30\\nout_time_us=400000\\nspeed=1.0x\\nprogress=continue\\n" >&3; exit 0'),
      args: [],
      onProgress: (pr) => seen.push(pr.frame, pr.outTimeMs)
    })
    await p.exited
    expect(seen).toEqual([12, 400])
  })
})

describe('hardware encoder detection', () => {
  it("tries the OS's hardware encoders, best first", () => {
    expect(hardwareCandidates('linux')).toEqual(['h264_nvenc', 'h264_qsv', 'h264_vaapi'])
    expect(hardwareCandidates('darwin')).toEqual(['h264_videotoolbox'])
    expect(hardwareCandidates('win32')).toEqual(['h264_nvenc', 'h264_qsv', 'h264_amf'])
    expect(testEncodeArgs('h264_vaapi').join(' ')).toContain('-vaapi_device /dev/dri/renderD128')
  })

  it('uses a hardware encoder only when its test encode passes, and remembers the answer', async () => {
    // This fake passes the test encode for qsv only (nvenc is listed but "has no device").
    const ffmpeg = script('hw', 'case "$*" in *h264_qsv*) exit 0;; *) echo "No NVENC capable devices found" >&2; exit 1;; esac')
    const cacheFile = join(dir, 'hw.json')
    const detector = new HardwareEncoderDetector({ platform: 'linux', cacheFile })
    expect(await detector.choose(ffmpeg, '5.1', new Set(['h264_nvenc', 'h264_qsv', 'libx264']))).toBe('h264_qsv')
    // A new detector (next run) reads the cache instead of encoding again, even if the binary changed its mind.
    const broken = new HardwareEncoderDetector({ platform: 'linux', cacheFile })
    expect(await broken.choose(ffmpeg, '5.1', new Set(['h264_nvenc', 'h264_qsv']))).toBe('h264_qsv')
  })

  it('falls back to libx264 when no hardware encoder works; ONAIR_ENCODER forces one', async () => {
    const ffmpeg = script('nohw', 'exit 1')
    expect(await new HardwareEncoderDetector({ platform: 'linux' }).choose(ffmpeg, '5.1', new Set(['h264_nvenc', 'h264_vaapi']))).toBe('libx264')
    expect(await new HardwareEncoderDetector({ platform: 'linux', env: { ONAIR_ENCODER: 'libx264' } }).choose(ffmpeg, '5.1', new Set(['h264_nvenc']))).toBe(
      'libx264'
    )
  })
})
