import { describe, expect, it } from 'vitest'
import { parseRtmpDestination } from '../../../src/shared/rtmp-url'
import { OnairError } from '../../../src/shared/errors'

function errorOf(fn: () => unknown): OnairError {
  try {
    fn()
  } catch (e) {
    return e as OnairError
  }
  throw new Error('expected an error')
}

describe('parseRtmpDestination', () => {
  it('splits the key off the URL when no key is given', () => {
    expect(parseRtmpDestination('rtmp://live.example.com/app/KEY1')).toEqual({
      server: 'rtmp://live.example.com/app',
      key: 'KEY1',
      host: 'live.example.com',
      port: 1935,
      secure: false,
      publishUrl: 'rtmp://live.example.com/app/KEY1'
    })
  })

  it('uses the given key and the default ports', () => {
    expect(parseRtmpDestination(' rtmps://ingest.example.com/live2 ', ' K2 ')).toMatchObject({
      server: 'rtmps://ingest.example.com/live2',
      key: 'K2',
      port: 443,
      secure: true
    })
    expect(parseRtmpDestination('rtmp://10.0.0.5:19350/a/b', 'k')).toMatchObject({
      server: 'rtmp://10.0.0.5:19350/a/b',
      port: 19350,
      publishUrl: 'rtmp://10.0.0.5:19350/a/b/k'
    })
  })

  it.each([
    ['http://example.com/app/key', undefined, /must start with rtmp:\/\/ or rtmps:\/\//, 'serverUrl'],
    ['example.com/app', 'k', /rtmp:\/\/host\[:port\]\/app/, 'serverUrl'],
    ['rtmp://host:70000/app', 'k', /port 70000 is out of range/, 'serverUrl'],
    ['rtmp://user:pw@host/app', 'k', /remove the user name and password/, 'serverUrl'],
    ['rtmp://host/app', undefined, /No stream key/, 'streamKey'],
    ['rtmp://host', 'k', /application path/, 'serverUrl'],
    ['rtmp://host/app', 'has space', /contains spaces/, 'streamKey']
  ])('refuses %s with a specific message', (url, key, message, field) => {
    const error = errorOf(() => parseRtmpDestination(url, key))
    expect(error.code).toBe('invalid_rtmp_url')
    expect(error.message).toMatch(message)
    expect(error.value.field).toBe(field)
  })

  it('never echoes the key in an error', () => {
    const error = errorOf(() => parseRtmpDestination('rtmp://host', 'SECRETKEY'))
    expect(error.message).not.toContain('SECRETKEY')
  })
})
