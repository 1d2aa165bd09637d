import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createCore } from '../../main/core/compose'
import { plainHttpWarning } from '../../main/core/transport/ws-auth'
import { startWsServer } from '../../main/core/transport/ws-server'
import { onairError } from '../../shared/errors'
import type { CliCommand } from '../cli-command'
import { jsonOption, numberArg, stringArg } from '../cli-args'
import { EXIT, onStopSignal } from '../cli-io'
import { describe, keepRunningOnCrash } from '../crash-guard'
import { onairPackage } from '../package-root'

const ROOT = onairPackage().root
const RENDERER_DIR = join(ROOT, 'out', 'renderer')

/** `onair serve` (DESIGN §1, §8): the desktop UI in a browser, over a token-guarded loopback WebSocket. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve the Onair UI to a browser on this machine (token-protected)',
  usage: [
    'onair serve [--host 127.0.0.1] [--port N] [--json]',
    'Prints the address to open; it carries a fresh access token. --host 0.0.0.0 lets other devices on your network in.'
  ].join('\n'),
  options: { ...jsonOption, host: { type: 'string' }, port: { type: 'string' } },
  async run(ctx, args) {
    const host = stringArg(args, 'host') ?? '127.0.0.1'
    const port = numberArg(args, 'port', 0, 65535) ?? 0
    ensureRendererBuilt(ctx.io.err)
    const core = createCore({ shell: 'serve', version: onairPackage().version, env: ctx.env })
    // A client's request must never end a running show: log what escaped (redacted) and go on.
    const redactLine = (text: string) => core.services.secrets.redact(text)
    const restoreCrashDefault = keepRunningOnCrash(ctx.io.err, redactLine)
    const server = await startWsServer({
      core,
      rendererDir: RENDERER_DIR,
      host,
      port,
      onClientsGone: () => core.clientsGone(),
      onInternalError: (e) => ctx.io.err(`onair serve: a request failed unexpectedly: ${redactLine(describe(e))}`)
    })

    if (ctx.io.json) ctx.io.emit({ type: 'serve', url: server.url, origin: server.origin, host: server.host, port: server.port })
    else {
      ctx.io.out(`Onair is serving its UI at ${server.origin}/`)
      ctx.io.out(`Open this address in your browser (it carries the access token):`)
      ctx.io.out(`  ${server.url}`)
      ctx.io.err('Press Ctrl-C to stop.')
    }
    // In --json mode too: stderr is where a script's operator reads warnings.
    const warning = plainHttpWarning(host)
    if (warning) ctx.io.err(`onair: warning: ${warning}`)

    await new Promise<void>((resolve) => {
      const dispose = onStopSignal(() => {
        dispose()
        resolve()
      })
    })
    // End the show before the door closes: recording finalised, provider released, ffmpeg gone.
    await core.shutdown()
    await server.close()
    restoreCrashDefault()
    if (!ctx.io.json) ctx.io.err('Stopped.')
    return EXIT.ok
  }
}

/** Builds the renderer on first use when the dev tools are installed; otherwise says how. */
function ensureRendererBuilt(log: (line: string) => void): void {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return
  const tool = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
  if (existsSync(tool)) {
    log('Building the UI (first run, a few seconds)…')
    const built = spawnSync(tool, ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
    if (built.status === 0 && existsSync(join(RENDERER_DIR, 'index.html'))) return
  }
  throw onairError('invalid_request', 'The UI is not built yet. Run "npm run build" in the Onair folder, then "onair serve" again.')
}
