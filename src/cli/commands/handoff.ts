import type { CliCommand } from '../cli-command'
import { jsonOption, profileOption, stringArg, usageError } from '../cli-args'
import { runUploadHandoff } from './handoff-upload'

/** `onair handoff` (DESIGN §8): a recording sent on. The upload path lives in handoff-upload.ts. */
export const handoffCommand: CliCommand = {
  name: 'handoff',
  summary: 'Upload a recording to S3-compatible storage',
  usage: [
    'onair handoff FILE|RECORDING_ID --upload s3://BUCKET/KEY [--profile NAME] [--endpoint URL] [--cancel] [--json]',
    'Credentials: the s3 account saved with "onair credentials set s3" ({"accessKeyId","secretAccessKey","region","endpoint"?}),',
    "else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION. --endpoint: an S3-compatible store (must be the account's own).",
    'Ctrl-C pauses: run the same command again to send only the missing parts; --cancel gives the upload up (no object is written).'
  ].join('\n'),
  options: { ...jsonOption, ...profileOption, upload: { type: 'string' }, endpoint: { type: 'string' }, cancel: { type: 'boolean' } },
  async run(ctx, args) {
    const [recording, ...extra] = args.positionals
    if (!recording || extra.length > 0) throw usageError(`Name one recording (its file or id).\n${handoffCommand.usage}`)
    const upload = stringArg(args, 'upload')
    if (!upload) throw usageError(`Say where it goes: --upload s3://BUCKET/KEY.\n${handoffCommand.usage}`)
    return runUploadHandoff(ctx, args, recording, upload)
  }
}
