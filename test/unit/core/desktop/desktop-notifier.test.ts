import { describe, expect, it } from 'vitest'
import { INITIAL_NOTIFIER_STATE, notifierStep, type NotifierInput, type NotifierState } from '../../../../src/main/core/desktop/desktop-notifier'
import type { DestinationStatus, LiveSnapshot, LiveState } from '../../../../src/shared/live'

const dest = (id: string, state: LiveState): DestinationStatus => ({ id, provider: 'custom', profile: 'default', label: `Custom RTMP ${id}`, state })
const snap = (state: LiveState, destinations: DestinationStatus[] = [], sessionId = 's1'): NotifierInput => ({
  event: 'live:state',
  snapshot: { sessionId, state, sources: null, destinations, log: [] } satisfies LiveSnapshot
})
const health = (level: 'excellent' | 'acceptable' | 'unstable' | 'offline'): NotifierInput => ({ event: 'live:health', level })
const tick: NotifierInput = { event: 'tick' }

/** Plays `steps` (each [seconds since start, input]) and lists what was shown and held back, as `kind key` strings. */
function play(steps: Array<[number, NotifierInput]>, options = { maxPerMinute: 3, dedupeMs: 60_000 }) {
  let state: NotifierState = INITIAL_NOTIFIER_STATE
  const shown: string[] = []
  const dropped: string[] = []
  let wakeAt: number | null = null
  for (const [s, input] of steps) {
    const step = notifierStep(state, input, 1_000_000 + s * 1000, options)
    state = step.state
    wakeAt = step.wakeAt === null ? null : (step.wakeAt - 1_000_000) / 1000
    shown.push(...step.notices.map((n) => `${s}s ${n.kind} ${n.destination ?? n.key}`))
    dropped.push(...step.dropped.map((n) => `${s}s ${n.kind} ${n.why}`))
  }
  return { shown, dropped, state, wakeAt }
}

describe('the desktop notifier: which show changes become OS notifications', () => {
  it.each([
    {
      name: 'a destination lost and back, then the show ends',
      steps: [
        [0, snap('connecting', [dest('a', 'connecting')])],
        [1, snap('live', [dest('a', 'live')])],
        [5, snap('reconnecting', [dest('a', 'reconnecting')])],
        [6, snap('reconnecting', [dest('a', 'reconnecting')])], // the next attempt's snapshot: nothing new
        [8, snap('live', [dest('a', 'live')])],
        [20, snap('ending', [dest('a', 'ending')])],
        [21, snap('ended', [dest('a', 'ended')])]
      ],
      shown: ['5s reconnecting Custom RTMP a', '8s backLive Custom RTMP a', '21s ended session:s1'],
      dropped: []
    },
    {
      name: 'offline mode: an ingest down at Go Live that answers at last is told as back live',
      steps: [
        [0, snap('connecting', [dest('a', 'connecting')])],
        [1, snap('offline', [dest('a', 'offline')])],
        [15, snap('live', [dest('a', 'live')])],
        [20, snap('ended', [dest('a', 'ended')])]
      ],
      shown: ['15s backLive Custom RTMP a', '20s ended session:s1'],
      dropped: []
    },
    {
      name: 'a failed show says so even over the minute budget; going live says nothing',
      steps: [
        [0, snap('live', [dest('a', 'live')])],
        [1, snap('reconnecting', [dest('a', 'reconnecting')])],
        [2, snap('live', [dest('a', 'live')])],
        [3, snap('reconnecting', [dest('a', 'reconnecting')])],
        [4, snap('failed', [dest('a', 'failed')])]
      ],
      shown: ['1s reconnecting Custom RTMP a', '2s backLive Custom RTMP a', '3s reconnecting Custom RTMP a', '4s failed session:s1'],
      dropped: []
    },
    {
      name: 'a flapping link: three a minute, then quiet until the minute has passed',
      steps: [
        [0, snap('live', [dest('a', 'live')])],
        [1, snap('reconnecting', [dest('a', 'reconnecting')])],
        [2, snap('live', [dest('a', 'live')])],
        [3, snap('reconnecting', [dest('a', 'reconnecting')])],
        [4, snap('live', [dest('a', 'live')])],
        [5, snap('reconnecting', [dest('a', 'reconnecting')])],
        [62, snap('live', [dest('a', 'live')])]
      ],
      shown: ['1s reconnecting Custom RTMP a', '2s backLive Custom RTMP a', '3s reconnecting Custom RTMP a', '62s backLive Custom RTMP a'],
      // 5 s: the last notice the streamer saw for this destination already said "reconnecting".
      dropped: ['4s backLive rate', '5s reconnecting duplicate']
    },
    {
      name: 'held back by the budget, the latest news is said once the minute has room (at the wake-up the step asked for)',
      steps: [
        [0, snap('live', [dest('a', 'live'), dest('b', 'live')])],
        [1, snap('reconnecting', [dest('a', 'reconnecting'), dest('b', 'live')])],
        [2, snap('live', [dest('a', 'live'), dest('b', 'live')])],
        [3, snap('reconnecting', [dest('a', 'live'), dest('b', 'reconnecting')])],
        [4, snap('live', [dest('a', 'live'), dest('b', 'live')])],
        [30, tick],
        [61, tick]
      ],
      shown: ['1s reconnecting Custom RTMP a', '2s backLive Custom RTMP a', '3s reconnecting Custom RTMP b', '61s backLive Custom RTMP b'],
      dropped: ['4s backLive rate']
    },
    {
      name: 'held back news that stopped being true is not said late: unstable that recovered, anything once the show ended',
      steps: [
        [0, snap('live', [dest('a', 'live'), dest('b', 'live')])],
        [1, snap('reconnecting', [dest('a', 'reconnecting'), dest('b', 'live')])],
        [2, snap('live', [dest('a', 'live'), dest('b', 'live')])],
        [3, snap('reconnecting', [dest('a', 'live'), dest('b', 'reconnecting')])],
        [4, health('unstable')],
        [5, health('acceptable')],
        [6, snap('live', [dest('a', 'live'), dest('b', 'live')])],
        [7, snap('ended', [dest('a', 'ended'), dest('b', 'ended')])],
        [70, tick]
      ],
      shown: ['1s reconnecting Custom RTMP a', '2s backLive Custom RTMP a', '3s reconnecting Custom RTMP b', '7s ended session:s1'],
      dropped: ['4s unstable rate', '6s backLive rate']
    },
    {
      name: 'health: unstable once while it stays unstable, again only after a minute',
      steps: [
        [0, snap('live', [dest('a', 'live')])],
        [1, health('acceptable')],
        [2, health('unstable')],
        [3, health('unstable')],
        [4, health('acceptable')],
        [5, health('unstable')],
        [70, health('excellent')],
        [71, health('unstable')]
      ],
      shown: ['2s unstable health', '71s unstable health'],
      dropped: ['5s unstable duplicate']
    },
    {
      name: 'unstable health before going live (the first seconds) is not news',
      steps: [
        [0, snap('connecting', [dest('a', 'connecting')])],
        [1, health('unstable')]
      ],
      shown: [],
      dropped: []
    },
    {
      name: 'two destinations: each is named; a new show starts afresh',
      steps: [
        [0, snap('live', [dest('a', 'live'), dest('b', 'live')])],
        [1, snap('reconnecting', [dest('a', 'live'), dest('b', 'reconnecting')])],
        [2, snap('ended', [dest('a', 'ended'), dest('b', 'ended')])],
        [3, snap('live', [dest('a', 'live')], 's2')],
        [4, snap('reconnecting', [dest('a', 'reconnecting')], 's2')]
      ],
      shown: ['1s reconnecting Custom RTMP b', '2s ended session:s1', '4s reconnecting Custom RTMP a'],
      dropped: []
    },
    {
      name: 'a window opening on an ended show (first snapshot ended) raises nothing',
      steps: [[0, snap('ended', [dest('a', 'ended')])]],
      shown: [],
      dropped: []
    }
  ] as Array<{ name: string; steps: Array<[number, NotifierInput]>; shown: string[]; dropped: string[] }>)('$name', ({ steps, shown, dropped }) => {
    const result = play(steps)
    expect(result.shown).toEqual(shown)
    expect(result.dropped).toEqual(dropped)
    expect(result.state.pending).toEqual({})
  })

  it('asks to be woken when the oldest notice of the minute leaves it, while something is held back', () => {
    const steps: Array<[number, NotifierInput]> = [
      [0, snap('live', [dest('a', 'live'), dest('b', 'live')])],
      [1, snap('reconnecting', [dest('a', 'reconnecting'), dest('b', 'live')])],
      [2, snap('live', [dest('a', 'live'), dest('b', 'live')])],
      [3, snap('reconnecting', [dest('a', 'live'), dest('b', 'reconnecting')])]
    ]
    expect(play(steps).wakeAt).toBeNull()
    expect(play([...steps, [4, snap('live', [dest('a', 'live'), dest('b', 'live')])]]).wakeAt).toBe(61)
  })

  it('forgets old keys: a day of shows leaves a bounded state', () => {
    const steps: Array<[number, NotifierInput]> = []
    for (let i = 0; i < 500; i++) {
      steps.push([i * 120, snap('live', [dest('a', 'live')], `s${i}`)], [i * 120 + 1, snap('ended', [dest('a', 'ended')], `s${i}`)])
    }
    const { state, shown } = play(steps)
    expect(shown).toHaveLength(500)
    expect(Object.keys(state.lastByKey).length).toBeLessThanOrEqual(1)
    expect(state.shownAt.length).toBeLessThanOrEqual(3)
  })
})
