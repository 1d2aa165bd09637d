import { existsSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { onairError, type OnairError } from '../../shared/errors'
import { audioSourceSchema, videoSourceSchema } from '../../shared/live'
import { describe } from '../../shared/validation-error'
import { recordingKbps } from '../../main/core/media/encoder-args'
import { FanoutPipeline } from '../../main/core/media/fanout-pipeline'
import { FfmpegLocator } from '../../main/core/media/ffmpeg-locator'
import { describeRecordingFailure } from '../../main/core/media/recording-failure'
import { checkRecordingFolder } from '../../main/core/recordings/recording-folder'
import { recordingSpaceNeed } from '../../main/core/recordings/recording-space'
import { sourceDevices } from '../../main/core/media/source-args'
import type { CliCommand, ParsedArgs } from '../cli-command'
import { jsonOption, numberArg, stringArg, usageError } from '../cli-args'
import { EXIT, onStopSignal, reportError } from '../cli-io'
import { printRecording } from '../live-output'

/**
 * `onair record` (DESIGN §8): the same encoder as a live session, with no destination: capture, encode once,
 * write the crash-safe Matroska recording. Ends at --duration, SIGINT or SIGTERM, with the file closed.
 */
export const recordCommand: CliCommand = {
  name: 'record',
  summary: 'Record locally without going live',
  usage: [
    'onair record --video SOURCE [--audio SOURCE] --out DIR [--duration SECONDS] [--json]',
    'SOURCE: screen[:N][@WxH+X+Y], window:ID, camera[:ID], testsrc, file:PATH; audio mic[:ID], system, sine, none',
    'Exit status: 0 clean end, 1 failed, 2 wrong usage, 3 the recording was cut short (disk full, folder removed).'
  ].join('\n'),
  options: { ...jsonOption, video: { type: 'string' }, audio: { type: 'string' }, out: { type: 'string' }, duration: { type: 'string' } },
  async run(ctx, args) {
    const video = sourceArg(args, 'video', undefined, videoSourceSchema)
    const audio = sourceArg(args, 'audio', 'none', audioSourceSchema)
    const out = stringArg(args, 'out')
    if (!out) throw usageError(`--out DIR says where the recording goes.\n${recordCommand.usage}`)
    const duration = numberArg(args, 'duration', 0.1, 7 * 24 * 3600)
    const { io, env } = ctx
    const platform = process.platform
    try {
      const caps = await new FfmpegLocator({ env }).locate({
        devices: sourceDevices(video, audio, platform, env),
        encoders: ['libx264', 'aac'],
        muxers: ['flv', 'matroska', 'tee']
      })
      const dir = resolve(out)
      // The same check as Go Live: refused now, with the numbers, rather than a file that stops at 6 s.
      await checkRecordingFolder(dir, recordingSpaceNeed(recordingKbps(), duration))
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19)
      const path = join(dir, `${stamp}-recording.mkv`)
      let resolveEnded: (e: OnairError | null) => void = () => {}
      const ended = new Promise<OnairError | null>((r) => (resolveEnded = r))
      const pipeline = new FanoutPipeline(
        { ffmpegPath: caps.path, ffmpegVersion: caps.version, encoders: caps.encoders, video, audio, destinations: [], recordingPath: path, platform, env },
        {
          onDestinationLive: () => {},
          onStats: (stats) => io.json && io.emit({ type: 'stats', time: Date.now(), ...stats }),
          onLog: (level, code, message) =>
            io.json ? io.emit({ type: 'event', time: Date.now(), level, code, message }) : level !== 'info' && io.err(`  ${level}: ${message}`),
          // Recording is all this command does: when the file cannot grow any more, end here and keep what fits.
          onRecordingFailed: (status, detail) => {
            const message = `The recording stopped at ${status.seconds} s: ${describeRecordingFailure(status.error)} (${detail}).`
            if (io.json)
              io.emit({
                type: 'event',
                time: Date.now(),
                level: 'warn',
                code: 'recording.failed',
                message,
                data: { cause: status.error, seconds: status.seconds }
              })
            else io.err(`  warn: ${message}`)
            void stop()
          },
          onEnded: resolveEnded
        }
      )
      let stopping: Promise<void> | null = null
      const stop = () => (stopping ??= pipeline.stop())
      const disposeSignals = onStopSignal(() => void stop())
      try {
        await pipeline.start()
        if (io.json) io.emit({ type: 'state', state: 'recording', recordingPath: path })
        else io.err(`● recording → ${path}`)
        if (duration !== undefined) setTimeout(() => void stop(), duration * 1000).unref()
        const endedWith = await ended
        // A source that gave no frame leaves a file with headers only: remove it rather than announce it, and say so.
        // (Not judged by size: a few seconds of a still, dark screen is a real recording of a few kilobytes.)
        const captured = pipeline.framesEncoded() > 0
        if (!captured) rmSync(path, { force: true })
        const status = pipeline.recording() ?? { path, complete: existsSync(path), seconds: 0 }
        const error =
          endedWith ??
          (captured
            ? null
            : onairError(
                'source_unavailable',
                'Nothing was recorded: no picture came from the video source before the recording stopped. Check the source with "onair devices", or record for longer.'
              ))
        if (io.json) io.emit({ type: 'state', state: error ? 'failed' : 'ended', recordingPath: captured && existsSync(path) ? path : undefined })
        if (captured) printRecording(io, status)
        if (error) return reportError(io, error)
        return status.complete ? EXIT.ok : EXIT.recordingIncomplete
      } finally {
        disposeSignals()
        await stop()
      }
    } catch (e) {
      return reportError(io, e)
    }
  }
}

function sourceArg(args: ParsedArgs, name: string, fallback: string | undefined, schema: typeof videoSourceSchema): string {
  const value = stringArg(args, name) ?? fallback
  if (!value) throw usageError(`--${name} SOURCE is required.\n${recordCommand.usage}`)
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw usageError(describe(parsed.error.issues[0], `--${name}`))
  return value
}
