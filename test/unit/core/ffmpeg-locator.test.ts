import { afterAll, describe, expect, it } from 'vitest'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FfmpegLocator, parseCapabilityList } from '../../../src/main/core/media/ffmpeg-locator'

const dir = mkdtempSync(join(tmpdir(), 'onair-fakeffmpeg-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A tiny script standing in for an ffmpeg build with the given devices and encoders (after execa's fixtures). */
function fakeFfmpeg(name: string, devices: string[], encoders: string[]): string {
  const path = join(dir, name)
  const deviceRows = devices.map((d) => ` D  ${d}            fake`).join('\n')
  const encoderRows = encoders.map((e) => ` V....D ${e}            fake`).join('\n')
  writeFileSync(
    path,
    `#!/bin/sh
case "$2" in
  -version) echo "ffmpeg version 9.9-${name} Copyright";;
  -devices) printf 'Devices:\\n D. = Demuxing supported\\n .E = Muxing supported\\n --\\n${deviceRows}\\n';;
  -encoders) printf 'Encoders:\\n V..... = Video\\n ------\\n${encoderRows}\\n';;
  -muxers) printf 'File formats:\\n --\\n  E flv             FLV\\n  E matroska        Matroska\\n  E tee             Multiple muxer tee\\n';;
esac
`
  )
  chmodSync(path, 0o755)
  return path
}

describe('FfmpegLocator', () => {
  const staticLike = fakeFfmpeg('static-like', ['lavfi'], ['libx264', 'aac'])
  const full = fakeFfmpeg('full', ['lavfi', 'x11grab', 'pulse'], ['libx264', 'aac', 'h264_vaapi'])
  const pathDir = mkdtempSync(join(dir, 'path-'))
  writeFileSync(join(pathDir, 'ffmpeg'), '')

  it('prefers ONAIR_FFMPEG when it has what the sources need', async () => {
    const caps = await new FfmpegLocator({ env: { ONAIR_FFMPEG: full, PATH: '' } }).locate({ devices: ['x11grab'] })
    expect(caps).toMatchObject({ path: full, version: '9.9-full' })
    expect(caps.encoders.has('h264_vaapi')).toBe(true)
  })

  it('passes over a build without x11grab and names what is missing when none has it', async () => {
    const locator = new FfmpegLocator({ setting: staticLike, env: { PATH: '' } })
    await expect(locator.locate({ devices: ['x11grab', 'pulse'] })).rejects.toMatchObject({
      code: 'ffmpeg_capability_missing',
      message: expect.stringMatching(/static-like \(setting\) lacks input device "x11grab", input device "pulse"/)
    })
    const withFull = new FfmpegLocator({ setting: staticLike, env: { ONAIR_FFMPEG: full, PATH: '' } })
    expect((await withFull.locate({ devices: ['x11grab'] })).path).toBe(full)
  })

  it('says ffmpeg is missing, and how to fix it, when nothing runs', async () => {
    const locator = new FfmpegLocator({ env: { ONAIR_FFMPEG: join(dir, 'does-not-exist'), PATH: '' } })
    await expect(locator.locate()).rejects.toMatchObject({ code: 'ffmpeg_missing', message: expect.stringMatching(/does not run.*ONAIR_FFMPEG/) })
  })

  it('finds ffmpeg on PATH', () => {
    const candidates = new FfmpegLocator({ env: { PATH: `/nonexistent:${pathDir}` } }).candidates()
    expect(candidates.at(-1)).toEqual({ path: join(pathDir, 'ffmpeg'), source: 'PATH' })
  })

  it('parses the real capability tables', () => {
    const devices = parseCapabilityList(
      'Devices:\n D. = Demuxing\n --\n DE alsa            ALSA\n D  x11grab         X11\n  E sdl,sdl2        SDL\n',
      /^\s*[D ][E ]\s+(\S+)/
    )
    expect([...devices]).toEqual(['alsa', 'x11grab', 'sdl', 'sdl2'])
  })
})
