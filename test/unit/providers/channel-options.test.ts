import { describe, expect, it } from 'vitest'
import { checkChannelOptions } from '../../../src/main/core/providers/channel-options'
import type { ChannelOptionField } from '../../../src/main/core/providers/provider'

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
    [{ qualitySetId: 1, colour: 'red' }, 'colour'],
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
