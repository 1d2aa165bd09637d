import { OnairError, onairError } from '../../shared/errors'
import { audioSourceSchema, MAX_DESTINATIONS, videoSourceSchema, type LiveDestination, type LiveSnapshot } from '../../shared/live'
import { profileSchema, type ProviderId } from '../../shared/providers'
import { parseRtmpDestination } from '../../shared/rtmp-url'
import { describe } from '../../shared/validation-error'
import type { CommandResult } from '../../shared/contract'
import type { Settings } from '../../shared/settings'
import { OUTPUT_PRESETS, type OutputSettings } from '../../shared/output-presets'
import type { OnairCore } from '../../main/core/onair-core'
import type { CliCommand, CliContext, ParsedArgs } from '../cli-command'
import { checkApiBase } from '../api-base-arg'
import { jsonOption, listArg, numberArg, providerArg, stringArg, usageError } from '../cli-args'
import { EXIT, onStopSignal, reportError } from '../cli-io'
import { followSession } from '../live-output'

const PRESET_NAMES = Object.keys(OUTPUT_PRESETS) as Array<keyof typeof OUTPUT_PRESETS>

/**
 * `onair live` (DESIGN §8): go live to saved channels and/or straight to RTMP URLs, until --duration, SIGINT or
 * SIGTERM. It goes through the contract like the app: a `live:start` request dispatched to the core. An RTMP URL
 * given on the command line becomes an account of this process only (never in the keychain), named in the request
 * like a saved one.
 */
export const liveCommand: CliCommand = {
  name: 'live',
  summary: 'Go live: to provider channels and/or straight to RTMP servers (up to 4 at once)',
  usage: [
    'onair live (--provider PROVIDER --channel ID [--profile NAME] [--api-base URL] | --to RTMP_URL [--key-stdin])...',
    '           [--backup] [--video SOURCE] [--audio SOURCE] [--output PRESET] [--record DIR | --no-record] [--offline] [--duration SECONDS] [--json]',
    `PRESET: ${PRESET_NAMES.join(', ')} (size, frame rate and bitrate; the encoder stays the saved one).`,
    'SOURCE: screen[:N][@WxH+X+Y], window:ID, camera[:ID], testsrc, file:PATH; audio mic[:ID], system, sine, none, file:PATH',
    'Without --video/--audio, the sources of the last show chosen in the app (the settings), else testsrc and sine. The output',
    '(size, frame rate, bitrate, encoder) and whether to record come from the settings too; the flags here win.',
    `Repeat --provider/--channel pairs (and --to URLs) to go live to up to ${MAX_DESTINATIONS} places from one encode; --profile and`,
    '--api-base are given once for all or once per --provider, in the same order. --backup also pushes every NAVER channel to',
    'its backup ingest. "onair devices" lists sources.',
    '--offline: when a provider or an ingest cannot be reached (no network, no answer; not a refused key), go on recording in',
    'state "offline" and go live by itself when it returns. Without it the command fails at once, whatever the app\'s setting says.',
    'Exit status: 0 clean end, 1 failed, 2 wrong usage, 3 the show went fine but its recording was cut short (disk full, folder removed).'
  ].join('\n'),
  options: {
    ...jsonOption,
    profile: { type: 'string', multiple: true },
    'api-base': { type: 'string', multiple: true },
    provider: { type: 'string', multiple: true },
    channel: { type: 'string', multiple: true },
    to: { type: 'string', multiple: true },
    'key-stdin': { type: 'boolean' },
    backup: { type: 'boolean' },
    video: { type: 'string' },
    audio: { type: 'string' },
    record: { type: 'string' },
    'no-record': { type: 'boolean' },
    duration: { type: 'string' },
    output: { type: 'string' },
    offline: { type: 'boolean' }
  },
  async run(ctx, args) {
    // `--to rtmp://host/app/KEY` puts the key in our own argv, which any local user can read (ps, /proc/PID/cmdline).
    // Node rewrites the argv memory on Linux when the title changes, so from here on /proc shows only this.
    process.title = 'onair live'
    const duration = numberArg(args, 'duration', 0.1, 7 * 24 * 3600)
    if (args.values.record !== undefined && args.values['no-record']) throw usageError('Use either --record DIR or --no-record, not both.')
    const core = ctx.core()
    const settings = await savedSettings(ctx, core)
    const video = sourceArg(args, 'video', settings?.sources.video ?? 'testsrc', videoSourceSchema)
    const audio = sourceArg(args, 'audio', settings?.sources.audio ?? 'sine', audioSourceSchema)
    // --record DIR records even where the settings say not to; --no-record never does.
    const record = args.values['no-record'] ? false : args.values.record !== undefined || (settings?.recording.enabled ?? true)
    const { destinations, secrets } = await destinationsFrom(ctx, args, core)
    // Not in the contract on purpose: no socket client may choose where files are written.
    core.services.live.useLocalOptions({ recordDir: stringArg(args, 'record'), preview: false, plannedSeconds: duration })

    const followed = followSession(ctx.io, core)
    let stopping: Promise<CommandResult<'live:stop'>> | null = null
    const stop = () => (stopping ??= core.dispatch('live:stop', {}))
    const disposeSignals = onStopSignal(() => void stop())
    try {
      const output = outputArg(args, settings)
      // Offline mode only when asked for: a script gets its non-zero exit at once when the network is down (DESIGN §8).
      const offline = Boolean(args.values.offline)
      const started = await core.dispatch('live:start', { destinations, video, audio, record, offline, ...(output ? { output } : {}) })
      if (!started.ok) {
        // A stop during connecting is a clean end; anything else is the reason we exit non-zero.
        if (stopping && started.error.code === 'not_live') return EXIT.ok
        return reportError(ctx.io, new OnairError(started.error), secrets)
      }
      if (duration !== undefined) setTimeout(() => void stop(), duration * 1000).unref()
      const end: LiveSnapshot = await followed.ended
      if (end.state === 'failed')
        return reportError(ctx.io, onairError(end.error?.code ?? 'internal', end.error?.message ?? 'The live session failed.', end.error ?? {}), secrets)
      // The show went fine; its recording did not (the recording line above says how much was kept).
      return end.recording && !end.recording.complete ? EXIT.recordingIncomplete : EXIT.ok
    } finally {
      disposeSignals()
      await stop()
      followed.dispose()
    }
  }
}

/** The settings the app saved (one JSON file in the data dir); a damaged file was set aside, which is said once. */
async function savedSettings(ctx: CliContext, core: OnairCore): Promise<Settings | null> {
  const result = await core.dispatch('settings:get', {})
  if (!result.ok) return null
  const { recovered } = result.value
  if (recovered) {
    ctx.io.err(
      `onair: warning: the settings file could not be read (${recovered.reason === 'newer' ? 'written by a newer Onair' : 'damaged'}); it was kept as ${recovered.keptAs} and the defaults are used.`
    )
  }
  return result.value.settings
}

/** `--output 1080p30`: a preset's figures with the saved encoder; absent, core uses the saved output. */
function outputArg(args: ParsedArgs, settings: Settings | null): OutputSettings | undefined {
  const name = stringArg(args, 'output')
  if (name === undefined) return undefined
  const preset = PRESET_NAMES.find((p) => p === name)
  if (!preset) throw usageError(`--output must be one of ${PRESET_NAMES.join(', ')}.`)
  return { preset, ...OUTPUT_PRESETS[preset], encoder: settings?.output.encoder ?? 'auto' }
}

function sourceArg(args: ParsedArgs, name: string, fallback: string, schema: typeof videoSourceSchema): string {
  const value = stringArg(args, name) ?? fallback
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw usageError(describe(parsed.error.issues[0], `--${name}`))
  return value
}

/** One value for all, or one per --provider in the same order. */
function perProvider(args: ParsedArgs, name: string, count: number): Array<string | undefined> {
  const values = listArg(args, name)
  if (values.length === 0) return Array.from({ length: count }, () => undefined)
  if (values.length === 1 && (count === 1 || name === 'profile')) return Array.from({ length: count }, () => values[0])
  if (values.length === count) return values
  throw usageError(`Give --${name} once${name === 'profile' ? ' for all' : ''}, or once per --provider in the same order.`)
}

/**
 * The request's destinations: `--provider/--channel` pairs (each API provider takes the next --channel), then one
 * per `--to` URL, registered as an account of this process only. Returns the keys given here, for redaction.
 */
export async function destinationsFrom(ctx: CliContext, args: ParsedArgs, core: OnairCore): Promise<{ destinations: LiveDestination[]; secrets: string[] }> {
  const to = listArg(args, 'to')
  const providers = listArg(args, 'provider').map(providerArg)
  if (to.length === 0 && providers.length === 0) throw usageError(`Say where to go live.\n${liveCommand.usage}`)
  if (providers.length + to.length > MAX_DESTINATIONS) throw usageError(`At most ${MAX_DESTINATIONS} destinations at once.`)
  const channels = listArg(args, 'channel')
  const withChannel = providers.filter((p) => p !== 'custom')
  if (channels.length !== withChannel.length) {
    if (providers.length === 1 && withChannel.length === 1) throw usageError('--provider needs --channel ID.')
    throw usageError('Give one --channel ID for each --provider other than custom, in the same order.')
  }
  if (providers.length === 0 && listArg(args, 'api-base').length > 0) {
    throw usageError('--api-base goes with --provider (an RTMP URL given with --to has no API address).')
  }
  if (args.values.backup && !providers.includes('naver')) throw usageError('--backup goes with --provider naver (a channel with a backup ingest).')
  const profiles = perProvider(args, 'profile', providers.length)
  const apiBases = perProvider(args, 'api-base', providers.length)

  const destinations: LiveDestination[] = []
  let channelIndex = 0
  for (const [i, provider] of providers.entries()) {
    const profile = profileValue(profiles[i])
    await checkApiBase(ctx, apiBases[i], provider, profile)
    const channelId = provider === 'custom' ? undefined : channels[channelIndex++]
    destinations.push(destination(provider, profile, channelId, provider === 'naver' && Boolean(args.values.backup)))
  }
  const duplicate = destinations.findIndex(
    (d, i) => destinations.findIndex((o) => o.provider === d.provider && o.profile === d.profile && o.channelId === d.channelId) !== i
  )
  if (duplicate >= 0) throw usageError('The same channel is given twice.')

  if (args.values['key-stdin'] && to.length !== 1) throw usageError('--key-stdin goes with exactly one --to URL.')
  const secrets: string[] = []
  for (const url of to) {
    let key: string | undefined
    if (args.values['key-stdin']) {
      if (ctx.io.stdinIsTty) ctx.io.err('Paste the stream key, then press Enter and Ctrl-D.')
      key = (await ctx.io.readStdin()).trim()
      if (!key) throw onairError('invalid_rtmp_url', 'No stream key arrived on stdin.', { field: 'streamKey' })
    }
    const rtmp = parseRtmpDestination(url, key, 'to')
    secrets.push(rtmp.key, rtmp.publishUrl)
    core.services.secrets.add(rtmp.key, rtmp.publishUrl)
    // In memory for this process only: the request names it like a saved account, the keychain never sees it.
    const profile = core.services.accounts.addSessionAccount('custom', { serverUrl: rtmp.server, streamKey: rtmp.key })
    destinations.push(destination('custom', profile))
  }
  // Parsed first, so only a URL that really ends in a key is warned about. stderr, so --json stdout stays results only.
  if (to.length > 0 && !args.values['key-stdin']) {
    ctx.io.err(
      'onair: warning: the stream key is on the command line (in the --to URL): any user of this computer can read it with ps while the command starts, and it stays in your shell history. Give it on stdin instead: onair live --to rtmp://host/app --key-stdin'
    )
  }
  return { destinations, secrets }
}

function profileValue(value: string | undefined): string {
  const profile = value ?? 'default'
  const parsed = profileSchema.safeParse(profile)
  if (!parsed.success) throw usageError(describe(parsed.error.issues[0], '--profile'))
  return profile
}

function destination(provider: ProviderId, profile: string, channelId?: string, backup = false): LiveDestination {
  return { provider, profile, ...(channelId !== undefined ? { channelId } : {}), ...(backup ? { backup } : {}) }
}
