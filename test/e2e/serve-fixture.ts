import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from '../fixtures/ports'

const ROOT = new URL('../../', import.meta.url).pathname

export interface ServeProcess {
  url: string
  origin: string
  token: string
  pid: number
  dataDir: string
  stdout(): string
  stderr(): string
  /** SIGTERM to `onair serve` itself (a clean stop), then the whole process group; resolves with serve's exit code. */
  stop(): Promise<number | null>
}

/**
 * `onair serve` as a user runs it, inside a private D-Bus session with an unlocked gnome-keyring (DESIGN §9),
 * so the real Secret Service keeps the stream key. Everything it starts shares one process group, ended by pid.
 */
export async function startServe(options: { env?: Record<string, string>; keychain?: boolean } = {}): Promise<ServeProcess> {
  const extraEnv = options.env ?? {}
  const base = mkdtempSync(join(tmpdir(), 'onair-serve-'))
  const dataHome = mkdtempSync(join(base, 'data-'))
  const runtimeDir = mkdtempSync(join(base, 'run-'))
  chmodSync(runtimeDir, 0o700)
  const dataDir = mkdtempSync(join(base, 'onair-'))
  const script = 'printf %s "$KEYRING_PW" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"'
  const serveArgv = [process.execPath, join(ROOT, 'bin/onair.mjs'), 'serve', '--port', '0']
  // keychain: false runs serve with no session bus at all (the "no keychain reachable" case).
  const [command, ...args] = options.keychain === false ? serveArgv : ['dbus-run-session', '--', 'sh', '-c', script, 'sh', ...serveArgv]
  const child: ChildProcess = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      XDG_DATA_HOME: dataHome,
      XDG_RUNTIME_DIR: runtimeDir,
      ONAIR_DATA_DIR: dataDir,
      KEYRING_PW: randomBytes(12).toString('hex'),
      ...(options.keychain === false ? { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(runtimeDir, 'no-bus')}` } : {}),
      ...extraEnv
    }
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d) => (stdout += d))
  child.stderr?.on('data', (d) => (stderr += d))
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const pid = child.pid as number

  const match = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`onair serve exited (${child.exitCode}): ${stderr}`)
      return /(http:\/\/[^\s/]+)\/#token=([A-Za-z0-9_-]+)/.exec(stdout)
    },
    30_000,
    'onair serve to print its URL'
  )

  let stopped: Promise<number | null> | null = null
  return {
    url: match[0],
    origin: match[1],
    token: match[2],
    pid,
    dataDir,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: () =>
      (stopped ??= (async () => {
        // serve is the exec'd child of dbus-run-session (beside dbus-daemon); signal it alone first so it ends the show cleanly.
        const serve = options.keychain === false ? pid : childPids(pid).find((p) => cmdline(p).startsWith(process.execPath))
        if (serve) process.kill(serve, 'SIGTERM')
        else signalGroup(pid, 'SIGTERM')
        const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 15_000)
        const code = await exited
        clearTimeout(timer)
        signalGroup(pid, 'SIGKILL')
        rmSync(base, { recursive: true, force: true })
        return code
      })())
  }
}

function childPids(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    return ''
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // the group is already gone
  }
}
