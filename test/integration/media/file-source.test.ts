import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encoderFailure } from '../../../src/main/core/media/ffmpeg-errors'
import { videoInput } from '../../../src/main/core/media/source-args'
import { freePort } from '../../fixtures/ports'
import { run } from '../../fixtures/run'

/**
 * `file:` sources with the real ffmpeg (5.1 on CI): the input takes local files only, what a playlist or concat
 * list inside names on the network is never fetched, and a file that cannot be read gets one message whether it
 * is missing, forbidden or not media, so whoever picks the source learns nothing about which files exist.
 */
const dir = mkdtempSync(join(tmpdir(), 'onair-file-source-'))
let server: Server
let port = 0
const requests: string[] = []

beforeAll(async () => {
  chmodSync(dir, 0o755) // readable by the unprivileged user the forbidden-file case runs as
  const made = await run(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x120:rate=10',
      '-t',
      '1',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-y',
      join(dir, 'clip.mp4')
    ],
    { timeoutMs: 30_000 }
  )
  expect(made.code, made.stderr).toBe(0)
  port = await freePort()
  server = createServer((req, res) => {
    requests.push(req.url ?? '')
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
})
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

/** ffmpeg reading a SOURCE as the encoder would (its input arguments), to a null output. */
function decode(source: string, asUser?: number) {
  const input = videoInput(source, { width: 160, height: 120, fps: 10 }, 'linux')
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', ...input.args, '-t', '1', '-f', 'null', '-']
  const spec = input.args[input.args.lastIndexOf('-i') + 1]
  const result =
    asUser === undefined
      ? run('ffmpeg', args, { timeoutMs: 30_000 })
      : run('setpriv', [`--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', 'ffmpeg', ...args], { timeoutMs: 30_000 })
  return result.then((r) => ({ ...r, spec }))
}

describe('file: sources with the real ffmpeg', () => {
  it('play a local file, one with a colon in its name too, with the protocol whitelist in place', async () => {
    const absolute = await decode(`file:${join(dir, 'clip.mp4')}`)
    expect(absolute.code, absolute.stderr).toBe(0)
    expect(absolute.spec).toBe(`file:${join(dir, 'clip.mp4')}`)
    // A colon in a file name is a file name, not a protocol, behind the explicit file: prefix.
    copyFileSync(join(dir, 'clip.mp4'), join(dir, 'concat:clip.mp4'))
    const colon = await decode(`file:${join(dir, 'concat:clip.mp4')}`)
    expect(colon.code, colon.stderr).toBe(0)
  })

  it('never fetch what a playlist or a concat list inside names on the network', async () => {
    writeFileSync(join(dir, 'remote.m3u8'), `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nhttp://127.0.0.1:${port}/segment.ts\n#EXT-X-ENDLIST\n`)
    writeFileSync(join(dir, 'remote.ffconcat'), `ffconcat version 1.0\nfile clip.mp4\nfile http://127.0.0.1:${port}/part.mp4\n`)
    const hls = await decode(`file:${join(dir, 'remote.m3u8')}`)
    expect(hls.stderr).toMatch(/not on whitelist 'file'/)
    await decode(`file:${join(dir, 'remote.ffconcat')}`)
    expect(requests).toEqual([])
  })

  it('give one message for a missing, a forbidden and a non-media file', async () => {
    writeFileSync(join(dir, 'forbidden.mp4'), 'x')
    chmodSync(join(dir, 'forbidden.mp4'), 0o000)
    writeFileSync(join(dir, 'notes.mp4'), 'not a video')
    // root reads any file: the forbidden case runs ffmpeg as nobody (uid 65534) then.
    const asUser = process.getuid?.() === 0 ? 65534 : undefined
    const outcomes = await Promise.all([
      decode(`file:${join(dir, 'missing.mp4')}`, asUser),
      decode(`file:${join(dir, 'forbidden.mp4')}`, asUser),
      decode(`file:${join(dir, 'notes.mp4')}`, asUser)
    ])
    expect(outcomes[0].stderr).toMatch(/No such file or directory/)
    expect(outcomes[1].stderr).toMatch(/Permission denied/)
    expect(outcomes[2].stderr).toMatch(/Invalid data found/)
    const errors = outcomes.map((o, i) => encoderFailure(o.stderr, [], [{ source: ['file:missing', 'file:forbidden', 'file:notes'][i], spec: o.spec }]).value)
    for (const error of errors) {
      expect(error).toEqual(errors[0])
      expect(error).toMatchObject({ code: 'source_unavailable', field: 'video' })
      expect(error.message).not.toMatch(/missing\.mp4|forbidden|notes|No such|Permission|Invalid data/)
    }
  })
})
