import { describe, expect, it } from 'vitest'
import {
  autoHandoffDestinations,
  decideAutoHandoff,
  probesDue,
  retryDelayMs,
  uploadTarget,
  type Reachability,
  type RuleInput,
  type RuleRecording
} from '../../../src/main/core/recordings/auto-handoff-rule'
import type { LiveDestination } from '../../../src/shared/live'

const custom: LiveDestination = { provider: 'custom', profile: 'default' }
const naver: LiveDestination = { provider: 'naver', profile: 'default', channelId: 'ch1' }
const rec = (id: string, over: Partial<RuleRecording> = {}): RuleRecording => ({
  id,
  state: 'pending_handoff',
  inUse: false,
  missing: false,
  ended: true,
  destinations: [custom],
  ...over
})
const on = { auto: true, action: 'stream' as const, storageProfile: 'default', uploadTo: '' }
const reach =
  (map: Record<string, Reachability>) =>
  (d: LiveDestination): Reachability | undefined =>
    map[d.provider]
const input = (over: Partial<RuleInput>): RuleInput => ({
  settings: on,
  showRunning: false,
  busy: false,
  recordings: [rec('a')],
  reachability: reach({ custom: 'up', naver: 'up' }),
  now: 1000,
  ...over
})

describe('decideAutoHandoff', () => {
  it.each([
    ['the rule off', { settings: { ...on, auto: false } }, { kind: 'wait', reason: 'off' }],
    ['a show on air', { showRunning: true }, { kind: 'wait', reason: 'show_running' }],
    ['one handoff under way', { busy: true }, { kind: 'wait', reason: 'busy' }],
    ['the destination back', {}, { kind: 'stream', recordingId: 'a', destinations: [custom] }],
    ['the destination still down', { reachability: reach({ custom: 'down' }) }, { kind: 'wait', reason: 'nothing_due' }],
    ['not checked yet', { reachability: reach({}) }, { kind: 'wait', reason: 'nothing_due' }],
    ['still recording', { recordings: [rec('a', { ended: false, inUse: true })] }, { kind: 'wait', reason: 'nothing_due' }],
    ['held by a manual handoff', { recordings: [rec('a', { inUse: true })] }, { kind: 'wait', reason: 'nothing_due' }],
    ['its file gone', { recordings: [rec('a', { missing: true })] }, { kind: 'wait', reason: 'nothing_due' }],
    ['already handed off', { recordings: [rec('a', { state: 'handed_off' })] }, { kind: 'wait', reason: 'nothing_due' }],
    ['a complete recording', { recordings: [rec('a', { state: 'complete' })] }, { kind: 'wait', reason: 'nothing_due' }],
    ['waiting out a failure', { recordings: [rec('a', { retryAt: 5000 })] }, { kind: 'wait', reason: 'nothing_due' }],
    ['its retry time come', { recordings: [rec('a', { retryAt: 1000 })] }, { kind: 'stream', recordingId: 'a', destinations: [custom] }],
    [
      'two missed, one still down: waits for both',
      { recordings: [rec('a', { destinations: [custom, naver] })], reachability: reach({ custom: 'up', naver: 'down' }) },
      { kind: 'wait', reason: 'nothing_due' }
    ],
    [
      'two missed, one account deleted: the other gets it',
      { recordings: [rec('a', { destinations: [custom, naver] })], reachability: reach({ custom: 'up', naver: 'gone' }) },
      { kind: 'stream', recordingId: 'a', destinations: [custom] }
    ],
    ['every destination deleted', { reachability: reach({ custom: 'gone' }) }, { kind: 'wait', reason: 'nothing_due' }],
    ['no session known', { recordings: [rec('a', { destinations: [] })] }, { kind: 'wait', reason: 'nothing_due' }],
    [
      'the oldest whose destination is back first',
      { recordings: [rec('a', { destinations: [naver] }), rec('b'), rec('c')], reachability: reach({ custom: 'up', naver: 'down' }) },
      { kind: 'stream', recordingId: 'b', destinations: [custom] }
    ],
    ['upload without a storage chosen', { settings: { ...on, action: 'upload' as const } }, { kind: 'wait', reason: 'no_storage' }],
    [
      'upload: the first due, whatever the channel says',
      {
        settings: { ...on, action: 'upload' as const, storageProfile: 'work', uploadTo: 's3://shows/offline' },
        recordings: [rec('a', { inUse: true }), rec('b')],
        reachability: reach({ custom: 'down' })
      },
      { kind: 'upload', recordingId: 'b', profile: 'work', upload: 's3://shows/offline/' }
    ],
    [
      'upload: a show on air still comes first',
      { settings: { ...on, action: 'upload' as const, uploadTo: 's3://shows' }, showRunning: true },
      { kind: 'wait', reason: 'show_running' }
    ]
  ])('%s', (_name, over, expected) => {
    expect(decideAutoHandoff(input(over as Partial<RuleInput>))).toEqual(expected)
  })
})

describe('probesDue', () => {
  const base = { settings: on, showRunning: false, busy: false, recordings: [rec('a', { destinations: [custom, naver] }), rec('b')], now: 100_000 }
  it.each([
    ['never checked: each destination once', new Map<string, number>(), base, [custom, naver]],
    ['checked 10 s ago: not yet', new Map([['custom/default/', 90_000]]), base, [naver]],
    ['checked 30 s ago: again', new Map([['custom/default/', 70_000]]), base, [custom, naver]],
    ['rule off: none', new Map<string, number>(), { ...base, settings: { ...on, auto: false } }, []],
    ['a show on air: none', new Map<string, number>(), { ...base, showRunning: true }, []],
    ['upload rule: none', new Map<string, number>(), { ...base, settings: { ...on, action: 'upload' as const } }, []],
    ['no recording due: none', new Map<string, number>(), { ...base, recordings: [rec('a', { ended: false })] }, []]
  ])('%s', (_name, last, over, expected) => {
    expect(probesDue(over, last, 30_000)).toEqual(expected)
  })
})

describe('retryDelayMs, uploadTarget, autoHandoffDestinations', () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [10, 1_800_000]
  ])('failure %i waits %i ms', (n, ms) => expect(retryDelayMs(n)).toBe(ms))
  it.each([
    ['s3://b', 's3://b'],
    ['s3://b/', 's3://b/'],
    ['s3://b/shows', 's3://b/shows/'],
    ['s3://b/shows/', 's3://b/shows/']
  ])('%s → %s', (to, target) => expect(uploadTarget(to)).toBe(target))
  it('keeps main ingests once, a NAVER backup as backup: true', () => {
    expect(
      autoHandoffDestinations([
        { provider: 'naver', profile: 'default', channelId: 'ch1' },
        { provider: 'naver', profile: 'default', channelId: 'ch1', backup: true },
        { provider: 'custom', profile: 'default' }
      ])
    ).toEqual([{ ...naver, backup: true }, custom])
  })
})
