/**
 * The live dashboard over a long show (issue 10 item 8). Prints progress on stderr and, as its last stdout line, one
 * JSON object:
 *   soak_heap_growth            renderer JS heap after a simulated 30-minute show ÷ after its first 5-minute cycle − 1 [≤ 0.10]
 *   soak_dom_growth             the same for the page's DOM node count                                             [≤ 0.10]
 *   soak_heap_growth_from_2_min / soak_dom_growth_from_2_min   the same from the show's 2nd minute (see CYCLE_SECONDS)
 *   soak_heap_mb / soak_dom_nodes   the samples at 2 minutes and every 5 simulated minutes (after a forced GC)
 *   soak_renderer_cpu_share     CPU of the page's renderer process ÷ one core, over 60 s of a show at the real rate [≤ 0.05]
 *   soak_renderer_cpu_share_without_monitor   the same over 30 s without the preview's frames and the audio levels
 *                               (the Studio's monitor, issue 9): what the dashboard itself costs
 *   soak_browser_ui_cpu_share   the same for Chromium's own tab strip renderer (not the app's; not counted above)
 *   soak_core_rss_growth_mb     the core's RSS after 30 simulated minutes − after the first 2 (forced GC)            [≤ 5]
 * The page is the built app (out/renderer) in Debian Chromium with `window.onair` as the renderer tests' scripted API,
 * fed a two-destination show's events at their real rate: stats every second, 640×360 preview JPEGs at 12 fps (a
 * moving picture: each differs from the last), audio levels at 10 Hz, health every 2 s, log lines and provider
 * events, a reconnect every 5 minutes. The 30 minutes run 60×
 * faster (every event still arrives, the browser still paints); the CPU share is measured at the real rate. The core
 * part runs the real composition root (settings, sessions, recordings...) with a stand-in pipeline emitting the same
 * show into the event bus, serialised as `onair serve` does for a client.
 * Run: npm run bench   (BENCH_ONLY=soak runs this alone)
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { build } from 'esbuild'
import { launchChromium } from '../test/fixtures/browser'
import { buildRenderer } from '../test/fixtures/renderer-build'
import { createCore } from '../src/main/core/compose'
import { MemoryCredentialStore } from '../src/main/core/credentials/memory-credential-store'
import type { MediaPipelineFactory, PipelineListener } from '../src/main/core/media/media-pipeline'
import { PREVIEW_PIXEL_FORMAT, PREVIEW_QUALITY } from '../src/main/core/media/preview-args'
import { PREVIEW_FPS, PREVIEW_WIDTH } from '../src/shared/preview'
import { round } from './bench-stats'

const ROOT = join(new URL('..', import.meta.url).pathname)
const ONLY = process.env.BENCH_ONLY?.split(',')
const log = (...a: unknown[]) => console.error('[bench soak]', ...a)
const SHOW_SECONDS = Number(process.env.SOAK_MINUTES ?? 30) * 60
const WARM_SECONDS = 120
/**
 * The simulated show repeats every 5 minutes (a destination reconnecting at 2:00–2:10, provider events, log lines). By
 * the end of the first cycle every kind of event has come at least once and V8 has compiled the code that handles it;
 * growth is counted from there. Counted from 2 minutes (before the first reconnect), most of the growth is that
 * compiled code (+0.5 MB of ~7 MB in a heap snapshot diff), not data: it is printed too.
 */
const CYCLE_SECONDS = 300
const CHUNK_SECONDS = 300
const MONITORLESS_SECONDS = 30

async function rendererSoak(): Promise<Record<string, unknown>> {
  buildRenderer()
  const page_api = await build({ entryPoints: [join(ROOT, 'bench/soak/page-api.ts')], bundle: true, format: 'iife', platform: 'browser', write: false })
  // Two seconds of a moving picture, as the preview capture sends it through a show (640 px, its pixel format and JPEG quality):
  // every frame differs, as a game's or a camera's do, so each one is decoded (a still screen's identical frames are
  // skipped).
  const jpegs = execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${PREVIEW_WIDTH}x${(PREVIEW_WIDTH * 9) / 16}:rate=${PREVIEW_FPS}`,
    '-frames:v',
    '24',
    '-pix_fmt',
    PREVIEW_PIXEL_FORMAT,
    '-q:v',
    String(PREVIEW_QUALITY),
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    'pipe:1'
  ])
    .toString('latin1')
    .split(/(?=\xff\xd8)/)
    .filter((part) => part.length > 0)
    .map((part) => Buffer.from(part, 'latin1').toString('base64'))
  const rendererDir = join(ROOT, 'out/renderer')
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' }
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '') || 'index.html'
    try {
      const body = readFileSync(join(rendererDir, path.startsWith('..') ? 'index.html' : path))
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  const browser = await launchChromium()
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', colorScheme: 'dark' })
    await context.addInitScript({ content: page_api.outputFiles[0].text })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`http://127.0.0.1:${port}/index.html`)
    await page.getByTestId('graph-sent').or(page.getByTestId('monitor-state')).first().waitFor()
    const cdp = await context.newCDPSession(page)
    const browserCdp = await browser.newBrowserCDPSession()
    const measure = async () => {
      await cdp.send('HeapProfiler.collectGarbage')
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number }
      return { heapMb: heap.usedSize / 1024 / 1024, nodes: dom.nodes }
    }
    const run = (fromSecond: number, seconds: number, speed: number, without: string[] = []) =>
      // Source text: tsx would wrap a function in a helper the page does not have.
      page.evaluate(`window.__soak.run(${JSON.stringify({ fromSecond, seconds, speed, jpegs, without })})`)

    log(`a ${SHOW_SECONDS / 60}-minute show at 60× …`)
    await run(0, WARM_SECONDS, 60)
    const early = await measure()
    const samples = [early]
    for (let s = WARM_SECONDS; s < SHOW_SECONDS;) {
      const to = Math.min(s < CYCLE_SECONDS ? CYCLE_SECONDS : s + CHUNK_SECONDS, SHOW_SECONDS)
      await run(s, to - s, 60)
      samples.push(await measure())
      log(`  ${Math.round(to / 60)} min: heap ${round(samples.at(-1)!.heapMb, 2)} MB, ${samples.at(-1)!.nodes} DOM nodes`)
      s = to
    }
    const base = samples[1] ?? early
    const end = samples.at(-1)!

    log('60 s at the real rate …')
    // The page's renderer processes (its own and a spare). Chromium's own tab strip runs in a renderer too
    // (--top-chrome-webui): the browser's UI, redrawing the tab's title as the show's clock changes it, which an
    // Electron window does not have. It is reported beside, not counted.
    const cpuByKind = async () => {
      const info = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number; cpuTime: number }> }
      const renderers = info.processInfo.filter((p) => p.type === 'renderer')
      const browserUi = (id: number) => {
        try {
          return readFileSync(`/proc/${id}/cmdline`, 'latin1').includes('--top-chrome-webui')
        } catch {
          return false
        }
      }
      return {
        page: renderers.filter((p) => !browserUi(p.id)).reduce((n, p) => n + p.cpuTime, 0),
        browserUi: renderers.filter((p) => browserUi(p.id)).reduce((n, p) => n + p.cpuTime, 0)
      }
    }
    const rendererCpu = async () => (await cpuByKind()).page
    const cpuBefore = await cpuByKind()
    const wallBefore = performance.now()
    await run(SHOW_SECONDS, 60, 1)
    const cpuAfter = await cpuByKind()
    const share = cpuAfter.page - cpuBefore.page
    const wall = (performance.now() - wallBefore) / 1000
    // The same show without the Studio's monitor (issue 9's preview at PREVIEW_FPS and its meter): what the dashboard
    // itself costs, so a figure over the limit says which part to look at.
    log(`${MONITORLESS_SECONDS} s at the real rate without the preview and the meter …`)
    const monitorlessBefore = await rendererCpu()
    const monitorlessAt = performance.now()
    await run(SHOW_SECONDS + 60, MONITORLESS_SECONDS, 1, ['frames', 'levels'])
    const monitorless = ((await rendererCpu()) - monitorlessBefore) / ((performance.now() - monitorlessAt) / 1000)
    for (const without of (process.env.SOAK_PROFILE ?? '').split(';').filter(Boolean)) {
      const before = await rendererCpu()
      const t0 = performance.now()
      if (without.includes('animations')) await cdp.send('Animation.setPlaybackRate', { playbackRate: 0 })
      if (without === 'idle') await new Promise((resolve) => setTimeout(resolve, 20_000))
      else await run(SHOW_SECONDS + 60 + MONITORLESS_SECONDS, 20, 1, without.split(','))
      await cdp.send('Animation.setPlaybackRate', { playbackRate: 1 })
      log(`  without ${without}: ${round(((await rendererCpu()) - before) / ((performance.now() - t0) / 1000))} of a core`)
    }
    if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`)
    return {
      soak_heap_growth: round(end.heapMb / base.heapMb - 1),
      soak_dom_growth: round(end.nodes / base.nodes - 1),
      soak_heap_growth_from_2_min: round(end.heapMb / early.heapMb - 1),
      soak_dom_growth_from_2_min: round(end.nodes / early.nodes - 1),
      soak_heap_mb: samples.map((s) => round(s.heapMb, 2)),
      soak_dom_nodes: samples.map((s) => s.nodes),
      soak_renderer_cpu_share: round(share / wall),
      soak_renderer_cpu_share_without_monitor: round(monitorless),
      soak_browser_ui_cpu_share: round((cpuAfter.browserUi - cpuBefore.browserUi) / wall)
    }
  } finally {
    await browser.close()
    server.close()
  }
}

async function coreSoak(): Promise<Record<string, unknown>> {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const dataDir = mkdtempSync(join(tmpdir(), 'onair-soak-'))
  let listener: PipelineListener | undefined
  const pipelineFactory: MediaPipelineFactory = (plan, l) => {
    listener = l
    return {
      start: async () => queueMicrotask(() => plan.destinations.forEach((d) => l.onDestinationLive(d.id))),
      stop: async () => l.onEnded(null),
      retryNow: () => {},
      pids: () => []
    }
  }
  const core = createCore({ shell: 'cli', version: 'bench', dataDir, credentialStore: new MemoryCredentialStore(), pipelineFactory, repairRecordings: false })
  // What `onair serve` does with every event: one JSON frame per client.
  let wireBytes = 0
  core.onDidEmit((event, payload) => void (wireBytes += JSON.stringify({ event, payload }).length))
  try {
    const saved = await core.dispatch('accounts:save', {
      provider: 'custom',
      fields: { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: 'soak-key-123456' }
    })
    if (!saved.ok) throw new Error(saved.error.message)
    const started = await core.dispatch('live:start', {
      destinations: [{ provider: 'custom', profile: 'default' }],
      video: 'testsrc',
      audio: 'sine',
      record: false
    })
    if (!started.ok) throw new Error(started.error.message)
    const l = listener as PipelineListener
    const frame = Buffer.alloc(30_000, 7).toString('base64')
    const rss = () => {
      gc()
      return process.memoryUsage().rss / 1024 / 1024
    }
    let base = 0
    for (let s = 0; s < SHOW_SECONDS; s++) {
      if (s === WARM_SECONDS) base = rss()
      l.onStats({
        fps: 30,
        bitrateKbps: 3500,
        speed: 1,
        droppedFrames: 0,
        duplicatedFrames: 0,
        destinations: [{ id: 'd1', bytesSent: s * 437_500, kbps: 3450, congestion: 0.01, droppedFrames: 0, reconnects: 0 }]
      })
      for (let i = 0; i < 12; i++) l.onPreviewFrame?.({ time: Date.now(), mime: 'image/jpeg', data: frame })
      if (s % 15 === 0) l.onLog('info', 'encoder.recovered', 'The encoder is producing again.')
      if (s % 20 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    const end = rss()
    await core.dispatch('live:stop', {})
    log(`core: RSS ${round(base, 1)} MB after 2 min, ${round(end, 1)} MB after 30 min; ${round(wireBytes / 1024 / 1024, 1)} MB of events serialised`)
    return { soak_core_rss_growth_mb: round(end - base, 2) }
  } finally {
    await core.shutdown()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {}
  if (!ONLY || ONLY.includes('soak')) {
    Object.assign(results, await coreSoak())
    Object.assign(results, await rendererSoak())
  }
  console.log(JSON.stringify(results))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
