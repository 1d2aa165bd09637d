import { describe, expect, it } from 'vitest'
import type { ChannelOptionField } from '../../../../shared/channel-options'
import {
  channelCreateOptions,
  channelFormProblems,
  formFieldOfError,
  initialChannelForm,
  optionControl,
  splitOptions,
  type ChannelFormState
} from './channel-form-model'

const FIELDS: ChannelOptionField[] = [
  { name: 'qualitySetId', label: 'Quality set ID', type: 'number', min: 1, required: true },
  { name: 'mode', label: 'Latency mode', type: 'enum', values: ['normal', 'low-latency'], default: 'normal' },
  { name: 'recordFormat', label: 'Recording format', type: 'enum', values: ['MP4', 'HLS'] },
  { name: 'isStreamFailOver', label: 'Main + backup ingest', type: 'boolean', default: false },
  { name: 'is_shared', label: 'Public channel', type: 'boolean' },
  { name: 'thumbWidth', label: 'Thumbnail width', type: 'number', min: 50, max: 1920, default: 400 },
  { name: 'description', label: 'Description', type: 'string' }
]

const form = (name: string, values: ChannelFormState['values'] = {}): ChannelFormState => {
  const start = initialChannelForm(FIELDS)
  return { name, values: { ...start.values, ...values } }
}

describe('the create-channel form model', () => {
  it.each([
    ['qualitySetId', 'number'],
    ['mode', 'select'],
    ['recordFormat', 'select'],
    ['isStreamFailOver', 'switch'],
    // No documented default: "the service's default / on / off", so leaving it alone sends nothing.
    ['is_shared', 'tristate'],
    ['description', 'text']
  ])('draws %s as %s', (name, control) => {
    expect(optionControl(FIELDS.find((f) => f.name === name) as ChannelOptionField)).toBe(control)
  })

  it('starts from the documented defaults, and empty where there is none', () => {
    expect(initialChannelForm(FIELDS)).toEqual({
      name: '',
      values: { qualitySetId: '', mode: 'normal', recordFormat: '', isStreamFailOver: false, is_shared: '', thumbWidth: '400', description: '' }
    })
  })

  it.each<[string, ChannelFormState, Record<string, unknown>]>([
    ['nothing filled in', form(''), { name: { kind: 'required' }, qualitySetId: { kind: 'required' } }],
    ['a name of spaces', form('   ', { qualitySetId: '1' }), { name: { kind: 'required' } }],
    ['a name too long', form('x'.repeat(201), { qualitySetId: '1' }), { name: { kind: 'tooLong', max: 200 } }],
    ['a word for a number', form('Show', { qualitySetId: 'two' }), { qualitySetId: { kind: 'notNumber' } }],
    ['below the minimum', form('Show', { qualitySetId: '0' }), { qualitySetId: { kind: 'atLeast', min: 1 } }],
    ['above the maximum', form('Show', { qualitySetId: '1', thumbWidth: '4000' }), { thumbWidth: { kind: 'atMost', max: 1920 } }],
    ['an optional number left empty', form('Show', { qualitySetId: '1', thumbWidth: '' }), {}],
    ['all fine', form('방송 채널', { qualitySetId: '2' }), {}]
  ])('problems: %s', (_, state, problems) => {
    expect(channelFormProblems(FIELDS, state)).toEqual(problems)
  })

  it('sends what the form shows, typed: defaults included, empty fields and "service default" left out', () => {
    expect(channelCreateOptions(FIELDS, form('Show', { qualitySetId: ' 2 ' }))).toEqual({
      qualitySetId: 2,
      mode: 'normal',
      isStreamFailOver: false,
      thumbWidth: 400
    })
    expect(
      channelCreateOptions(
        FIELDS,
        form('Show', { qualitySetId: '2', isStreamFailOver: true, is_shared: 'false', recordFormat: 'HLS', description: ' Tối nay ' })
      )
    ).toEqual({ qualitySetId: 2, mode: 'normal', recordFormat: 'HLS', isStreamFailOver: true, is_shared: false, thumbWidth: 400, description: 'Tối nay' })
    expect(channelCreateOptions(FIELDS, form('Show', { is_shared: 'true' })).is_shared).toBe(true)
  })

  it.each<[string, string | undefined, string | undefined]>([
    ['naver', 'qualitySetId', 'qualitySetId'],
    ['naver', 'options.qualitySetId', 'qualitySetId'],
    // NAVER nests CDN and recording settings in its request; its errors name them so.
    ['naver', 'cdn.qualitySetId', 'qualitySetId'],
    ['naver', 'cdn.unknown', undefined],
    ['naver', 'record.type', 'recordType'],
    ['naver', 'channelName', 'name'],
    ['kollus', 'title', 'name'],
    ['kollus', 'IS_SHARED', 'is_shared'],
    ['sigma', 'name', 'name'],
    ['sigma', 'options', undefined],
    ['sigma', undefined, undefined]
  ])('an error from %s about %s is shown beside %s', (provider, field, expected) => {
    expect(formFieldOfError(provider as 'naver', field, FIELDS)).toBe(expected)
  })

  it('shows the required options and the ones a streamer sets most often first, the rest under More options', () => {
    const { first, more } = splitOptions('naver', FIELDS)
    expect(first.map((f) => f.name)).toEqual(['qualitySetId', 'isStreamFailOver'])
    expect(more.map((f) => f.name)).toEqual(['mode', 'recordFormat', 'is_shared', 'thumbWidth', 'description'])
  })
})
