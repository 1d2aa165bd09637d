import { describe, expect, it } from 'vitest'
import { audioInput, parseScreen, sourceDevices, videoInput } from '../../../src/main/core/media/source-args'
import { audioSourceSchema, videoSourceSchema } from '../../../src/shared/live'

const V = { width: 1280, height: 720, fps: 30 }
const env = { DISPLAY: ':1' }
const windowsDefaults = { camera: 'Integrated Camera', mic: 'Microphone (Realtek(R) Audio)', system: 'Stereo Mix (Realtek(R) Audio)' }

const VIDEO = [
  'testsrc',
  'file:/media/clip.mp4',
  'screen',
  'screen:1',
  'screen:0@640x360+100+50',
  'screen::99',
  'window:0x3a00007',
  'camera',
  'camera:2',
  'camera:Integrated Camera'
]
const AUDIO = ['sine', 'none', 'file:/media/clip.mp4', 'mic', 'mic:alsa_input.usb-mic', 'mic:alsa:hw:1,0', 'system']

/** What each SOURCE turns into on each OS: an argv, or the message a streamer would see. */
function table(platform: NodeJS.Platform) {
  const attempt = (f: () => { args: string[]; devices: string[]; videoFilters?: string[] }) => {
    try {
      const r = f()
      const argv = r.args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')
      return `${argv}  [${r.devices.join(',')}]${r.videoFilters ? `  then ${r.videoFilters.join(',')}` : ''}`
    } catch (e) {
      return `${(e as { code?: string }).code}: ${(e as Error).message}`
    }
  }
  const defaults = platform === 'win32' ? windowsDefaults : {}
  return {
    video: Object.fromEntries(VIDEO.map((s) => [s, attempt(() => videoInput(s, V, platform, env, defaults))])),
    audio: Object.fromEntries(AUDIO.map((s) => [s, attempt(() => audioInput(s, platform, defaults))]))
  }
}

describe('source arguments per OS (snapshots: reviewed by eye, changes show in diffs)', () => {
  it.each(['linux', 'darwin', 'win32'] as const)('%s', (platform) => {
    expect(table(platform)).toMatchSnapshot()
  })

  it('asks for a device on Windows when discovery found none, instead of guessing', () => {
    expect(() => audioInput('mic', 'win32')).toThrow(/No microphone was found/)
    expect(() => audioInput('system', 'win32')).toThrow(/Stereo Mix/)
    expect(() => videoInput('camera', V, 'win32')).toThrow(/No camera was found/)
  })

  it('says what macOS cannot do', () => {
    expect(() => audioInput('system', 'darwin')).toThrow(/BlackHole/)
    expect(() => videoInput('window:12', V, 'darwin')).toThrow(/not available on macOS/)
  })

  it.each([
    ['screen', { index: 0 }],
    ['screen:2', { index: 2 }],
    ['screen:0@640x480+10+20', { index: 0, region: { width: 640, height: 480, x: 10, y: 20 } }],
    ['screen::99', { index: 0, display: ':99' }],
    ['screen::99.1', { index: 1, display: ':99' }]
  ])('parses %s', (source, expected) => {
    expect(parseScreen(source)).toEqual(expected)
  })

  it('rejects malformed screens with a hint', () => {
    expect(() => parseScreen('screen:left')).toThrow(/screen number/)
    expect(() => parseScreen('screen:0@big')).toThrow(/screen:N@WIDTHxHEIGHT\+X\+Y/)
  })

  it('names the ffmpeg devices a choice needs, for the capability probe', () => {
    expect(sourceDevices('screen', 'mic', 'linux', env)).toEqual(['x11grab', 'pulse'])
    expect(sourceDevices('testsrc', 'sine', 'linux')).toEqual(['lavfi'])
    expect(sourceDevices('camera', 'mic', 'win32')).toEqual(['dshow'])
    expect(sourceDevices('screen:1', 'system', 'darwin')).toEqual(['avfoundation'])
  })
})

describe('file: sources take local files only', () => {
  const refused = [
    'file:http://evil.example/x.mp4',
    'file:rtmp://h/app/key',
    'file:concat:/a.mp4|/b.mp4',
    'file:pipe:0',
    'file:-',
    'file:',
    'file:subfile,,start,0,end,0,,:/etc/passwd',
    'file:data:video/mp4;base64,AAAA',
    'file:\\\\server\\share\\x.mp4',
    'file://server/share/x.mp4',
    'file:FILE:/x.mp4'
  ]
  it.each(refused)('refuses %s, in the contract and in the argument builder, without echoing it', (source) => {
    for (const schema of [videoSourceSchema, audioSourceSchema]) {
      const parsed = schema.safeParse(source)
      expect(parsed.success).toBe(false)
    }
    for (const build of [() => videoInput(source, V, 'linux'), () => audioInput(source, 'linux')]) {
      expect(build).toThrow(
        expect.objectContaining({ code: 'source_unavailable', message: expect.stringMatching(/^A file source must name a file on this computer/) })
      )
      try {
        build()
      } catch (e) {
        if (source.length > 5) expect((e as Error).message).not.toContain(source.slice(5))
      }
    }
  })

  it.each(['file:/media/clip.mp4', 'file:clip.mp4', 'file:./a:b.mp4', 'file:C:\\Videos\\clip.mp4', 'file:D:/clip.mp4', 'file:Kênh 채널.mkv'])(
    'accepts %s',
    (source) => {
      expect(videoSourceSchema.safeParse(source).success).toBe(true)
      expect(audioSourceSchema.safeParse(source).success).toBe(true)
      expect(videoInput(source, V, 'win32').args).toEqual(['-re', '-protocol_whitelist', 'file', '-i', `file:${source.slice(5)}`])
    }
  )
})
