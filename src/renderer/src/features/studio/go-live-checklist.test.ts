import { describe, expect, it } from 'vitest'
import type { DestinationStatus, LiveSnapshot, LogEvent } from '../../../../shared/live'
import { goLiveChecklist, summarise, type Checklist } from './go-live-checklist'

const NAVER: DestinationStatus = {
  id: 'd1',
  provider: 'naver',
  profile: 'default',
  channelId: 'ls-1',
  label: 'NAVER Cloud Live Station · 방송',
  state: 'connecting'
}
const CUSTOM: DestinationStatus = { id: 'd2', provider: 'custom', profile: 'default', label: 'rtmp://127.0.0.1/live', state: 'connecting' }

const snap = (over: Partial<LiveSnapshot>): LiveSnapshot => ({ sessionId: 's1', state: 'preparing', sources: null, destinations: [], log: [], ...over })
const event = (code: string, data?: Record<string, string>): LogEvent => ({ time: 1, level: 'info', code, message: code, ...(data ? { data } : {}) })
/** step → status, and per destination where there are several. */
const statuses = (c: Checklist) => Object.fromEntries(c.steps.map((s) => [s.step, s.status]))
const perDestination = (c: Checklist) =>
  Object.fromEntries(c.steps.filter((s) => s.destinations.length).map((s) => [s.step, s.destinations.map((d) => d.status)]))

describe('the Go Live checklist, read from what main reported', () => {
  it('before Go Live every step waits; once pressed, the account step is under way', () => {
    expect(Object.values(statuses(goLiveChecklist(null, [])))).toEqual(Array(6).fill('pending'))
    expect(statuses(goLiveChecklist(null, [], true))).toMatchObject({ account: 'running', channel: 'pending', confirm: 'pending' })
  })

  it('follows a two-destination show step by step, to the provider confirming', () => {
    const preparing = goLiveChecklist(snap({ state: 'preparing' }), [event('live.preparing')])
    expect(statuses(preparing)).toEqual({ account: 'running', channel: 'pending', ingest: 'pending', encoder: 'pending', push: 'pending', confirm: 'pending' })

    const ready = [event('live.preparing'), event('destination.ready', { id: 'd1' }), event('destination.ready', { id: 'd2' }), event('live.connecting')]
    const connecting = goLiveChecklist(snap({ state: 'connecting', destinations: [NAVER, CUSTOM] }), ready)
    expect(statuses(connecting)).toEqual({ account: 'done', channel: 'done', ingest: 'done', encoder: 'running', push: 'running', confirm: 'pending' })

    const encoding = [...ready, event('encoder.started'), event('destination.live', { id: 'd1' })]
    const oneLive = goLiveChecklist(snap({ state: 'connecting', destinations: [{ ...NAVER, state: 'live' }, CUSTOM] }), encoding)
    expect(perDestination(oneLive)).toMatchObject({ push: ['done', 'running'], confirm: ['running', 'skipped'] })
    expect(statuses(oneLive)).toMatchObject({ encoder: 'done', push: 'running' })

    const live = snap({
      state: 'live',
      liveSince: 5,
      destinations: [
        { ...NAVER, state: 'live' },
        { ...CUSTOM, state: 'live' }
      ]
    })
    const allLive = [...encoding, event('destination.live', { id: 'd2' }), event('live.started')]
    expect(statuses(goLiveChecklist(live, allLive))).toMatchObject({ push: 'done', confirm: 'running' })
    // Custom RTMP has no API that could confirm: NAVER's word completes the step.
    const confirmedList = goLiveChecklist(live, [...allLive, event('provider.live', { id: 'd1' })])
    expect(Object.values(statuses(confirmedList))).toEqual(Array(6).fill('done'))
    expect(perDestination(confirmedList).confirm).toEqual(['done', 'skipped'])
    expect(confirmedList.failures).toEqual([])
  })

  it('a destination refused at its account: that step fails, naming it, while the other goes live', () => {
    const auth = { code: 'auth' as const, message: 'Sigma refused', retryable: false, provider: 'sigma', step: 'account' as const }
    const sigma: DestinationStatus = {
      id: 'd2',
      provider: 'sigma',
      profile: 'default',
      channelId: 'c1',
      label: 'Sigma Livestream · c1',
      state: 'failed',
      error: auth
    }
    const c = goLiveChecklist(snap({ state: 'live', liveSince: 1, destinations: [{ ...CUSTOM, id: 'd1', state: 'live' }, sigma] }), [
      event('encoder.started'),
      event('destination.live', { id: 'd1' })
    ])
    expect(statuses(c)).toMatchObject({ account: 'failed', channel: 'done', ingest: 'done', encoder: 'done', push: 'done', confirm: 'skipped' })
    expect(perDestination(c).channel).toEqual(['done', 'skipped'])
    expect(perDestination(c).account).toEqual(['done', 'failed'])
    expect(perDestination(c).push).toEqual(['done', 'skipped'])
    expect(c.failures).toEqual([{ step: 'account', destination: 'Sigma Livestream · c1', error: auth, session: false }])
  })

  it('a channel the provider refuses fails the channel step; a key the ingest refuses fails the push step', () => {
    const notFound = { code: 'not_found' as const, message: 'gone', retryable: false, step: 'channel' as const }
    const refused = { code: 'ingest_rejected_key' as const, message: 'refused', retryable: false, step: 'push' as const }
    const c = goLiveChecklist(
      snap({
        state: 'failed',
        error: notFound,
        destinations: [
          { ...NAVER, state: 'failed', error: notFound },
          { ...CUSTOM, state: 'failed', error: refused }
        ]
      }),
      [event('encoder.started')]
    )
    expect(perDestination(c)).toMatchObject({
      account: ['done', 'done'],
      channel: ['failed', 'done'],
      ingest: ['skipped', 'done'],
      push: ['skipped', 'failed']
    })
    expect(statuses(c)).toMatchObject({ channel: 'failed', push: 'failed', confirm: 'skipped' })
    // The session failed with the first destination's reason: said once, at the destination.
    expect(c.failures.map((f) => [f.step, f.destination, f.error.code, f.session])).toEqual([
      ['channel', NAVER.label, 'not_found', true],
      ['push', CUSTOM.label, 'ingest_rejected_key', false]
    ])
  })

  it('the whole show failing at the encoder marks the encoder step and says why once', () => {
    const missing = { code: 'ffmpeg_missing' as const, message: 'no ffmpeg', retryable: false, step: 'encoder' as const }
    const c = goLiveChecklist(snap({ state: 'failed', error: missing, destinations: [{ ...CUSTOM, state: 'failed' }] }), [
      event('destination.ready', { id: 'd2' })
    ])
    expect(statuses(c)).toEqual({ account: 'done', channel: 'done', ingest: 'done', encoder: 'failed', push: 'skipped', confirm: 'skipped' })
    expect(c.failures).toEqual([{ step: 'encoder', error: missing, session: true }])
  })

  it('a full disk refuses the show before any destination: the encoder step fails, the others were not reached', () => {
    const full = { code: 'disk_full' as const, message: 'full', retryable: false, step: 'encoder' as const }
    expect(statuses(goLiveChecklist(snap({ state: 'failed', error: full }), []))).toEqual({
      account: 'skipped',
      channel: 'skipped',
      ingest: 'skipped',
      encoder: 'failed',
      push: 'skipped',
      confirm: 'skipped'
    })
  })

  it('an ingest that never answers fails the push step with the session’s reason', () => {
    const unreachable = { code: 'ingest_unreachable' as const, message: 'no answer', retryable: true, step: 'push' as const }
    const c = goLiveChecklist(snap({ state: 'failed', error: unreachable, destinations: [{ ...CUSTOM, state: 'failed' }] }), [event('encoder.started')])
    expect(statuses(c)).toMatchObject({ encoder: 'done', push: 'failed' })
    expect(c.failures).toEqual([{ step: 'push', error: unreachable, session: true }])
  })

  it.each([
    [[], 'pending'],
    [['done', 'skipped'], 'done'],
    [['skipped', 'skipped'], 'skipped'],
    [['done', 'running'], 'running'],
    [['running', 'failed'], 'failed'],
    [['done', 'pending'], 'pending']
  ] as const)('%j sums up as %s', (list, expected) => {
    expect(summarise([...list])).toBe(expected)
  })
})
