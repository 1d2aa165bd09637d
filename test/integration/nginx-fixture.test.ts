import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { ffmpegPush } from '../fixtures/run'

describe('nginx-rtmp fixture', () => {
  let ingest: RtmpIngest
  beforeAll(async () => {
    ingest = await startRtmpIngest()
  })
  afterAll(async () => {
    await ingest?.close()
  })

  it('accepts a push and reports its key; rejects a key on the reject list', async () => {
    expect((await ffmpegPush(`${ingest.base}/live/fixture-ok`)).code).toBe(0)
    await ingest.waitForPublish('fixture-ok')
    ingest.rejectKeys.add('fixture-bad')
    const rejected = await ffmpegPush(`${ingest.base}/live/fixture-bad`)
    expect(rejected.code).not.toBe(0)
    expect(ingest.callbacks.some((c) => c.call === 'publish' && c.name === 'fixture-bad')).toBe(true)
  })
})
