import { act, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { DeviceInfo } from '../../../../shared/contract'
import type { LiveSnapshot } from '../../../../shared/live'
import type { AudioLevel } from '../../../../shared/preview'
import { createStores, startStores } from '../../app/stores'
import { StoresProvider } from '../../app/stores-context'
import { changeLanguage } from '../../i18n/i18n'
import { recordingMonitor } from '../../testing/recording-monitor'
import { scriptedApi, type ScriptedApi } from '../../testing/scripted-api'
import { LivePanel } from './live-panel'
import { memoryShowMemory, type RememberedShow } from './show-memory'
import { SourcesCard } from './sources-card'

const DEVICES: DeviceInfo[] = [
  { kind: 'screen', source: 'screen:0', label: 'Screen 0 (1920×1080)', ours: { key: 'screen', index: '0', detail: '1920×1080' } },
  { kind: 'window', source: 'window:0x1a00003', label: '방송 화면 — OBS' },
  { kind: 'mic', source: 'mic:alsa_input.usb', label: 'USB Microphone' },
  { kind: 'system', source: 'system', label: 'System audio (Built-in)', ours: { key: 'system', detail: 'Built-in' } }
]

function renderStudio(api: ScriptedApi, remembered: RememberedShow = { destinations: [] }) {
  const monitor = recordingMonitor()
  const stores = createStores(api, null, memoryShowMemory(remembered), monitor)
  startStores(stores, api)
  render(
    <StoresProvider stores={stores}>
      <SourcesCard />
      <LivePanel />
    </StoresProvider>
  )
  return Object.assign(stores, { monitor })
}

const select = (id: string) => screen.getByTestId(id) as HTMLSelectElement
const level = (source: string, extra: Partial<AudioLevel> = {}): AudioLevel => ({
  source,
  peakDb: -12,
  rmsDb: -15,
  clipped: false,
  noSignal: false,
  muted: false,
  ...extra
})

afterEach(() => {
  act(() => changeLanguage('en'))
})

describe('the Sources card', () => {
  it('starts on the first screen and the microphone, previews them at once, and keeps test signals in their own group', async () => {
    const api = scriptedApi()
    api.reply('devices:list', DEVICES)
    renderStudio(api)
    await waitFor(() => expect(api.requestsOf('preview:start')).toEqual([{ video: 'screen:0', audio: 'mic:alsa_input.usb' }]))
    expect(select('video-source').value).toBe('screen:0')
    expect(select('audio-source').value).toBe('mic:alsa_input.usb')
    const videoTests = within(screen.getByTestId('video-test-signals'))
    expect(screen.getByTestId('video-test-signals').getAttribute('label')).toBe('Test signals')
    expect(videoTests.getByRole('option').getAttribute('value')).toBe('testsrc')
    expect(within(screen.getByTestId('audio-test-signals')).getByRole('option').getAttribute('value')).toBe('sine')
    // The test pattern and the tone are nowhere else in the lists.
    expect(screen.getAllByRole('option').filter((o) => ['testsrc', 'sine'].includes(o.getAttribute('value') ?? ''))).toHaveLength(2)

    // A new choice is previewed at once.
    act(() => {
      select('video-source').value = 'window:0x1a00003'
      select('video-source').dispatchEvent(new Event('change', { bubbles: true }))
    })
    await waitFor(() => expect(api.requestsOf('preview:start').at(-1)).toEqual({ video: 'window:0x1a00003', audio: 'mic:alsa_input.usb' }))
  })

  it.each([
    ['remembered sources this computer still has', { video: 'window:0x1a00003', audio: 'system' }, DEVICES, { video: 'window:0x1a00003', audio: 'system' }],
    ['a remembered window that is gone, and a remembered test tone', { video: 'window:0xdead', audio: 'sine' }, DEVICES, { video: 'screen:0', audio: 'sine' }],
    ['no screen and no microphone: the test pattern and silence, never the tone', {}, [], { video: 'testsrc', audio: 'none' }],
    ['system audio when there is no microphone', {}, [DEVICES[0], DEVICES[3]], { video: 'screen:0', audio: 'system' }]
  ])('settles on %s', async (_name, remembered, devices, expected) => {
    const api = scriptedApi()
    api.reply('devices:list', devices)
    renderStudio(api, { destinations: [], ...remembered })
    await waitFor(() => expect(api.requestsOf('preview:start')).toEqual([expected]))
    expect({ video: select('video-source').value, audio: select('audio-source').value }).toEqual(expected)
  })

  it('a window that opens mid-show shows the sources being captured, not the remembered ones, and cannot change them', async () => {
    const api = scriptedApi()
    api.reply('devices:list', DEVICES)
    const live: LiveSnapshot = {
      sessionId: 's1',
      state: 'live',
      liveSince: Date.now(),
      sources: { video: 'window:0x1a00003', audio: 'system' },
      destinations: [{ id: 'd1', provider: 'custom', profile: 'default', label: 'rtmp://127.0.0.1/live', state: 'live' }],
      log: []
    }
    api.reply('live:snapshot', live)
    renderStudio(api, { destinations: [], video: 'testsrc', audio: 'sine' })
    await waitFor(() => expect(select('video-source').value).toBe('window:0x1a00003'))
    expect(select('audio-source').value).toBe('system')
    // Named as this computer lists them, not as SOURCE strings.
    expect(select('video-source').selectedOptions[0].textContent).toBe('방송 화면 — OBS')
    expect(select('video-source').disabled).toBe(true)
    await waitFor(() => expect(api.requestsOf('preview:start').at(-1)).toEqual({ video: 'window:0x1a00003', audio: 'system' }))
    // Never the remembered test signals, not even for a moment.
    expect(api.requestsOf('preview:start').some((r) => r.video === 'testsrc' || r.audio === 'sine')).toBe(false)
  })

  it('names a chosen source the list does not have in words, not as a SOURCE string (Korean)', async () => {
    act(() => changeLanguage('ko'))
    const api = scriptedApi()
    api.handle('devices:list', () => new Promise(() => {})) // the list has not come yet
    const stores = renderStudio(api)
    act(() => {
      stores.sources.getState().setVideo('screen:1')
      stores.sources.getState().setAudio('system')
    })
    expect(select('video-source').selectedOptions[0].textContent).toBe('화면 1')
    expect(select('audio-source').selectedOptions[0].textContent).toBe('시스템 오디오')
    act(() => stores.sources.getState().setVideo('camera:/dev/video2'))
    expect(select('video-source').selectedOptions[0].textContent).toBe('카메라 (/dev/video2)')
  })

  it('shows the picture in the monitor before Go Live', async () => {
    const api = scriptedApi()
    api.reply('devices:list', DEVICES)
    const { monitor } = renderStudio(api)
    await waitFor(() => expect(api.requestsOf('preview:start')).toHaveLength(1))
    expect(screen.queryByTestId('monitor-preview')).toBeNull()
    act(() => api.emit('preview:frame', { time: Date.now(), mime: 'image/jpeg', data: 'pic-1' }))
    expect(monitor.pictures.has(screen.getByTestId('monitor-preview') as HTMLCanvasElement)).toBe(true)
    expect(monitor.frames.map((f) => f.data)).toEqual(['pic-1'])
    expect(screen.getByTestId('monitor-state').dataset.state).toBe('idle')
  })

  it('moves the meter with the levels, lights the clip mark, and warns of silence here and in the checklist (Korean)', async () => {
    act(() => changeLanguage('ko'))
    const api = scriptedApi()
    api.reply('devices:list', DEVICES)
    const { monitor } = renderStudio(api)
    await waitFor(() => expect(api.requestsOf('preview:start')).toHaveLength(1))
    const meter = screen.getByTestId('audio-meter')
    // The bar is painted by the monitor, for the chosen source; the readout for screen readers is written here.
    await waitFor(() => expect([...monitor.meters.values()]).toEqual(['mic:alsa_input.usb']))
    expect(meter.dataset.peak).toBe('')
    act(() => api.emit('audio:levels', { time: 1, levels: [level('mic:alsa_input.usb')] }))
    expect(meter.dataset.peak).toBe('-12.0')
    expect(within(meter).getByRole('meter').getAttribute('aria-valuetext')).toBe('피크 -12 dBFS')
    expect(screen.getByTestId('meter-clip').className).not.toContain('meter-clip-on')
    act(() => api.emit('audio:levels', { time: 2, levels: [level('mic:alsa_input.usb', { peakDb: 0, rmsDb: -3, clipped: true })] }))
    expect(monitor.levelsSent.at(-1)).toMatchObject([{ peakDb: 0, clipped: true }])
    await waitFor(() => expect(meter.dataset.clipped).toBe('true'))
    expect(screen.getByTestId('meter-clip').className).toContain('meter-clip-on')
    // Levels of another source (the one shown before) do not move this meter.
    act(() => api.emit('audio:levels', { time: 3, levels: [level('system', { peakDb: -40 })] }))
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(meter.dataset.peak).toBe('0.0')

    expect(screen.queryByTestId('no-signal')).toBeNull()
    act(() => api.emit('audio:levels', { time: 4, levels: [level('mic:alsa_input.usb', { peakDb: null, rmsDb: null, noSignal: true })] }))
    expect(screen.getByTestId('no-signal').textContent).toContain('5초 동안 소리가 들어오지 않았습니다')
    expect(screen.getByTestId('checklist-no-signal').textContent).toContain('5초')
    // A warning, not a blocker: it says so.
    expect(screen.getByTestId('checklist-no-signal').getAttribute('role')).toBe('status')
  })

  it('mutes and unmutes the show, the meter dimmed but still moving while muted', async () => {
    const api = scriptedApi()
    api.reply('devices:list', DEVICES)
    renderStudio(api)
    await waitFor(() => expect(api.requestsOf('preview:start')).toHaveLength(1))
    const toggle = screen.getByTestId('mute-toggle')
    expect(toggle.getAttribute('aria-pressed')).toBe('false')
    act(() => toggle.click())
    await waitFor(() => expect(toggle.getAttribute('aria-pressed')).toBe('true'))
    expect(api.requestsOf('audio:mute')).toEqual([{ muted: true }])
    expect(toggle.textContent).toBe('Unmute')
    act(() => api.emit('audio:levels', { time: 1, levels: [level('mic:alsa_input.usb', { muted: true })] }))
    expect(screen.getByTestId('audio-meter').dataset.muted).toBe('true')
    expect(screen.getByTestId('audio-meter').textContent).toContain('Muted')
    expect(screen.getByTestId('audio-meter').dataset.peak).toBe('-12.0')
    act(() => toggle.click())
    await waitFor(() => expect(toggle.getAttribute('aria-pressed')).toBe('false'))
    expect(api.requestsOf('audio:mute')).toEqual([{ muted: true }, { muted: false }])
  })

  it('says which source could not be opened, in Vietnamese, beside it', async () => {
    act(() => changeLanguage('vi'))
    const api = scriptedApi()
    api.reply('devices:list', DEVICES)
    api.reply('preview:start', {
      video: 'screen:0',
      audio: null,
      muted: false,
      error: { code: 'source_unavailable', message: 'The source "mic:alsa_input.usb" could not be opened.', retryable: true, field: 'audio' }
    })
    renderStudio(api)
    const error = await screen.findByTestId('preview-error-audio')
    expect(error.dataset.code).toBe('source_unavailable')
    expect(error.textContent).not.toContain('could not be opened')
    expect(screen.queryByTestId('preview-error-video')).toBeNull()
  })

  it('says the screens and system audio in the UI’s language, and the OS’s own device names as given', async () => {
    const api = scriptedApi()
    api.reply('devices:list', DEVICES)
    changeLanguage('ko')
    renderStudio(api)
    const options = async (id: string) => {
      const select = await screen.findByTestId(id)
      await waitFor(() => expect(select.querySelectorAll('option').length).toBeGreaterThan(1))
      return [...select.querySelectorAll('option')].map((o) => o.textContent)
    }
    expect(await options('video-source')).toEqual(expect.arrayContaining(['화면 0 (1920×1080)', '방송 화면 — OBS']))
    expect(await options('audio-source')).toEqual(expect.arrayContaining(['시스템 오디오 (Built-in)', 'USB Microphone']))
    changeLanguage('en')
  })
})
