import { afterAll, describe, expect, it } from 'vitest'
import { keyringSession, type KeyringSession } from '../../fixtures/keyring'
import { startRtmpIngest, type RtmpIngest } from '../../fixtures/nginx-rtmp'
import { KollusEmulator } from '../../emulators/kollus/kollus-emulator'
import { LivestreamApiEmulator } from '../../emulators/livestream-api/livestream-api-emulator'
import { NaverEmulator } from '../../emulators/naver/naver-emulator'
import { SigmaEmulator } from '../../emulators/sigma/sigma-emulator'
import { tempDir } from './provider-test-kit'
import { CLI, jsonLines, type JsonLine } from '../../fixtures/cli'
import { startRecordingServer } from '../../fixtures/recording-server'

type Line = JsonLine
const lines = jsonLines

/**
 * As a new user would (issue 3): save the account, list channels, create one, go live on it, against each
 * provider's emulator (its address saved with the account; --api-base names the same one), with the real keychain (a private Secret Service) and a real ingest.
 */
describe('onair CLI with each provider (emulators, real keychain, real nginx-rtmp)', () => {
  // One nginx per provider: the fixture has a single publish-handler slot, and the walks run concurrently.
  const ingests: RtmpIngest[] = []
  const newIngest = async () => {
    const i = await startRtmpIngest()
    ingests.push(i)
    return i
  }
  const sessions: Array<{ keyring: KeyringSession; remove: () => void }> = []
  const user = () => {
    const keyring = keyringSession()
    const data = tempDir('onair-cli-provider-')
    sessions.push({ keyring, remove: data.remove })
    return (args: string[], input?: string) => keyring.run(process.execPath, [CLI, ...args], { input, env: { ONAIR_DATA_DIR: data.dir }, timeoutMs: 60_000 })
  }

  afterAll(async () => {
    for (const s of sessions) {
      s.keyring.close()
      s.remove()
    }
    for (const i of ingests) await i.close()
  })

  /** The shared walk: credentials set → channels → channel create → channel show → live → ended at the provider. */
  async function walk(
    provider: string,
    emulatorUrl: string,
    credentials: Record<string, string>,
    createOptions: string[],
    secrets: string[],
    beforeLive?: (cli: ReturnType<typeof user>, channelId: string) => Promise<void>,
    /** The slower extras (a refused save, channel show) run for some providers only, to keep the suite short. */
    extras = false
  ): Promise<{ channelId: string; live: Line[] }> {
    const cli = user()
    const set = await cli(['credentials', 'set', provider, '--json'], JSON.stringify({ ...credentials, apiBase: emulatorUrl }))
    expect(set.code, set.stderr).toBe(0)
    if (extras) {
      // A wrong secret is refused at save time (the account is verified against the provider).
      const secretField = Object.keys(credentials).find((k) => /secret|token/i.test(k)) as string
      const refused = await cli(
        ['credentials', 'set', provider, '--profile', 'wrong', '--json'],
        JSON.stringify({ ...credentials, [secretField]: 'definitely-wrong-secret', apiBase: emulatorUrl })
      )
      expect(refused.code).toBe(1)
      expect(lines(refused.stdout)[0]).toMatchObject({ type: 'error', code: 'auth' })
    }

    const created = await cli([
      'channel',
      'create',
      provider,
      '--name',
      'onair_cli',
      ...createOptions.flatMap((o) => ['--option', o]),
      '--api-base',
      emulatorUrl,
      '--json'
    ])
    expect(created.code, created.stderr + created.stdout).toBe(0)
    const channel = lines(created.stdout)[0]
    expect(channel).toMatchObject({ type: 'channel', provider, name: 'onair_cli' })
    const channelId = String(channel.id)

    if (extras) {
      // --api-base naming another address than the saved one stops before any request: the saved secret stays home.
      const decoy = await startRecordingServer()
      try {
        const elsewhere = await cli(['channels', provider, '--api-base', decoy.url, '--json'])
        expect(elsewhere.code).toBe(1)
        expect(lines(elsewhere.stdout)[0]).toMatchObject({
          type: 'error',
          code: 'api_base_mismatch',
          message: expect.stringContaining(`onair credentials set ${provider}`)
        })
        expect(decoy.requests).toEqual([])
      } finally {
        await decoy.close()
      }
    }

    const list = await cli(['channels', provider, '--json'])
    expect(list.code, list.stderr).toBe(0)
    expect(lines(list.stdout).map((l) => l.id)).toContain(channelId)
    const shown = extras ? await cli(['channel', 'show', provider, channelId]) : { code: 0, stdout: channelId, stderr: '' }
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).toContain(channelId)

    await beforeLive?.(cli, channelId)
    const live = await cli(['live', '--provider', provider, '--channel', channelId, '--api-base', emulatorUrl, '--duration', '3', '--no-record', '--json'])
    expect(live.code, live.stderr + live.stdout).toBe(0)
    const out = lines(live.stdout)
    const states = out.filter((l) => l.type === 'state').map((l) => l.state)
    expect(states).toContain('live')
    expect(states.at(-1)).toBe('ended')
    for (const s of secrets) {
      for (const text of [set.stdout, set.stderr, created.stdout, list.stdout, shown.stdout, live.stdout, live.stderr]) expect(text).not.toContain(s)
    }
    return { channelId, live: out }
  }

  it.concurrent('NAVER: push reaches PUBLISHING, and the end of the session blocks the channel', async () => {
    const emu = new NaverEmulator()
    await emu.start()
    emu.attachIngest(await newIngest())
    try {
      const { channelId, live } = await walk(
        'naver',
        emu.url,
        { accessKey: emu.accessKey, secretKey: emu.secretKey },
        ['qualitySetId=1', 'profileId=7'],
        [emu.secretKey],
        undefined,
        true
      )
      // While live, the session polls the provider and shows its own state word beside ours.
      expect(live.some((l) => l.type === 'state' && l.state === 'live' && l.rawState === 'PUBLISHING')).toBe(true)
      const channel = emu.channels.get(channelId)
      expect(emu.log.filter((e) => e.channelId === channelId).map((e) => e.eventCode)).toEqual(expect.arrayContaining(['PUBLISH_START', 'PUBLISH_END']))
      expect(channel?.channelStatus).toBe('BLOCK')
    } finally {
      await emu.close()
    }
  })

  it.concurrent('Sigma: start before the push, the session goes live, and ends by the user at the end', async () => {
    const emu = new SigmaEmulator({ processingMs: 50 })
    await emu.start()
    emu.attachIngest(await newIngest())
    try {
      const { channelId } = await walk('sigma', emu.url, { appId: emu.appId, username: emu.username, secret: emu.secret }, ['mode=low-latency'], [emu.secret])
      const sessions = [...emu.sessions.values()].filter((s) => s.channelId === channelId)
      expect(sessions.map((s) => s.status)).toEqual(['ended'])
      // The encoder stops first (unpublished), then the release stops the channel: ended by the user.
      const events = emu.events.filter((e) => e.sessionId === sessions[0].id)
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['init', 'published', 'process', 'stable']))
      expect(events.at(-1)).toMatchObject({ action: 'ended', actor: 'user' })
    } finally {
      await emu.close()
    }
  })

  it.concurrent('Livestream API v1.0-poc: the stream goes live and is stopped (ended) at the end', async () => {
    const emu = new LivestreamApiEmulator()
    await emu.start()
    emu.attachIngest(await newIngest())
    try {
      const { channelId } = await walk(
        'livestream-api',
        emu.url,
        { tokenId: emu.tokenId, tokenSecret: emu.tokenSecret },
        ['mode=normal', 'thumbWidth=640'],
        [emu.tokenSecret],
        undefined,
        true
      )
      expect(emu.streams.get(channelId)).toMatchObject({ status: 'ended' })
      expect(emu.streams.get(channelId)?.startTime).toBeDefined()
    } finally {
      await emu.close()
    }
  })

  it.concurrent('Kollus: the ingest is entered by hand (key on stdin, masked), the push puts the channel on air', async () => {
    const emu = new KollusEmulator({ disconnectWindowMs: 200 })
    await emu.start()
    emu.attachIngest(await newIngest())
    try {
      const { channelId } = await walk(
        'kollus',
        emu.url,
        { serviceAccountKey: emu.serviceAccountKey, accessToken: emu.accessToken },
        ['customer_code=onair', 'is_shared=1'],
        [emu.accessToken],
        async (cli, id) => {
          const before = await cli(['live', '--provider', 'kollus', '--channel', id, '--api-base', emu.url, '--duration', '1', '--no-record', '--json'])
          expect(before.code).toBe(1)
          expect(lines(before.stdout).find((l) => l.type === 'error')).toMatchObject({ code: 'credentials_missing' })
          const { server, key } = emu.consoleIngest(id)
          const set = await cli(['channel', 'set-ingest', 'kollus', id, '--server', server, '--key-stdin', '--api-base', emu.url], `${key}\n`)
          expect(set.code, set.stderr).toBe(0)
          expect(set.stdout).toContain(key.slice(-4))
          expect(set.stdout + set.stderr).not.toContain(key)
        }
      )
      const broadcasts = [...emu.broadcasts.values()].filter((b) => b.channelKey === channelId)
      expect(broadcasts).toHaveLength(1)
      // The gaps between all calls from all those processes: never under 1 s, never a 429.
      const apiCalls = emu.server.requests.filter((r) => r.path.startsWith('/api/'))
      expect(emu.callTimes).toHaveLength(apiCalls.length)
      const gaps = emu.callTimes.slice(1).map((t, i) => t - emu.callTimes[i])
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000)
    } finally {
      await emu.close()
    }
  })
})
