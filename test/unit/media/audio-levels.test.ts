import { describe, expect, it } from 'vitest'
import { AstatsParser, CLIP_HOLD_MS, LevelTracker, parseDb } from '../../../src/main/core/media/audio-levels'
import { muteCommand } from '../../../src/main/core/media/encoder-args'
import { buildMeterArgs, buildPreviewArgs } from '../../../src/main/core/media/preview-args'
import { audioInput, videoInput } from '../../../src/main/core/media/source-args'

// What ffmpeg 5.1 printed for a 1 kHz sine at -12 dB under its default amplitude (see preview-args.ts for the filter).
const REAL = `frame:0    pts:0       pts_time:0
lavfi.astats.Overall.Peak_level=-30.063921
lavfi.astats.Overall.RMS_level=-33.074027
frame:1    pts:4800    pts_time:0.1
lavfi.astats.Overall.Peak_level=-inf
lavfi.astats.Overall.RMS_level=-inf
`

describe('parseDb', () => {
  it.each([
    ['-12.041200', -12.0412],
    ['0.000000', 0],
    [' -3.5\n', -3.5],
    ['-inf', null],
    ['inf', null],
    ['nan', null],
    ['', null],
    ['loud', null]
  ])('%j → %j', (text, db) => expect(parseDb(text)).toBe(db))
})

describe('AstatsParser', () => {
  it('reads peak and RMS per 100 ms block, silence as null', () => {
    expect(new AstatsParser().push(REAL)).toEqual([
      { time: 0, peakDb: -30.063921, rmsDb: -33.074027 },
      { time: 0.1, peakDb: null, rmsDb: null }
    ])
  })

  it.each([1, 7, 13, 64])('gives the same readings when the pipe cuts the text every %i characters', (step) => {
    const parser = new AstatsParser()
    const out = []
    for (let i = 0; i < REAL.length; i += step) out.push(...parser.push(REAL.slice(i, i + step)))
    expect(out).toEqual(new AstatsParser().push(REAL))
  })

  it('tells a block that lacks one key when the next one starts, and ignores other keys and noise', () => {
    const text = [
      'frame:3 pts:14400 pts_time:0.3',
      'lavfi.astats.Overall.Peak_level=-6',
      'lavfi.astats.Overall.Flat_factor=0',
      'frame:4 pts:19200 pts_time:0.4',
      'something else entirely',
      'lavfi.astats.Overall.RMS_level=-20',
      'lavfi.astats.Overall.Peak_level=-1',
      ''
    ].join('\n')
    expect(new AstatsParser().push(text)).toEqual([
      { time: 0.3, peakDb: -6, rmsDb: null },
      { time: 0.4, peakDb: -1, rmsDb: -20 }
    ])
  })

  it('drops a line that never ends rather than keeping it', () => {
    const parser = new AstatsParser()
    parser.push('x'.repeat(10_000))
    expect(parser.push(REAL)).toHaveLength(2)
  })
})

describe('LevelTracker', () => {
  const block = (peakDb: number | null, rmsDb: number | null = peakDb === null ? null : peakDb - 3) => ({ time: 0, peakDb, rmsDb })

  it.each([
    // [readings as [ms, peak], asked at ms, what the meter shows]
    ['a voice', [[100, -20]], 150, { peakDb: -20, rmsDb: -23, clipped: false, noSignal: false }],
    ['silence from the start, 4.9 s', [[100, null]], 4900, { peakDb: null, rmsDb: null, clipped: false, noSignal: false }],
    ['silence from the start, 5 s', [[4950, null]], 5000, { peakDb: null, rmsDb: null, clipped: false, noSignal: true }],
    ['a noise floor below -70 dBFS for 5 s', [[4950, -75]], 5000, { peakDb: -75, rmsDb: -78, clipped: false, noSignal: true }],
    ['a quiet room above -70 dBFS', [[4950, -60]], 5000, { peakDb: -60, rmsDb: -63, clipped: false, noSignal: false }],
    ['nothing at all for 5 s (the device sends nothing)', [], 5000, { peakDb: null, rmsDb: null, clipped: false, noSignal: true }],
    [
      'voice, then 5 s of silence',
      [
        [1000, -20],
        [6000, null]
      ],
      6000,
      { peakDb: null, rmsDb: null, clipped: false, noSignal: true }
    ],
    ['a full-scale sample', [[100, 0]], 200, { peakDb: 0, rmsDb: -3, clipped: true, noSignal: false }],
    ['a 16-bit full-scale sample', [[100, -0.0003]], 200, { peakDb: -0.0003, rmsDb: -3.0003, clipped: true, noSignal: false }],
    ['loud but not clipped', [[100, -0.2]], 200, { peakDb: -0.2, rmsDb: -3.2, clipped: false, noSignal: false }],
    [
      'the clip mark held for a second',
      [
        [100, 0],
        [200, -20]
      ],
      100 + CLIP_HOLD_MS - 1,
      { peakDb: -20, rmsDb: -23, clipped: true, noSignal: false }
    ],
    [
      'the clip mark gone after a second',
      [
        [100, 0],
        [1150, -20]
      ],
      100 + CLIP_HOLD_MS + 50,
      { peakDb: -20, rmsDb: -23, clipped: false, noSignal: false }
    ],
    ['a reading older than a second is not shown', [[100, -20]], 1200, { peakDb: null, rmsDb: null, clipped: false, noSignal: false }]
  ] as Array<[string, Array<[number, number | null]>, number, object]>)('%s', (_name, readings, at, shown) => {
    const tracker = new LevelTracker(0)
    for (const [ms, peak] of readings) tracker.reading(ms, block(peak))
    expect(tracker.state(at)).toEqual(shown)
  })
})

describe('preview and meter arguments', () => {
  it('captures a screen at the preview rate and writes 640 px JPEGs to stdout, with no encoder, file or network output', () => {
    const args = buildPreviewArgs(videoInput('screen:0', { width: 640, height: 360, fps: 12 }, 'linux', { DISPLAY: ':5' }), { width: 640, fps: 12 })
    expect(args.join(' ')).toBe(
      '-hide_banner -nostats -loglevel warning -thread_queue_size 1024 -f x11grab -framerate 12 -draw_mouse 1 -i :5.0 -an ' +
        '-vf fps=12,scale=640:-2:flags=fast_bilinear,format=yuvj422p -c:v mjpeg -q:v 8 -f image2pipe pipe:1'
    )
    expect(args.join(' ')).not.toMatch(/rtmp|libx264|\.mkv|flv/)
  })

  it('crops first where the device cannot (macOS regions)', () => {
    const args = buildPreviewArgs(videoInput('screen:0@800x600+10+20', { width: 640, height: 360, fps: 12 }, 'darwin'), { width: 640, fps: 12 })
    expect(args[args.indexOf('-vf') + 1]).toBe('crop=800:600:10:20,fps=12,scale=640:-2:flags=fast_bilinear,format=yuvj422p')
  })

  it('measures the mic in 100 ms blocks at 48 kHz and prints peak and RMS on fd 4', () => {
    const args = buildMeterArgs(audioInput('mic:default', 'linux'))
    expect(args.slice(args.indexOf('-af'), args.indexOf('-af') + 2)).toEqual([
      '-af',
      'aresample=48000,asetnsamples=n=4800:p=0,astats=metadata=1:reset=1:measure_perchannel=none:measure_overall=Peak_level+RMS_level,ametadata=mode=print:direct=1:file=pipe\\\\:4'
    ])
    expect(args.slice(-4)).toEqual(['pcm_s16le', '-f', 'null', '-'])
  })

  it.each([
    [true, 'cvolume@mute -1 volume 0\n'],
    [false, 'cvolume@mute -1 volume 1\n']
  ])('mute %s is one line on the encoder stdin for its volume filter', (muted, line) => expect(muteCommand(muted)).toBe(line))
})
