import { describe, expect, it } from 'vitest'
import { checkChannelOptions } from '../../../src/main/core/providers/channel-options'
import type { ChannelOptionField } from '../../../src/shared/channel-options'

const SCHEMA: ChannelOptionField[] = [
  { name: 'thumbWidth', label: 'w', type: 'number', min: 50, max: 1920 },
  { name: 'dvr', label: 'd', type: 'boolean' },
  { name: 'mode', label: 'm', type: 'enum', values: ['normal', 'low-latency'] },
  { name: 'qualitySetId', label: 'q', type: 'number', required: true }
]

describe('checkChannelOptions', () => {
  it('coerces CLI strings to typed values, case-insensitively by name', () => {
    expect(checkChannelOptions('P', SCHEMA, { thumbwidth: '400', dvr: 'yes', mode: 'NORMAL', qualitySetId: 3 })).toEqual({
      thumbWidth: 400,
      dvr: true,
      mode: 'normal',
      qualitySetId: 3
    })
  })
  it.each([
    [{ qualitySetId: 1, thumbWidth: '49' }, 'thumbWidth'],
    [{ qualitySetId: 1, thumbWidth: '1921' }, 'thumbWidth'],
    [{ qualitySetId: 1, thumbWidth: 'wide' }, 'thumbWidth'],
    [{ qualitySetId: 1, dvr: 'maybe' }, 'dvr'],
    [{ qualitySetId: 1, mode: 'fast' }, 'mode'],
    [{ qualitySetId: 1, colour: 'red' }, 'options'],
    [{}, 'qualitySetId']
  ])('%j → validation on %s', (options, field) => {
    try {
      checkChannelOptions('P', SCHEMA, options)
      throw new Error('expected failure')
    } catch (e) {
      expect((e as { value: { code: string; field: string } }).value).toMatchObject({ code: 'validation', field })
    }
  })
})

describe('checkChannelOptions never repeats what was sent', () => {
  const SENT = 'pasted-secret-9f8e7d'
  it.each([
    [
      'an unknown option name',
      { qualitySetId: 1, [SENT]: 'x' },
      'options',
      /^There is an unknown option among the P channel options\. Known options: thumbWidth, dvr, mode, qualitySetId\.$/
    ],
    ['an enum value', { qualitySetId: 1, mode: SENT }, 'mode', /^P option "mode" must be one of normal, low-latency\.$/]
  ])('%s: names our field and lists our values', (_what, options, field, message) => {
    let value: { code: string; field: string; message: string } | undefined
    try {
      checkChannelOptions('P', SCHEMA, options)
    } catch (e) {
      value = (e as { value: typeof value }).value
    }
    expect(value).toMatchObject({ code: 'validation', field })
    expect(value?.message).toMatch(message)
    expect(JSON.stringify(value)).not.toContain(SENT)
  })
})
