import { describe, expect, it } from 'vitest'
import { scoreHealth } from '../../../src/shared/health'
import type { LiveStats } from '../../../src/shared/live'

const NOW = 1_000_000

/** Two samples 2 s apart, 30 fps, with the given speed, congestion and drop counts. */
function window(opts: { speed?: number; congestion?: number; encoderDrops?: number; pusherDrops?: number } = {}): LiveStats[] {
  const sample = (time: number, drops: number, pusherDrops: number): LiveStats => ({
    time,
    fps: 30,
    bitrateKbps: 2500,
    speed: opts.speed ?? 1,
    droppedFrames: drops,
    duplicatedFrames: 0,
    destinations: [{ id: 'd1', bytesSent: 1, kbps: 2500, congestion: opts.congestion ?? 0, droppedFrames: pusherDrops, reconnects: 0 }]
  })
  return [sample(NOW - 2000, 0, 0), sample(NOW, opts.encoderDrops ?? 0, opts.pusherDrops ?? 0)]
}

describe('scoreHealth', () => {
  it.each([
    ['a clean stream', { samples: window() }, 'excellent'],
    ['mild congestion', { samples: window({ congestion: 0.2 }) }, 'acceptable'],
    ['heavy congestion', { samples: window({ congestion: 0.8 }) }, 'unstable'],
    ['an encoder below real time for the whole window', { samples: window({ speed: 0.9 }) }, 'unstable'],
    ['1 of 60 frames dropped by the encoder', { samples: window({ encoderDrops: 1 }) }, 'acceptable'],
    ['6 of 60 frames dropped by a pusher', { samples: window({ pusherDrops: 6 }) }, 'unstable'],
    ['a reconnect 30 s ago', { samples: window(), reconnects: [NOW - 30_000] }, 'unstable'],
    ['a reconnect 3 min ago', { samples: window(), reconnects: [NOW - 180_000] }, 'acceptable'],
    ['a reconnect an hour ago', { samples: window(), reconnects: [NOW - 3_600_000] }, 'excellent'],
    ['the provider saying unstable', { samples: window(), providerHealth: 'unstable' as const }, 'unstable'],
    ['nothing reaching the ingest', { samples: window(), flowing: false }, 'offline'],
    ['no stats at all', { samples: [] }, 'offline']
  ])('%s → %s', (_name, inputs, level) => {
    const health = scoreHealth({ reconnects: [], flowing: true, now: NOW, ...inputs })
    expect(health.level).toBe(level)
    expect(health.reasons.length > 0).toBe(level !== 'excellent')
  })

  it('takes the worst input and lists every reason', () => {
    const health = scoreHealth({ samples: window({ congestion: 0.2, speed: 0.8 }), reconnects: [], flowing: true, now: NOW })
    expect(health.level).toBe('unstable')
    expect(health.reasons).toEqual(['network congestion 20 %', 'encoder overloaded (speed 0.80×)'])
    // The same, as codes and figures the app says in its own language.
    expect(health.causes).toEqual([
      { code: 'congestion', percent: 20 },
      { code: 'overloaded', speed: '0.80' }
    ])
  })

  it('ignores samples older than the window', () => {
    const old = window({ congestion: 0.9 }).map((s) => ({ ...s, time: s.time - 10_000 }))
    expect(scoreHealth({ samples: [...old, ...window()], reconnects: [], flowing: true, now: NOW }).level).toBe('excellent')
  })
})
