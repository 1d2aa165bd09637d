import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { SpawnFn } from '../../../src/main/core/media/ffmpeg-process'
import { isExclusive, PreviewCapture } from '../../../src/main/core/media/preview-capture'
import type { PreviewStatus } from '../../../src/shared/preview'

interface FakeChild extends EventEmitter {
  stdin: PassThrough
  stdout: PassThrough
  stderr: PassThrough
  stdio: PassThrough[]
  pid: number
  exitCode: number | null
  signalCode: null
  kill(): boolean
}

/**
 * ffmpeg stand-ins (STYLE: tiny fakes for real binaries): each writes one JPEG (or one astats reading) at once and
 * ends on `q`, as ffmpeg does. `events` tells what ran and ended, in order, by the input each was given.
 */
function fakeFfmpeg(events: string[]): SpawnFn {
  let pid = 1000
  return ((_path: string, args: string[]) => {
    const input = args[args.lastIndexOf('-i') + 1]
    const child = new EventEmitter() as FakeChild
    child.stdin = new PassThrough()
    child.stdout = new PassThrough()
    child.stderr = new PassThrough()
    child.stdio = [child.stdin, child.stdout, child.stderr, new PassThrough(), new PassThrough()]
    child.pid = ++pid
    child.exitCode = null
    child.signalCode = null
    const end = () => {
      if (child.exitCode !== null) return
      child.exitCode = 0
      events.push(`end ${input}`)
      child.emit('close', 0, null)
    }
    child.kill = () => (end(), true)
    child.stdin.on('data', (d: Buffer) => String(d).includes('q') && setImmediate(end))
    events.push(`start ${input}`)
    setImmediate(() => {
      if (args.includes('image2pipe')) child.stdout.write(Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]))
      else child.stdio[4].write('frame:0 pts:0 pts_time:0\nlavfi.astats.Overall.Peak_level=-20\nlavfi.astats.Overall.RMS_level=-23\n')
    })
    return child
  }) as unknown as SpawnFn
}

function capture() {
  const events: string[] = []
  const states: PreviewStatus[] = []
  let frames = 0
  const preview = new PreviewCapture({
    locator: { locate: async () => ({ path: 'ffmpeg' }) as never },
    platform: 'linux',
    env: { DISPLAY: ':9' },
    spawn: fakeFfmpeg(events),
    listener: { onFrame: () => frames++, onLevels: () => {}, onState: (s) => states.push(s) }
  })
  return { preview, events, states, frames: () => frames }
}

describe('PreviewCapture', () => {
  it.each([
    ['camera', true],
    ['camera:/dev/video0', true],
    ['camera:FaceTime HD Camera', true],
    ['screen:0', false],
    ['window:0x1a00003', false],
    ['testsrc', false],
    ['file:/tmp/show.mp4', false]
  ])('%s is a device only one process can open: %s', (source, exclusive) => expect(isExclusive(source)).toBe(exclusive))

  it('changes only the part whose source changed, and asking again for the same sources changes nothing', async () => {
    const c = capture()
    await c.preview.start('screen:0', 'mic:default')
    expect(c.events).toEqual(['start :9.0', 'start default'])
    expect(c.frames()).toBe(1)
    await c.preview.start('screen:0', 'mic:default')
    await c.preview.start('screen:0', 'system')
    expect(c.events).toEqual(['start :9.0', 'start default', 'end default', 'start @DEFAULT_MONITOR@'])
    await c.preview.start('screen:0', 'none')
    expect(c.preview.status()).toEqual({ video: 'screen:0', audio: null, muted: false })
    await c.preview.stop()
    expect(c.preview.pids()).toEqual([])
  })

  it('hands a camera to the show before it starts, keeps saying what is shown, and captures it again after the show', async () => {
    const c = capture()
    await c.preview.start('camera:/dev/video0', 'mic:default')
    expect(await c.preview.handOver('camera:/dev/video0')).toBe(true)
    // Released (the device is free for the encoder) while the meter goes on.
    expect(c.events).toEqual(['start /dev/video0', 'start default', 'end /dev/video0'])
    expect(c.preview.pids()).toHaveLength(1)
    expect(c.preview.status()).toEqual({ video: 'camera:/dev/video0', audio: 'mic:default', muted: false })
    // A window that reloads mid-show asks again: the camera stays with the show.
    await c.preview.start('camera:/dev/video0', 'mic:default')
    expect(c.events).toHaveLength(3)
    await c.preview.resume()
    expect(c.events.at(-1)).toBe('start /dev/video0')
    expect(c.preview.pids()).toHaveLength(2)
    // Once is enough: a second end of the show does not start another capture.
    await c.preview.resume()
    expect(c.events.filter((e) => e === 'start /dev/video0')).toHaveLength(2)
    await c.preview.stop()
  })

  it('keeps a screen (shared) through the show, and gives nothing back after the last window left', async () => {
    const c = capture()
    await c.preview.start('screen:0', 'none')
    expect(await c.preview.handOver('screen:0')).toBe(false)
    expect(c.preview.pids()).toHaveLength(1)
    await c.preview.stop()

    await c.preview.start('camera', 'none')
    expect(await c.preview.handOver('camera')).toBe(true)
    await c.preview.stop()
    await c.preview.resume()
    expect(c.preview.pids()).toEqual([])
    expect(c.preview.status()).toEqual({ video: null, audio: null, muted: false })
  })
})
