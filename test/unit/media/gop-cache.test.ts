import { describe, expect, it } from 'vitest'
import { FLV_TAG_AUDIO, FLV_TAG_SCRIPT, FLV_TAG_VIDEO, buildFlvHeader } from '../../../src/main/core/media/flv-reader'
import { GopCache } from '../../../src/main/core/media/gop-cache'
import { aacConfig, atag, avcConfig, script, tag, vtag } from './flv-helpers'

describe('GopCache', () => {
  it('holds header, metadata and codec config, and the GOP from the latest keyframe', () => {
    const cache = new GopCache()
    cache.setHeader(buildFlvHeader(true, true))
    cache.add(tag(script(), 0, FLV_TAG_SCRIPT))
    cache.add(tag(avcConfig(), 0, FLV_TAG_VIDEO, false, true))
    cache.add(tag(aacConfig(), 0, FLV_TAG_AUDIO, false, true))
    expect(cache.ready).toBe(false)
    cache.add(atag(0)) // before any keyframe: not decodable, not cached
    cache.add(vtag(0, true))
    cache.add(atag(21))
    cache.add(vtag(33))
    expect(cache.ready).toBe(true)
    expect(cache.currentGop().map((t) => t.timestamp)).toEqual([0, 21, 33])
    cache.add(vtag(2000, true))
    cache.add(atag(2010))
    expect(cache.currentGop().map((t) => [t.timestamp, t.keyframe])).toEqual([
      [2000, true],
      [2010, false]
    ])
    // What a new publish sends first: metadata, then video and audio configuration.
    expect(cache.configTags().map((t) => [t.type, t.config])).toEqual([
      [FLV_TAG_SCRIPT, false],
      [FLV_TAG_VIDEO, true],
      [FLV_TAG_AUDIO, true]
    ])
  })

  it('keeps memory bounded when keyframes stop coming', () => {
    const cache = new GopCache(1000)
    cache.setHeader(buildFlvHeader(true, true))
    cache.add(vtag(0, true))
    for (let ts = 33; ts < 1100; ts += 33) cache.add(vtag(ts))
    expect(cache.currentGop()).toEqual([])
    expect(cache.ready).toBe(false)
  })
})
