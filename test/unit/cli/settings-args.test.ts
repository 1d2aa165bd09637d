import { describe, expect, it } from 'vitest'
import { settingsPatch } from '../../../src/cli/commands/settings'

describe('onair settings set KEY=VALUE', () => {
  it.each([
    [['language=ko'], { language: 'ko' }],
    [['output.preset=1080p30', 'output.encoder=libx264'], { output: { preset: '1080p30', encoder: 'libx264' } }],
    [['recording.enabled=false', 'network.reconnectWindowMinutes=45'], { recording: { enabled: false }, network: { reconnectWindowMinutes: 45 } }],
    [['ffmpegPath=null'], { ffmpegPath: null }],
    [['ffmpegPath=/opt/ffmpeg/bin/ffmpeg'], { ffmpegPath: '/opt/ffmpeg/bin/ffmpeg' }],
    [['sources.video=screen:0@1280x720+0+0'], { sources: { video: 'screen:0@1280x720+0+0' } }],
    [['destinations=[]'], { destinations: [] }],
    [['hotkeys.goLive='], { hotkeys: { goLive: '' } }]
  ])('%j → %j', (pairs, patch) => {
    expect(settingsPatch(pairs)).toEqual(patch)
  })

  it.each([['language'], ['=ko'], ['output.preset.width=1'], ['__proto__.x=1'], ['a-b=1']])('refuses %s as wrong usage', (pair) => {
    expect(() => settingsPatch([pair])).toThrow()
  })
})
