import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AudioLevel } from '../../../../shared/preview'
import { monitorFeed } from './monitor-feed'
import { RIDE_MS, type PainterMessage } from './monitor-painter'

const level = (peakDb: number): AudioLevel => ({ source: 'mic', peakDb, rmsDb: peakDb - 3, clipped: false, noSignal: false, muted: false })
const frame = (picture: string) => ({ time: 0, mime: 'image/jpeg' as const, data: btoa(picture) })
/** What went to the painter, readable: each frame's picture (its bytes moved, not copied) and whether it repeats. */
const seen = (messages: PainterMessage[]) =>
  messages.map((m) =>
    m.type === 'frame' ? { frame: new TextDecoder().decode(m.frame.bytes), same: m.frame.same, ...(m.levels ? { levels: m.levels } : {}) } : m
  )

describe('what the page sends the monitor’s painter', () => {
  let clock = 0
  let sent: PainterMessage[] = []
  let moved: Transferable[][] = []
  let shown = true
  const feed = () =>
    monitorFeed(
      (m, transfer = []) => {
        sent.push(m)
        moved.push(transfer)
      },
      () => clock,
      () => shown
    )
  const advance = (ms: number) => {
    clock += ms
    vi.advanceTimersByTime(ms)
  }
  beforeEach(() => {
    vi.useFakeTimers()
    clock = 1000
    sent = []
    moved = []
    shown = true
  })
  afterEach(() => vi.useRealTimers())

  it('sends levels at once while no picture plays', () => {
    const f = feed()
    f.levels([level(-12)])
    expect(sent).toEqual([{ type: 'levels', levels: [level(-12)] }])
  })

  it('sends the levels with the next frame while the picture plays: one message for both, every level kept in order', () => {
    const f = feed()
    f.frame(frame('a'))
    advance(40)
    f.levels([level(-12)])
    advance(20)
    f.levels([level(-3)])
    expect(sent).toHaveLength(1)
    advance(23)
    f.frame(frame('b'))
    expect(seen(sent)).toEqual([
      { frame: 'a', same: false },
      { frame: 'b', same: false, levels: [level(-12), level(-3)] }
    ])
    expect(moved.map((m) => m.length)).toEqual([1, 1])
    // Nothing is sent twice when the ride's time runs out after the frame took them.
    advance(RIDE_MS * 2)
    expect(sent).toHaveLength(2)
  })

  it('does not let a stalled picture hold the meters: the levels go on their own after RIDE_MS', () => {
    const f = feed()
    f.frame(frame('a'))
    advance(10)
    f.levels([level(-20)])
    advance(RIDE_MS - 1)
    expect(sent).toHaveLength(1)
    advance(1)
    expect(sent.at(-1)).toEqual({ type: 'levels', levels: [level(-20)] })
    // Long after the last frame, levels go at once again.
    advance(RIDE_MS)
    f.levels([level(-9)])
    expect(sent.at(-1)).toEqual({ type: 'levels', levels: [level(-9)] })
  })

  it('sends nothing while the window is hidden, and the next frame once it shows again', () => {
    const f = feed()
    f.frame(frame('a'))
    shown = false
    advance(83)
    f.frame(frame('b'))
    f.levels([level(-12)])
    advance(RIDE_MS * 2)
    expect(seen(sent)).toEqual([{ frame: 'a', same: false }])
    shown = true
    f.frame(frame('c'))
    expect(seen(sent).at(-1)).toEqual({ frame: 'c', same: false })
  })

  it('marks a frame the same picture as the one before it (a still screen), so the painter need not decode it', () => {
    const f = feed()
    for (const picture of ['a', 'a', 'b', 'a', 'a']) f.frame(frame(picture))
    expect(seen(sent).map((m) => ('same' in m ? m.same : null))).toEqual([false, true, false, false, true])
  })
})
