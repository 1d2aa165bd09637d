import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings'
import { CLI, jsonLines } from '../fixtures/cli'
import { startRtmpIngest, type RtmpIngest } from '../fixtures/nginx-rtmp'
import { run } from '../fixtures/run'

async function videoSize(file: string): Promise<string> {
  const r = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0:s=x', file])
  return r.stdout.trim()
}

/**
 * Issue 9 item 1: the CLI reads the settings the app saved (settings.json in ONAIR_DATA_DIR) where no flag is given:
 * the last show's sources, the output, whether to record. Flags win. A damaged file is set aside with a warning.
 */
describe('onair live reads the saved settings', () => {
  let ingest: RtmpIngest
  let dataDir: string
  const env = () => ({ ...process.env, ONAIR_DATA_DIR: dataDir })
  const live = (args: string[]) => run(process.execPath, [CLI, 'live', ...args], { env: env(), timeoutMs: 60_000 })
  const save = (settings: Partial<Settings>) => writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }))

  beforeAll(async () => {
    ingest = await startRtmpIngest()
    dataDir = mkdtempSync(join(tmpdir(), 'onair-cli-settings-'))
  })
  afterAll(async () => {
    await ingest?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('uses the saved sources, output and recording choice when no flag says otherwise', async () => {
    save({
      sources: { video: 'testsrc', audio: 'none' },
      output: { preset: '480p30', width: 854, height: 480, fps: 30, videoKbps: 1500, encoder: 'libx264' },
      recording: { enabled: false, folder: null }
    })
    const key = `saved-${Date.now()}`
    const r = await live(['--to', `${ingest.base}/live/${key}`, '--duration', '2', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const out = jsonLines(r.stdout)
    expect(out.find((l) => l.type === 'state' && l.state === 'live')).toMatchObject({ sources: { video: 'testsrc', audio: 'none' } })
    // Recording off in the settings: no recording line, nothing in the data dir's recordings folder.
    expect(out.some((l) => l.type === 'recording')).toBe(false)
    expect(existsSync(join(dataDir, 'recordings')) ? readdirSync(join(dataDir, 'recordings')) : []).toEqual([])
    await ingest.waitForPublishDone(key)
    expect(await videoSize(ingest.recordings().find((f) => f.includes(key)) as string)).toBe('854x480')
  })

  it('lets the flags win over the settings', async () => {
    const recordDir = mkdtempSync(join(tmpdir(), 'onair-cli-settings-rec-'))
    const key = `flags-${Date.now()}`
    const r = await live(['--to', `${ingest.base}/live/${key}`, '--audio', 'sine', '--output', '720p30', '--record', recordDir, '--duration', '2', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const out = jsonLines(r.stdout)
    expect(out.find((l) => l.type === 'state' && l.state === 'live')).toMatchObject({ sources: { video: 'testsrc', audio: 'sine' } })
    expect(out.find((l) => l.type === 'recording')).toMatchObject({ complete: true })
    await ingest.waitForPublishDone(key)
    expect(await videoSize(ingest.recordings().find((f) => f.includes(key)) as string)).toBe('1280x720')
    rmSync(recordDir, { recursive: true, force: true })

    const wrong = await live(['--to', `${ingest.base}/live/${key}`, '--output', '4k'])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/--output must be one of 1080p30, 720p30, 720p60, 480p30/)
  })

  it('onair settings shows and changes the same settings, with the same checks as the app', async () => {
    const settings = (args: string[]) => run(process.execPath, [CLI, 'settings', ...args], { env: env(), timeoutMs: 30_000 })
    const set = await settings(['set', 'output.preset=1080p30', 'recording.enabled=false', 'language=ko', 'sources.video=screen:0', '--json'])
    expect(set.code, set.stderr).toBe(0)
    expect(jsonLines(set.stdout)[0]).toMatchObject({ type: 'settings', settings: { output: { width: 1920, videoKbps: 6000 }, language: 'ko' } })
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({
      output: { preset: '1080p30' },
      recording: { enabled: false },
      sources: { video: 'screen:0' }
    })
    const shown = await settings([])
    expect(shown.stdout).toContain('output.preset = 1080p30\n')
    expect(shown.stdout).toContain('language = ko\n')

    const odd = await settings(['set', 'output.width=1281'])
    expect(odd.code).toBe(1)
    expect(odd.stderr).toContain('"output.width" must be an even number.')
    const sh = await settings(['set', 'ffmpegPath=/bin/sh'])
    expect(sh.code).toBe(1)
    expect(sh.stderr).toContain('Choose the ffmpeg program itself')
    expect((await settings(['set', 'language'])).code).toBe(2)
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).output.width).toBe(1920)
  })

  it('sets a damaged settings file aside with a warning and goes on with the defaults', async () => {
    writeFileSync(join(dataDir, 'settings.json'), '{"version": 1, "sources": ')
    // No destination: a usage error after the settings were read, so nothing goes live.
    const r = await live([])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(
      /warning: the settings file could not be read \(damaged\); it was kept as .*settings\.json\.corrupt-\d{8}T\d{6}Z and the defaults are used/
    )
    expect(readdirSync(dataDir).filter((f) => f.startsWith('settings.json.corrupt-'))).toHaveLength(1)
  })
})
