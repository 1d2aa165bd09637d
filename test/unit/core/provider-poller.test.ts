import { describe, expect, it } from 'vitest'
import type { ProviderReportedStatus } from '../../../src/main/core/live/ingest-resolver'
import { ProviderPoller, type PolledDestination } from '../../../src/main/core/live/provider-poller'
import type { ProviderEvent } from '../../../src/main/core/providers/provider'
import type { OnairErrorValue } from '../../../src/shared/errors'

const SHOW_START = 1_800_000_000_000

function record() {
  const told = {
    statuses: [] as Array<[string, ProviderReportedStatus]>,
    events: [] as Array<[string, ProviderEvent]>,
    failures: [] as Array<[string, string, OnairErrorValue]>
  }
  return {
    told,
    listener: {
      onStatus: (id: string, s: ProviderReportedStatus) => void told.statuses.push([id, s]),
      onEvent: (id: string, e: ProviderEvent) => void told.events.push([id, e]),
      onFailure: (id: string, kind: string, e: OnairErrorValue) => void told.failures.push([id, kind, e])
    }
  }
}

function started(destinations: PolledDestination[], listener: ReturnType<typeof record>['listener']) {
  const poller = new ProviderPoller(destinations, listener, { intervalMs: 60_000, since: SHOW_START })
  poller.start()
  return poller
}

const event = (time: number, code: string, message: string, level?: ProviderEvent['level']): ProviderEvent => ({
  time,
  code,
  message,
  ...(level ? { level } : {})
})

describe('the provider poller', () => {
  it('tells each provider event once, oldest first, in the provider’s own words, and asks again from the newest', async () => {
    const asked: number[] = []
    const answers = [
      [event(SHOW_START + 2000, 'unstable', 'Luồng không ổn định', 'warn'), event(SHOW_START + 1000, 'stable', 'Luồng ổn định')],
      // The provider's `since` is inclusive: the newest comes back, with one new event.
      [event(SHOW_START + 2000, 'unstable', 'Luồng không ổn định', 'warn'), event(SHOW_START + 3000, 'PUBLISH_START', '방송이 시작되었습니다')]
    ]
    const r = record()
    const poller = started([{ id: 'd1', events: async (since) => (asked.push(since), answers.shift() ?? []) }], r.listener)
    await poller.pollOnce() // the round start() began
    await poller.pollOnce()
    poller.stop()
    expect(r.told.events.map(([, e]) => e.message)).toEqual(['Luồng ổn định', 'Luồng không ổn định', '방송이 시작되었습니다'])
    expect(asked).toEqual([SHOW_START, SHOW_START + 2000])
  })

  it('leaves out an earlier show’s events (NAVER keeps a channel’s events across broadcasts)', async () => {
    const r = record()
    const poller = started([{ id: 'd1', events: async () => [event(SHOW_START - 3_600_000, 'PUBLISH_END', 'old show ended')] }], r.listener)
    await poller.pollOnce()
    poller.stop()
    expect(r.told.events).toEqual([])
  })

  it('a failing events call is told once per destination, the status still polled, and polling goes on', async () => {
    let eventCalls = 0
    const r = record()
    const poller = started(
      [
        {
          id: 'd1',
          status: async () => ({ raw: 'PUBLISHING', state: 'live' }),
          events: async () => {
            eventCalls++
            throw Object.assign(new Error('HTTP 503'), {})
          }
        },
        { id: 'd2', events: async () => [event(SHOW_START + 10, 'stable', 'ok')] }
      ],
      r.listener
    )
    for (let i = 0; i < 3; i++) await poller.pollOnce()
    poller.stop()
    expect(eventCalls).toBe(3) // the first round is start()'s
    expect(r.told.failures.map(([id, kind]) => `${id}:${kind}`)).toEqual(['d1:events'])
    expect(r.told.statuses.length).toBeGreaterThanOrEqual(3)
    expect(r.told.events.map(([id]) => id)).toEqual(['d2'])
  })

  it('asks nothing more once stopped, and says nothing of a call that answers after the stop', async () => {
    let release: (events: ProviderEvent[]) => void = () => {}
    let calls = 0
    const r = record()
    const poller = started([{ id: 'd1', events: () => (calls++, new Promise((resolve) => (release = resolve))) }], r.listener)
    poller.stop()
    release([event(SHOW_START + 5, 'late', 'late')])
    await new Promise((resolve) => setTimeout(resolve, 10))
    await poller.pollOnce()
    expect(calls).toBe(1)
    expect(r.told.events).toEqual([])
  })
})
