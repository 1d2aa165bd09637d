import { describe, expect, it } from 'vitest'
import { bitratePreset, buildEncoderArgs, encoderSettings, H264_ENCODERS, teeEscape, videoCodecArgs } from '../../../src/main/core/media/encoder-args'
import { audioInput, videoInput } from '../../../src/main/core/media/source-args'

const V = { width: 1280, height: 720, fps: 30 }

describe('encoder arguments', () => {
  it.each([
    [360, 30, 800],
    [480, 30, 1200],
    [720, 30, 2500],
    [720, 60, 3500],
    [1080, 30, 4500],
    [1080, 60, 6000],
    [1440, 30, 9000],
    [2160, 60, 20000]
  ])('bitrate preset for %ip%i is %i kbps', (height, fps, kbps) => {
    expect(bitratePreset(height, fps).videoKbps).toBe(kbps)
  })

  it('puts a keyframe every 2 s, every 1 s in the low-latency modes', () => {
    const gop = (latency: 'normal' | 'low' | 'ultra-low') => {
      const args = videoCodecArgs(encoderSettings(V, 'libx264', latency))
      return args[args.indexOf('-g') + 1]
    }
    expect([gop('normal'), gop('low'), gop('ultra-low')]).toEqual(['60', '30', '30'])
  })

  it('uses CBR-like rate control for every encoder (maxrate = bitrate)', () => {
    for (const encoder of H264_ENCODERS) {
      const args = videoCodecArgs(encoderSettings(V, encoder))
      expect(args[args.indexOf('-maxrate') + 1], encoder).toBe('2500k')
      expect(args).toContain(encoder)
    }
  })

  it('builds the one encoder: yuv420p H.264 + AAC 48 kHz, FLV to stdout (abort on failure), Matroska recording, preview on fd 4', () => {
    const s = encoderSettings(V)
    const args = buildEncoderArgs({
      video: videoInput('screen', s, 'linux', { DISPLAY: ':5' }),
      audio: audioInput('mic', 'linux'),
      settings: s,
      recordingPath: '/rec/a|b.mkv',
      preview: { fps: 5, width: 320 }
    })
    expect(args).toMatchSnapshot()
    const tee = args[args.indexOf('tee') + 1]
    expect(tee).toBe('[f=flv:onfail=abort:flvflags=no_duration_filesize]pipe:1|[f=matroska:onfail=ignore:cluster_time_limit=1000]/rec/a\\|b.mkv')
    expect(args.join(' ')).toContain('format=yuv420p')
    expect(args.join(' ')).toContain('-ar 48000')
    expect(args.slice(-3)).toEqual(['-f', 'image2pipe', 'pipe:4'])
  })

  it('without recording or preview it still writes FLV to stdout (how the encoder notices a dead owner)', () => {
    const s = encoderSettings(V)
    const args = buildEncoderArgs({ video: videoInput('testsrc', s, 'linux'), audio: null, settings: s, recordingPath: null, preview: null })
    expect(args[args.indexOf('tee') + 1]).toBe('[f=flv:onfail=abort:flvflags=no_duration_filesize]pipe:1')
    expect(args).toContain('0:a:0')
    expect(args).not.toContain('pipe:4')
  })

  it('feeds VA-API hardware frames and names its device', () => {
    const s = encoderSettings(V, 'h264_vaapi')
    const args = buildEncoderArgs({ video: videoInput('testsrc', s, 'linux'), audio: audioInput('sine'), settings: s, recordingPath: null, preview: null })
    expect(args.slice(args.indexOf('-vaapi_device'), args.indexOf('-vaapi_device') + 2)).toEqual(['-vaapi_device', '/dev/dri/renderD128'])
    expect(args.join(' ')).toContain('format=nv12,hwupload')
  })

  it('escapes tee special characters in file names', () => {
    expect(teeEscape("C:\\rec\\[show]|it's.mkv")).toBe("C:\\\\rec\\\\\\[show\\]\\|it\\'s.mkv")
  })
})
