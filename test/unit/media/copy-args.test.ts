import { describe, expect, it } from 'vitest'
import { buildCopyArgs } from '../../../src/main/core/media/copy-args'
import { videoInput } from '../../../src/main/core/media/source-args'

describe('buildCopyArgs (a recording streamed as it is)', () => {
  const args = buildCopyArgs(videoInput('file:/rec/show 1.mkv', { width: 1280, height: 720, fps: 30 }, 'linux'))

  it('reads the local file at its own pace and copies its first video and (optional) audio stream into FLV on stdout', () => {
    expect(args.join(' ')).toContain('-re -protocol_whitelist file -i file:/rec/show 1.mkv -map 0:v:0 -map 0:a:0? -c copy')
    expect(args.slice(-3)).toEqual(['-f', 'flv', 'pipe:1'])
    expect(args).toContain('-progress')
  })

  it('encodes, scales, records and previews nothing', () => {
    for (const flag of ['-c:v', '-filter_complex', '-vf', 'libx264', 'tee', 'matroska', '-b:v']) expect(args).not.toContain(flag)
  })

  it('sends only a part when asked: -ss/-to as input options before -i (so the copy starts on the keyframe before it)', () => {
    const part = buildCopyArgs(videoInput('file:/rec/show.mkv', { width: 1280, height: 720, fps: 30 }, 'linux'), { startSeconds: 59.5, endSeconds: 125 })
    expect(part.join(' ')).toContain('-re -protocol_whitelist file -ss 59.5 -to 125 -i file:/rec/show.mkv -map 0:v:0')
  })
})
