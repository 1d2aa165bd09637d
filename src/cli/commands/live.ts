import { isOnairError, onairError } from '../../shared/errors'
import { audioSourceSchema, videoSourceSchema, type LiveSnapshot } from '../../shared/live'
import { parseRtmpDestination } from '../../shared/rtmp-url'
import { describe } from '../../shared/validation-error'
import type { LiveDestinationRequest } from '../../main/core/live/live-service'
import type { CliCommand, CliContext, ParsedArgs } from '../cli-command'
import { checkApiBaseArg } from '../api-base-arg'
import { apiBaseOption, jsonOption, listArg, numberArg, profileArg, profileOption, providerArg, stringArg, usageError } from '../cli-args'
import { EXIT, onStopSignal, reportError } from '../cli-io'
import { followSession } from '../live-output'

/** `onair live` (DESIGN §8): go live to saved channels or straight to RTMP URLs, until --duration, SIGINT or SIGTERM. */
export const liveCommand: CliCommand = {
  name: 'live',
  summary: 'Go live: to a provider channel or straight to an RTMP server',
  usage: [
    'onair live (--provider PROVIDER --channel ID [--api-base URL] | --to RTMP_URL [--key-stdin])',
    '           [--video SOURCE] [--audio SOURCE] [--record DIR | --no-record] [--duration SECONDS] [--json]',
    'SOURCE: screen[:N][@WxH+X+Y], window:ID, camera[:ID], testsrc, file:PATH; audio mic[:ID], system, sine, none, file:PATH',
    'Repeat --to (each URL ending with its key) to go live to several places from one encode. "onair devices" lists sources.',
    'Exit status: 0 clean end, 1 failed, 2 wrong usage, 3 the show went fine but its recording was cut short (disk full, folder removed).'
  ].join('\n'),
  options: {
    ...jsonOption,
    ...profileOption,
    ...apiBaseOption,
    provider: { type: 'string' },
    channel: { type: 'string' },
    to: { type: 'string', multiple: true },
    'key-stdin': { type: 'boolean' },
    video: { type: 'string' },
    audio: { type: 'string' },
    record: { type: 'string' },
    'no-record': { type: 'boolean' },
    duration: { type: 'string' }
  },
  async run(ctx, args) {
    // `--to rtmp://host/app/KEY` puts the key in our own argv, which any local user can read (ps, /proc/PID/cmdline).
    // Node rewrites the argv memory on Linux when the title changes, so from here on /proc shows only this.
    process.title = 'onair live'
    const video = sourceArg(args, 'video', 'testsrc', videoSourceSchema)
    const audio = sourceArg(args, 'audio', 'sine', audioSourceSchema)
    const duration = numberArg(args, 'duration', 0.1, 7 * 24 * 3600)
    if (args.values.record !== undefined && args.values['no-record']) throw usageError('Use either --record DIR or --no-record, not both.')
    const destinations = await destinationsFrom(ctx, args)
    const core = ctx.core()
    const live = core.services.live
    const secrets = destinations.flatMap((d) => ('rtmp' in d ? [d.rtmp.key, d.rtmp.publishUrl] : []))
    core.services.secrets.add(...secrets)

    const followed = followSession(ctx.io, core)
    let stopping: Promise<LiveSnapshot> | null = null
    const stop = () => (stopping ??= live.stop())
    const disposeSignals = onStopSignal(() => void stop())
    try {
      try {
        await live.start({
          destinations,
          video,
          audio,
          record: !args.values['no-record'],
          recordDir: stringArg(args, 'record'),
          preview: false,
          plannedSeconds: duration
        })
      } catch (e) {
        // A stop during connecting is a clean end; anything else is the reason we exit non-zero.
        if (stopping && isOnairError(e) && e.code === 'not_live') return EXIT.ok
        return reportError(ctx.io, e, secrets)
      }
      if (duration !== undefined) setTimeout(() => void stop(), duration * 1000).unref()
      const end = await followed.ended
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

function sourceArg(args: ParsedArgs, name: string, fallback: string, schema: typeof videoSourceSchema): string {
  const value = stringArg(args, name) ?? fallback
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw usageError(describe(parsed.error.issues[0], `--${name}`))
  return value
}

async function destinationsFrom(ctx: CliContext, args: ParsedArgs): Promise<LiveDestinationRequest[]> {
  const to = listArg(args, 'to')
  const provider = stringArg(args, 'provider')
  if (to.length === 0 && !provider) throw usageError(`Say where to go live.\n${liveCommand.usage}`)
  const out: LiveDestinationRequest[] = []
  if (provider) {
    const channelId = stringArg(args, 'channel')
    const id = providerArg(provider)
    if (id !== 'custom' && !channelId) throw usageError('--provider needs --channel ID.')
    const profile = profileArg(args)
    await checkApiBaseArg(ctx, args, id, profile)
    out.push({ target: { provider: id, profile, channelId } })
  } else if (stringArg(args, 'api-base') !== undefined) {
    throw usageError('--api-base goes with --provider (an RTMP URL given with --to has no API address).')
  }
  if (args.values['key-stdin'] && to.length !== 1) throw usageError('--key-stdin goes with exactly one --to URL.')
  for (const url of to) {
    let key: string | undefined
    if (args.values['key-stdin']) {
      if (ctx.io.stdinIsTty) ctx.io.err('Paste the stream key, then press Enter and Ctrl-D.')
      key = (await ctx.io.readStdin()).trim()
      if (!key) throw onairError('invalid_rtmp_url', 'No stream key arrived on stdin.', { field: 'streamKey' })
    }
    out.push({ rtmp: parseRtmpDestination(url, key, 'to') })
  }
  // Parsed first, so only a URL that really ends in a key is warned about. stderr, so --json stdout stays results only.
  if (to.length > 0 && !args.values['key-stdin']) {
    ctx.io.err(
      'onair: warning: the stream key is on the command line (in the --to URL): any user of this computer can read it with ps while the command starts, and it stays in your shell history. Give it on stdin instead: onair live --to rtmp://host/app --key-stdin'
    )
  }
  return out
}
