import { describe, expect, it } from 'vitest'
import { parseS3Url } from '../../../../src/main/core/recordings/upload/s3-url'

describe('s3:// targets', () => {
  it.each([
    ['s3://shows/2026/show.mkv', { bucket: 'shows', key: '2026/show.mkv' }],
    ['s3://shows/2026/', { bucket: 'shows', key: '2026/evening.mkv' }],
    ['s3://shows', { bucket: 'shows', key: 'evening.mkv' }],
    ['s3://my.shows-01/방송 1.mkv', { bucket: 'my.shows-01', key: '방송 1.mkv' }]
  ])('%s', (text, target) => {
    expect(parseS3Url(text, '/rec/evening.mkv')).toEqual(target)
  })

  it.each([
    ['https://shows/x', 'not an s3://'],
    ['s3://Shows/x', 'bucket name'],
    ['s3://ab/x', 'bucket name'],
    ['s3://192.168.1.1/x', 'bucket name'],
    ['s3://a..b/x', 'bucket name'],
    ['s3://shows/a\u0007b', 'control characters'],
    [`s3://shows/${'é'.repeat(513)}`, 'longer than S3 allows']
  ])('refuses %s', (text, why) => {
    expect(() => parseS3Url(text, 'x.mkv')).toThrow(why)
  })

  it('never echoes what was typed', () => {
    try {
      parseS3Url('s3://SECRET_IN_URL/x', 'x.mkv')
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('SECRET_IN_URL')
    }
  })
})
