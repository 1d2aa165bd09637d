import { describe, expect, it } from 'vitest'
import type { AudioLevel } from '../../../../shared/preview'
import i18next from 'i18next'
import { scriptedApi } from '../../testing/scripted-api'
import { followLevels } from './audio-meter'
import { createPreviewStore } from './preview-store'

const level = (peakDb: number | null, clipped = false): AudioLevel => ({
  source: 'mic',
  peakDb,
  rmsDb: peakDb === null ? null : peakDb - 3,
  clipped,
  noSignal: false,
  muted: false
})

/** A meter's elements as AudioMeter renders them (the bar is a canvas the monitor paints; the rest is written here). */
function meterElement(): HTMLElement {
  const meter = document.createElement('div')
  meter.innerHTML = '<div class="meter-track" role="meter"><canvas class="meter-scale"></canvas><span class="meter-clip"></span></div>'
  return meter
}

const track = (meter: HTMLElement) => meter.querySelector('.meter-track')!

describe('the audio meter readout outside React', () => {
  it('writes the first level at once, then at most twice a second the loudest peak since, and any clip', async () => {
    const store = createPreviewStore(scriptedApi())
    const meter = meterElement()
    const off = followLevels(store, 'mic', meter, i18next.t)
    expect(meter.dataset.peak).toBe('')
    expect(track(meter).getAttribute('aria-valuetext')).toBe('silent')
    store.setState({ levels: { mic: level(-12) } })
    expect(meter.dataset.peak).toBe('-12.0')
    expect(track(meter).getAttribute('aria-valuenow')).toBe('-12')
    expect(track(meter).getAttribute('aria-valuetext')).toBe('-12 dBFS peak')

    // Three levels within the half second: one write, with the loudest of them and the clip one of them had.
    store.setState({ levels: { mic: level(-30) } })
    store.setState({ levels: { mic: level(-2, true) } })
    store.setState({ levels: { mic: level(-25) } })
    expect(meter.dataset.peak).toBe('-12.0')
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(meter.dataset.peak).toBe('-2.0')
    expect(meter.dataset.clipped).toBe('true')
    expect(meter.querySelector('.meter-clip')!.classList.contains('meter-clip-on')).toBe(true)

    // Another source's level does not move it; after the unsubscribe nothing does.
    store.setState((s) => ({ levels: { ...s.levels, other: { ...level(-3), source: 'other' } } }))
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(meter.dataset.peak).toBe('-2.0')
    off()
    store.setState({ levels: { mic: level(-40) } })
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(meter.dataset.peak).toBe('-2.0')
  })

  it('says silent for digital silence, and the clip mark goes out when no sample clips', async () => {
    const store = createPreviewStore(scriptedApi())
    const meter = meterElement()
    const off = followLevels(store, 'mic', meter, i18next.t)
    store.setState({ levels: { mic: level(-1, true) } })
    expect(meter.dataset.clipped).toBe('true')
    store.setState({ levels: { mic: level(null) } })
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(meter.dataset.peak).toBe('')
    expect(track(meter).getAttribute('aria-valuenow')).toBe('-60')
    expect(track(meter).getAttribute('aria-valuetext')).toBe('silent')
    expect(meter.dataset.clipped).toBe('false')
    off()
  })
})
