/**
 * Page side of the dashboard soak bench: `window.onair` as the scripted API the renderer tests use, answering as a
 * running two-destination show, and `window.__soak.run()`, which feeds the app a show's events at their real rate (or
 * `speed` times faster): stats every second, preview frames at 12 fps, audio levels at 10 Hz, health every 2 s, log
 * lines and provider events, and a reconnect of one destination every 5 minutes. Bundled by esbuild and injected
 * before the app's own script.
 */
import type { LiveSnapshot } from '../../src/shared/live'
import { PREVIEW_FPS } from '../../src/shared/preview'
import { scriptedApi } from '../../src/renderer/src/testing/scripted-api'

interface SoakOptions {
  fromSecond: number
  seconds: number
  speed: number
  /** Preview frames (base64 JPEG), shown in turn. */
  jpegs: string[]
  /** Leave a kind of event out (to find what costs the CPU). */
  without?: Array<'frames' | 'levels' | 'stats'>
}
// The page's window, as far as this script uses it (bench/ is type-checked without the DOM library).
declare const window: { onair?: unknown; __soak: { run(options: SoakOptions): Promise<void>; start: number } }

const api = scriptedApi()
const start = Date.now()
const destinations: LiveSnapshot['destinations'] = [
  { id: 'd1', provider: 'sigma', profile: 'default', channelId: 'c1', label: 'Sigma Livestream · Kênh tối nay', state: 'live' },
  { id: 'd2', provider: 'custom', profile: 'default', label: 'rtmp://live.example.com/app', state: 'live' }
]
const live: LiveSnapshot = {
  sessionId: 'soak',
  state: 'live',
  startedAt: start,
  liveSince: start,
  sources: { video: 'screen:0', audio: 'mic:default' },
  destinations,
  recordingPath: '/home/streamer/Onair/soak.mkv',
  log: []
}
const FIRST_LINE: LogEvent = { time: start, level: 'info', code: 'live.started', message: 'You are live' }
api.reply('live:snapshot', { ...live, log: [FIRST_LINE] })
api.reply('live:history', { sessionId: 'soak', points: [], samplesPerPoint: 1 })
api.reply('live:retryNow', live)
window.onair = api

type LogEvent = LiveSnapshot['log'][number]

/**
 * The log lines core adds in second `s` of the show, with when in the second (ms). The same every time they are asked
 * for, so the bench keeps no copy of the log in the page (its memory would count as the app's).
 */
function logLinesAt(s: number): Array<[number, LogEvent]> {
  const t = start + s * 1000
  const lines: Array<[number, LogEvent]> = []
  if (s % 15 === 7) lines.push([700, { time: t, level: 'info', code: 'live.started', message: 'You are live', data: {} }])
  if (s % 30 === 11)
    lines.push([
      800,
      {
        time: t,
        level: 'info',
        code: 'provider.event',
        message: 'Sigma Livestream · Kênh tối nay: Kênh ổn định',
        data: { destination: 'Sigma Livestream · Kênh tối nay', id: 'd1', providerCode: 'stable', text: 'Kênh ổn định', provider: 'sigma' },
        source: 'sigma'
      }
    ])
  if (s % 300 === 120 || s % 300 === 130) {
    const back = s % 300 === 130
    lines.push([
      900,
      {
        time: t,
        level: back ? 'info' : 'warn',
        code: back ? 'pusher.reconnected' : 'pusher.reconnecting',
        message: back ? 'back live' : 'reconnecting',
        data: { destination: destinations[1].label, id: 'd2', attempt: 1, seconds: 4 }
      }
    ])
  }
  return lines
}

/** The session's log as every live:state carries it after second `s`: its last 500 lines. */
function logUpTo(s: number): LogEvent[] {
  const lines: LogEvent[] = []
  for (let k = s; k >= 0 && lines.length < 500; k--) lines.unshift(...logLinesAt(k).map(([, line]) => line))
  return [FIRST_LINE, ...lines].slice(-500)
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** One simulated second of a show: what arrives when within it (ms offsets), as the core would send it. */
function second(s: number, jpegs: string[], without: SoakOptions['without'] = []): Array<[number, () => void]> {
  const t = start + s * 1000
  const out: Array<[number, () => void]> = []
  const reconnecting = s % 300 >= 120 && s % 300 < 130
  if (!without.includes('stats'))
    out.push([
      0,
      () =>
        api.emit('live:stats', {
          time: t,
          fps: 30 - (s % 7 === 0 ? 1 : 0),
          bitrateKbps: 3500,
          speed: 1 - (s % 11) / 1000,
          droppedFrames: Math.floor(s / 600),
          duplicatedFrames: 0,
          mediaTimeMs: s * 1000,
          destinations: [
            { id: 'd1', bytesSent: s * 437_500, kbps: 3400 + (s % 13) * 10, congestion: (s % 17) / 200, droppedFrames: 0, reconnects: 0 },
            { id: 'd2', bytesSent: s * 437_500, kbps: reconnecting ? 0 : 3450, congestion: 0, droppedFrames: 0, reconnects: Math.floor(s / 300) }
          ]
        })
    ])
  // Health is sampled with a second's stats every 2 s and sent right after them, as the live session does.
  if (s % 2 === 0) out.push([0, () => api.emit('live:health', { time: t, level: 'excellent', reasons: [], causes: [] })])
  if (!without.includes('frames'))
    for (let i = 0; i < PREVIEW_FPS; i++)
      out.push([
        Math.round((i * 1000) / PREVIEW_FPS),
        () => api.emit('preview:frame', { time: t + (i * 1000) / PREVIEW_FPS, mime: 'image/jpeg', data: jpegs[(s * PREVIEW_FPS + i) % jpegs.length] })
      ])
  if (!without.includes('levels'))
    for (let i = 0; i < 10; i++)
      out.push([
        i * 100 + 50,
        () =>
          api.emit('audio:levels', {
            time: t + i * 100,
            levels: [{ source: 'mic:default', peakDb: -12 - ((s + i) % 9), rmsDb: -24 - ((s + i) % 5), clipped: false, noSignal: false, muted: false }]
          })
      ])
  if (s % 300 === 120 || s % 300 === 130) {
    const back = s % 300 === 130
    out.push([
      900,
      () =>
        api.emit('live:state', {
          ...live,
          log: logUpTo(s - 1),
          state: back ? 'live' : 'reconnecting',
          destinations: [destinations[0], { ...destinations[1], state: back ? 'live' : 'reconnecting', ...(back ? {} : { retryAt: t + 4000 }) }]
        })
    ])
  }
  for (const [offset, line] of logLinesAt(s)) out.push([offset, () => api.emit('log:event', line)])
  return out.sort((a, b) => a[0] - b[0])
}

window.__soak = {
  start,
  async run({ fromSecond, seconds, speed, jpegs, without }: SoakOptions) {
    for (let s = fromSecond; s < fromSecond + seconds; s++) {
      let at = 0
      for (const [offset, emit] of second(s, jpegs, without)) {
        if (speed <= 4 && offset > at) await sleep((offset - at) / speed)
        at = Math.max(at, offset)
        emit()
      }
      // Faster than real time: one simulated second per 1000/speed ms, so React and the browser still paint.
      await sleep(speed <= 4 ? (1000 - at) / speed : 1000 / speed)
    }
  }
}
