import { FLV_TAG_AUDIO, FLV_TAG_SCRIPT, FLV_TAG_VIDEO, buildFlvTag, type FlvTag } from '../../../src/main/core/media/flv-reader'

/** FLV tags as an H.264/AAC encoder writes them (just the bytes the reader looks at, plus padding). */
export const video = (ts: number, key: boolean, size = 100): Buffer =>
  buildFlvTag(FLV_TAG_VIDEO, ts, Buffer.concat([Buffer.from([(key ? 0x10 : 0x20) | 7, 1, 0, 0, 0]), Buffer.alloc(size)]))
export const avcConfig = (): Buffer => buildFlvTag(FLV_TAG_VIDEO, 0, Buffer.from([0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1f]))
export const aacConfig = (): Buffer => buildFlvTag(FLV_TAG_AUDIO, 0, Buffer.from([0xaf, 0, 0x11, 0x90]))
export const audio = (ts: number, size = 20): Buffer => buildFlvTag(FLV_TAG_AUDIO, ts, Buffer.concat([Buffer.from([0xaf, 1]), Buffer.alloc(size)]))
export const script = (): Buffer => buildFlvTag(FLV_TAG_SCRIPT, 0, Buffer.from('\x02\x00\x0aonMetaData', 'latin1'))

export function tag(bytes: Buffer, ts: number, type: number, keyframe = false, config = false): FlvTag {
  return { type, timestamp: ts, keyframe, config, bytes }
}
export const vtag = (ts: number, key = false): FlvTag => tag(video(ts, key), ts, FLV_TAG_VIDEO, key)
export const atag = (ts: number): FlvTag => tag(audio(ts), ts, FLV_TAG_AUDIO)
