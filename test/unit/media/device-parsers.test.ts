import { describe, expect, it } from 'vitest'
import { discoverDevices } from '../../../src/main/core/media/device-discovery'
import {
  parseXpropName,
  x11WindowsWithoutName,
  parseAlsaSources,
  parseAvfoundationDevices,
  parseDshowDevices,
  parsePulseSources,
  parseVideoSize,
  parseX11Windows
} from '../../../src/main/core/media/device-parsers'

// Outputs as these ffmpeg builds print them (Linux: Debian 5.1 here; macOS/Windows: ffmpeg 6/7 and 4.x layouts).
const PULSE = `Auto-detected sources for pulse:
  alsa_output.pci-0000_00_1f.3.analog-stereo.monitor [Monitor of Built-in Audio Analog Stereo] (none)
* alsa_input.pci-0000_00_1f.3.analog-stereo [Built-in Audio Analog Stereo] (none)
  alsa_input.usb-Blue_Yeti-00.analog-stereo [Yeti Stereo Microphone Analog Stereo] (none)
`
const ALSA = `Auto-detected sources for alsa:
  null [Discard all samples (playback) or generate zero samples (capture)]
  jack [JACK Audio Connection Kit]
  default [Playback/recording through the PulseAudio sound server]
  hw:CARD=PCH,DEV=0 [HDA Intel PCH, ALC3246 Analog Direct hardware device without any conversions]
  plughw:CARD=PCH,DEV=0 [HDA Intel PCH, ALC3246 Analog Hardware device with all software conversions]
`
const AVFOUNDATION = `[AVFoundation indev @ 0x7fb1c8e04580] AVFoundation video devices:
[AVFoundation indev @ 0x7fb1c8e04580] [0] FaceTime HD Camera
[AVFoundation indev @ 0x7fb1c8e04580] [1] OBS Virtual Camera
[AVFoundation indev @ 0x7fb1c8e04580] [2] Capture screen 0
[AVFoundation indev @ 0x7fb1c8e04580] [3] Capture screen 1
[AVFoundation indev @ 0x7fb1c8e04580] AVFoundation audio devices:
[AVFoundation indev @ 0x7fb1c8e04580] [0] MacBook Pro Microphone
[AVFoundation indev @ 0x7fb1c8e04580] [1] BlackHole 2ch
: Input/output error`
const DSHOW_NEW = `[dshow @ 000001f4c8a2e3c0] "Integrated Camera" (video)
[dshow @ 000001f4c8a2e3c0]   Alternative name "@device_pnp_\\\\?\\usb#vid_04f2&pid_b6dd&mi_00#6&1a8b5fc&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global"
[dshow @ 000001f4c8a2e3c0] "OBS Virtual Camera" (none)
[dshow @ 000001f4c8a2e3c0] "Microphone Array (Realtek(R) Audio)" (audio)
[dshow @ 000001f4c8a2e3c0]   Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{4D1E1FAA}"
[dshow @ 000001f4c8a2e3c0] "Stereo Mix (Realtek(R) Audio)" (audio)
dummy: Immediate exit requested`
const DSHOW_OLD = `[dshow @ 0000000000473b40] DirectShow video devices (some may be both video and audio devices)
[dshow @ 0000000000473b40]  "HD Webcam"
[dshow @ 0000000000473b40]     Alternative name "@device_pnp_\\\\?\\usb#vid_0bda"
[dshow @ 0000000000473b40] DirectShow audio devices
[dshow @ 0000000000473b40]  "Headset Microphone (USB Audio)"
dummy: Immediate exit requested`
const X11_PROBE = `Input #0, x11grab, from ':99':
  Duration: N/A, start: 1795391092.533000, bitrate: 884736 kb/s
  Stream #0:0: Video: rawvideo (BGR[0] / 0x524742), bgr0, 1280x720, 884736 kb/s, 30 fps, 1000k tbr, 1000k tbn`

describe('device parsers', () => {
  it('PulseAudio: sources become mics, a monitor becomes "system"', () => {
    expect(parsePulseSources(PULSE)).toEqual([
      {
        kind: 'system',
        source: 'system',
        label: 'System audio (Monitor of Built-in Audio Analog Stereo)',
        ours: { key: 'system', detail: 'Monitor of Built-in Audio Analog Stereo' }
      },
      { kind: 'mic', source: 'mic:alsa_input.pci-0000_00_1f.3.analog-stereo', label: 'Built-in Audio Analog Stereo' },
      { kind: 'mic', source: 'mic:alsa_input.usb-Blue_Yeti-00.analog-stereo', label: 'Yeti Stereo Microphone Analog Stereo' }
    ])
  })
  it('ALSA: hardware PCMs only, not plugins', () => {
    expect(parseAlsaSources(ALSA).map((d) => d.source)).toEqual(['mic:alsa:default', 'mic:alsa:hw:CARD=PCH,DEV=0', 'mic:alsa:plughw:CARD=PCH,DEV=0'])
  })
  it('AVFoundation: cameras, screens and microphones by index', () => {
    expect(parseAvfoundationDevices(AVFOUNDATION)).toEqual([
      { kind: 'camera', source: 'camera:0', label: 'FaceTime HD Camera' },
      { kind: 'camera', source: 'camera:1', label: 'OBS Virtual Camera' },
      { kind: 'screen', source: 'screen:0', label: 'Screen 0', ours: { key: 'screen', index: '0' } },
      { kind: 'screen', source: 'screen:1', label: 'Screen 1', ours: { key: 'screen', index: '1' } },
      { kind: 'mic', source: 'mic:0', label: 'MacBook Pro Microphone' },
      { kind: 'mic', source: 'mic:1', label: 'BlackHole 2ch' }
    ])
  })
  it('DirectShow: both listing layouts; Stereo Mix is system audio', () => {
    expect(parseDshowDevices(DSHOW_NEW)).toEqual([
      { kind: 'camera', source: 'camera:Integrated Camera', label: 'Integrated Camera' },
      { kind: 'mic', source: 'mic:Microphone Array (Realtek(R) Audio)', label: 'Microphone Array (Realtek(R) Audio)' },
      { kind: 'system', source: 'system', label: 'Stereo Mix (Realtek(R) Audio)' }
    ])
    expect(parseDshowDevices(DSHOW_OLD)).toEqual([
      { kind: 'camera', source: 'camera:HD Webcam', label: 'HD Webcam' },
      { kind: 'mic', source: 'mic:Headset Microphone (USB Audio)', label: 'Headset Microphone (USB Audio)' }
    ])
  })
  it("reads a capture size from ffmpeg's stream line", () => {
    expect(parseVideoSize(X11_PROBE)).toEqual({ width: 1280, height: 720 })
    expect(parseVideoSize('Cannot open display :3')).toBe(null)
  })
})

// `xwininfo -root -tree` under a reparenting window manager (frames hold the client windows), and its task bar list.
const X11_TREE_WM = `
xwininfo: Window id: 0x50d (the root window) (has no name)

  Root window id: 0x50d (the root window) (has no name)
  Parent window id: 0x0 (none)
     4 children:
     0xa00005 (has no name): ()  1282x745+0+0  +0+0
        1 child:
        0x1400003 "게임 – Trò chơi": ("obs-game" "Game")  1280x720+1+24  +1+24
     0xa0000c (has no name): ()  802x622+300+100  +300+100
        1 child:
        0x2000007 "Terminal": ("xterm" "XTerm")  800x600+1+21  +301+121
     0x1e00001 "Tooltip": ("tooltip" "Tooltip")  120x20+10+10  +10+10
     0x200001 (has no name): ()  10x10+-20+-20  +-20+-20
`
const X11_CLIENTS = '_NET_CLIENT_LIST(WINDOW): window id # 0x01400003, 0x02000007\n'
// The same without a window manager (Xvfb in the tests): no task bar list, windows are the root's children.
const X11_TREE_BARE = `
  Root window id: 0x50d (the root window) (has no name)
     3 children:
     0x600008 "ffplay": ("ffplay" "ffplay")  320x240+480+240  +480+240
     0x600020 "icon": ("ffplay" "ffplay")  32x32+0+0  +0+0
     0x200001 (has no name): ()  10x10+-20+-20  +-20+-20
`

describe('X11 windows', () => {
  it('with a window manager, lists exactly the task bar windows, titles in Korean and Vietnamese intact', () => {
    expect(parseX11Windows(X11_TREE_WM, X11_CLIENTS)).toEqual([
      { kind: 'window', source: 'window:0x1400003', label: '게임 – Trò chơi (1280×720)' },
      { kind: 'window', source: 'window:0x2000007', label: 'Terminal (800×600)' }
    ])
  })
  it('without one, takes named windows that have a class and a usable size', () => {
    expect(parseX11Windows(X11_TREE_BARE, '_NET_CLIENT_LIST:  no such atom on any window.\n')).toEqual([
      { kind: 'window', source: 'window:0x600008', label: 'ffplay (320×240)' }
    ])
    expect(parseX11Windows(X11_TREE_BARE, null)).toHaveLength(1)
  })
  const COMPOUND_TREE = `${X11_TREE_BARE}     0x20002c (name in unsupported encoding COMPOUND_TEXT): ("ctwin" "Xmessage")  300x200+5+5  +5+5\n`
  it('sets aside the windows whose title xwininfo cannot print (COMPOUND_TEXT), for xprop to name', () => {
    expect(parseX11Windows(COMPOUND_TREE, null).map((d) => d.source)).toEqual(['window:0x600008'])
    expect(x11WindowsWithoutName(COMPOUND_TREE, null)).toEqual([{ id: '0x20002c', width: 300, height: 200 }])
  })
  it.each([
    ['WM_NAME(COMPOUND_TEXT) = "게임 – Trò chơi"\n', '게임 – Trò chơi'],
    ['_NET_WM_NAME(UTF8_STRING) = "Kênh \\"tối\\" nay"\nWM_NAME(STRING) = "x"\n', 'Kênh "tối" nay'],
    ['_NET_WM_NAME:  not found.\nWM_NAME(STRING) = "Terminal"\n', 'Terminal'],
    ['_NET_WM_NAME:  not found.\nWM_NAME:  not found.\n', null]
  ])('xprop %j names it %j', (text, title) => {
    expect(parseXpropName(text)).toBe(title)
  })
})

describe('discoverDevices', () => {
  const run = (outputs: Record<string, { stdout?: string; stderr?: string }>) => async (args: string[]) => {
    const key = Object.keys(outputs).find((k) => args.join(' ').includes(k)) ?? ''
    return { stdout: outputs[key]?.stdout ?? '', stderr: outputs[key]?.stderr ?? '' }
  }
  it('Linux: the X screen, v4l2 cameras from /dev, PulseAudio sources', async () => {
    const devices = await discoverDevices({
      platform: 'linux',
      env: { DISPLAY: ':99' },
      devices: new Set(['x11grab', 'v4l2', 'pulse', 'alsa']),
      run: run({ x11grab: { stderr: X11_PROBE }, '-sources pulse': { stdout: PULSE } }),
      runTool: async (command) => (command === 'xwininfo' ? X11_TREE_WM : X11_CLIENTS),
      fs: { list: () => ['video0', 'video1', 'null'], read: (p) => (p.includes('video0') ? 'Integrated Webcam\n' : null) }
    })
    expect(devices.map((d) => [d.kind, d.source])).toEqual([
      ['screen', 'screen:0'],
      ['window', 'window:0x1400003'],
      ['window', 'window:0x2000007'],
      ['camera', 'camera:/dev/video0'],
      ['camera', 'camera:/dev/video1'],
      ['system', 'system'],
      ['mic', 'mic:alsa_input.pci-0000_00_1f.3.analog-stereo'],
      ['mic', 'mic:alsa_input.usb-Blue_Yeti-00.analog-stereo']
    ])
    expect(devices[0].label).toBe('Screen 0 (1280×720, display :99)')
  })
  it('Linux without PulseAudio falls back to ALSA; no DISPLAY means no screen', async () => {
    const devices = await discoverDevices({
      platform: 'linux',
      env: {},
      devices: new Set(['x11grab', 'pulse', 'alsa']),
      run: run({ '-sources alsa': { stdout: ALSA } }),
      runTool: async () => X11_TREE_BARE,
      fs: { list: () => [], read: () => null }
    })
    expect(devices.map((d) => d.source)).toEqual(['mic:alsa:default', 'mic:alsa:hw:CARD=PCH,DEV=0', 'mic:alsa:plughw:CARD=PCH,DEV=0'])
  })
  it('Linux without xwininfo (x11-utils) lists the screen and no windows', async () => {
    const devices = await discoverDevices({
      platform: 'linux',
      env: { DISPLAY: ':99' },
      devices: new Set(['x11grab']),
      run: run({ x11grab: { stderr: X11_PROBE } }),
      runTool: async () => null
    })
    expect(devices.map((d) => d.source)).toEqual(['screen:0'])
  })
  it('Windows: the desktop plus DirectShow devices', async () => {
    const devices = await discoverDevices({ platform: 'win32', env: {}, devices: new Set(['gdigrab', 'dshow']), run: run({ dshow: { stderr: DSHOW_NEW } }) })
    expect(devices.map((d) => d.source)).toEqual(['screen:0', 'camera:Integrated Camera', 'mic:Microphone Array (Realtek(R) Audio)', 'system'])
  })
})
