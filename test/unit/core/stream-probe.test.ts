import { describe, expect, it } from 'vitest'
import { copyProblem, parseFileProbe } from '../../../src/main/core/recordings/stream-probe'

const probe = (video: string | null, audio: string | null, duration = '9.021000') =>
  JSON.stringify({
    streams: [...(video ? [{ codec_type: 'video', codec_name: video }] : []), ...(audio ? [{ codec_type: 'audio', codec_name: audio }] : [])],
    format: { duration }
  })

describe('what a handoff learns of a file before streaming it', () => {
  it.each([
    ['an Onair recording', probe('h264', 'aac'), { durationSeconds: 9, video: 'h264', audio: 'aac' }],
    ['no duration', probe('h264', 'aac', 'N/A'), { durationSeconds: null, video: 'h264', audio: 'aac' }],
    ['not JSON', 'oops', { durationSeconds: null, video: null, audio: null }]
  ])('%s', (_name, json, expected) => expect(parseFileProbe(json)).toEqual(expected))

  it.each([
    ['H.264 + AAC', 'h264', 'aac', null],
    ['H.264 + MP3', 'h264', 'mp3', null],
    ['H.264 without audio', 'h264', null, null],
    ['HEVC', 'hevc', 'aac', 'hevc'],
    ['Opus audio', 'h264', 'opus', 'opus'],
    ['no video', null, 'aac', 'no video']
  ])('%s: %s', (_name, video, audio, refused) => {
    const problem = copyProblem({ durationSeconds: 9, video, audio })
    if (refused === null) return expect(problem).toBeNull()
    expect(problem?.value).toMatchObject({ code: 'unsupported', field: 'recording' })
    expect(problem?.message).toContain(refused)
  })
})
