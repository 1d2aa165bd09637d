import type { CliCommand } from '../cli-command'
import { jsonOption, listArg, stringArg, usageError } from '../cli-args'
import { runStreamHandoff } from './handoff-stream'
import { runUploadHandoff } from './handoff-upload'

/** `onair handoff` (DESIGN §8): a recording sent on, streamed to channels (handoff-stream.ts) or uploaded (handoff-upload.ts). */
export const handoffCommand: CliCommand = {
  name: 'handoff',
  summary: 'Stream a recording to channels as a live show, or upload it to S3-compatible storage',
  usage: [
    'onair handoff FILE|RECORDING_ID (--provider PROVIDER --channel ID [--profile NAME] [--api-base URL] | --to RTMP_URL [--key-stdin])...',
    '            [--part START-END | --missed] [--json]',
    '--part 60-125 sends only seconds 60 to 125 of the file; --missed only the part of the show that reached no destination.',
    '  streams the file as a live show at its own pace, as it is (H.264 + AAC/MP3, no re-encoding); Ctrl-C stops it. The whole',
    '  file sent marks the recording handed_off. Exit status: 0 sent (or stopped), 1 failed, 2 wrong usage.',
    'onair handoff FILE|RECORDING_ID --upload s3://BUCKET/KEY [--profile NAME] [--endpoint URL] [--cancel] [--json]',
    'Credentials: the s3 account saved with "onair credentials set s3" ({"accessKeyId","secretAccessKey","region","endpoint"?}),',
    "else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION. --endpoint: an S3-compatible store (must be the account's own).",
    'Ctrl-C pauses: run the same command again to send only the missing parts; --cancel gives the upload up (no object is written).'
  ].join('\n'),
  options: {
    ...jsonOption,
    profile: { type: 'string', multiple: true },
    upload: { type: 'string' },
    endpoint: { type: 'string' },
    cancel: { type: 'boolean' },
    provider: { type: 'string', multiple: true },
    channel: { type: 'string', multiple: true },
    to: { type: 'string', multiple: true },
    'key-stdin': { type: 'boolean' },
    part: { type: 'string' },
    missed: { type: 'boolean' },
    'api-base': { type: 'string', multiple: true }
  },
  async run(ctx, args) {
    const [recording, ...extra] = args.positionals
    if (!recording || extra.length > 0) throw usageError(`Name one recording (its file or id).\n${handoffCommand.usage}`)
    const upload = stringArg(args, 'upload')
    const toChannel = listArg(args, 'provider').length > 0 || listArg(args, 'to').length > 0
    if (upload && toChannel) throw usageError('Either stream it (--provider/--to) or upload it (--upload), not both.')
    if (toChannel) return runStreamHandoff(ctx, args, recording)
    if (!upload) throw usageError(`Say where it goes: --provider P --channel ID, --to RTMP_URL, or --upload s3://BUCKET/KEY.\n${handoffCommand.usage}`)
    return runUploadHandoff(ctx, args, recording, upload)
  }
}
