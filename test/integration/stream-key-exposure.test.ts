import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { waitFor } from '../fixtures/ports'
import { CLI } from '../fixtures/cli'

/** Every process's command line on this machine (Linux /proc): what any local user can read. */
function allCommandLines(): Map<number, string> {
  const out = new Map<number, string>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      out.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'latin1').replace(/\0/g, ' '))
    } catch {
      // ended while we looked
    }
  }
  return out
}

/** `pid` and all its descendants. */
function processTree(pid: number): number[] {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // ended while we looked
    }
  }
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child)
  return tree
}

describe('issue 7 item 3: no stream key in any process', () => {
  let ingest: RtmpIngest
  beforeAll(async () => {
    ingest = await startRtmpIngest()
  })
  afterAll(async () => {
    await ingest?.close()
  })

  it('while `onair live --key-stdin` is live, no command line on the machine and no environment of ours holds the key', async () => {
    // A key with characters that URL encoding changes, so an encoded copy would not hide from the search.
    const name = `sk_live_${randomBytes(12).toString('hex')}`
    const key = `${name}?auth=${randomBytes(6).toString('hex')}/a+b`
    const needles = [...new Set([key, name, encodeURIComponent(key), encodeURI(key), key.replace('?', '%3F'), Buffer.from(key).toString('base64')])]
    const dataDir = mkdtempSync(join(tmpdir(), 'onair-keyleak-'))
    const child = spawn(
      process.execPath,
      [CLI, 'live', '--to', `${ingest.base}/live`, '--key-stdin', '--video', 'testsrc', '--audio', 'sine', '--no-record', '--json'],
      {
        env: { ...process.env, ONAIR_DATA_DIR: dataDir },
        stdio: ['pipe', 'pipe', 'pipe']
      }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
    child.stdin.end(`${key}\n`)
    try {
      await waitFor(() => stdout.includes('"state":"live"'), 20_000, 'live')
      // The ingest got the key, through the RTMP connection itself.
      const publish = await ingest.waitForPublish(name)
      expect(publish.params.auth, JSON.stringify(publish.params)).toBeDefined()

      // Look several times while the show runs, so a helper process started later would be seen too.
      let looked = 0
      for (let round = 0; round < 5; round++) {
        const lines = allCommandLines()
        looked = Math.max(looked, lines.size)
        for (const [pid, cmdline] of lines) for (const needle of needles) expect(cmdline.includes(needle), `pid ${pid}: ${cmdline.slice(0, 200)}`).toBe(false)
        const ours = processTree(child.pid as number)
        expect(ours.length).toBeGreaterThanOrEqual(2) // onair and its encoder
        for (const pid of ours) {
          let environ = ''
          try {
            environ = readFileSync(`/proc/${pid}/environ`, 'latin1')
          } catch {
            continue
          }
          for (const needle of needles) expect(environ.includes(needle), `environment of pid ${pid}`).toBe(false)
        }
        await new Promise((r) => setTimeout(r, 400))
      }
      // The search ran over the whole machine, not an empty list.
      expect(looked).toBeGreaterThan(5)
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited, stderr).toBe(0)
    expect(stdout + stderr).not.toContain(name)
  })
})
