import { describe, expect, it } from 'vitest'
import type { AudioLevel } from '../../../../shared/preview'
import i18next from 'i18next'
import { scriptedApi } from '../../testing/scripted-api'
import { followLevels } from './audio-meter'
import { createPreviewStore } from './preview-store'

const level = (peakDb: number): AudioLevel => ({ source: 'mic', peakDb, rmsDb: peakDb - 3, clipped: false, noSignal: false, muted: false })
const frame = (n: number) => ({ time: n, mime: 'image/jpeg' as const, data: `frame-${n}` })

/** A meter's elements as AudioMeter renders them (the levels are written into them outside React). */
function meterElement(): HTMLElement {
  const meter = document.createElement('div')
  meter.innerHTML =
    '<div class="meter-track"><div class="meter-scale"><div class="meter-cover"></div><div class="meter-peak"></div></div><span class="meter-clip"></span></div><span class="meter-db"></span>'
  return meter
}

describe('the audio meter outside React', () => {
  it('follows the levels at once when no picture plays, and writes the peak, the bar and the number', () => {
    const store = createPreviewStore(scriptedApi())
    const meter = meterElement()
    const off = followLevels(store, 'mic', meter, i18next.t, false)
    expect(meter.dataset.peak).toBe('')
    store.setState({ levels: { mic: level(-12) } })
    expect(meter.dataset.peak).toBe('-12.0')
    expect(meter.querySelector('.meter-db')?.textContent).toBe('-12 dB')
    expect(meter.querySelector<HTMLElement>('.meter-peak')?.style.transform).toBe('translateX(80%)')
    // Another source's level does not move it.
    store.setState((s) => ({ levels: { ...s.levels, other: level(-3) } }))
    expect(meter.dataset.peak).toBe('-12.0')
    off()
    store.setState({ levels: { mic: level(-30) } })
    expect(meter.dataset.peak).toBe('-12.0')
  })

  it('while the picture plays, a level is drawn with the next frame, or on its own if no frame comes within 150 ms', async () => {
    const store = createPreviewStore(scriptedApi())
    const meter = meterElement()
    const off = followLevels(store, 'mic', meter, i18next.t, false)
    store.setState({ frame: frame(1) })
    store.setState({ levels: { mic: level(-20) } })
    // Waits for the frame…
    expect(meter.dataset.peak).toBe('')
    store.setState({ frame: frame(2) })
    expect(meter.dataset.peak).toBe('-20.0')
    // …but not for ever: the picture stalls, the meter still moves.
    store.setState({ levels: { mic: level(-9) } })
    expect(meter.dataset.peak).toBe('-20.0')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(meter.dataset.peak).toBe('-9.0')
    off()
  })
})
