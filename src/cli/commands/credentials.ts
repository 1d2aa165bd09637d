import { unwrap } from '../../shared/contract'
import { onairError } from '../../shared/errors'
import { PROVIDERS } from '../../shared/providers'
import { displayText } from '../../shared/display-text'
import { normaliseFields } from '../../main/core/credentials/account-service'
import { normaliseS3Fields } from '../../main/core/recordings/upload/s3-account-service'
import { STORAGE } from '../../shared/storage'
import type { CliCommand, CliContext, ParsedArgs } from '../cli-command'
import { jsonOption, profileArg, profileOption, providerArg, usageError } from '../cli-args'
import { EXIT } from '../cli-io'

/** `onair credentials set|list|delete` (DESIGN §8). Secrets come on stdin only and are never printed. */
export const credentialsCommand: CliCommand = {
  name: 'credentials',
  summary: 'Store, list or delete provider accounts in the OS keychain',
  usage: [
    "onair credentials set PROVIDER [--profile NAME]     reads a JSON object of the provider's fields on stdin",
    'onair credentials set s3 [--profile NAME]           storage for uploads: {"accessKeyId","secretAccessKey","region","endpoint"?}',
    'onair credentials list [--json]                     never prints secret values',
    'onair credentials delete PROVIDER|s3 [--profile NAME]'
  ].join('\n'),
  options: { ...jsonOption, ...profileOption, label: { type: 'string' } },
  async run(ctx, args) {
    const [action, providerName] = args.positionals
    const { io } = ctx
    // Storage accounts (DESIGN §8: `s3`) are kept like provider accounts but are no provider.
    if (providerName === 's3' && (action === 'set' || action === 'delete')) return storageAccount(ctx, action, args)
    if (action === 'set') {
      const provider = providerArg(providerName)
      const profile = profileArg(args)
      if (io.stdinIsTty)
        io.err(
          `Paste the ${PROVIDERS[provider].name} fields as JSON (${PROVIDERS[provider].credentialFields.map((f) => f.name).join(', ')}), then press Ctrl-D.`
        )
      const text = await io.readStdin()
      let fields: unknown
      try {
        fields = JSON.parse(text)
      } catch {
        // Never echo the input: it holds secrets.
        throw onairError('invalid_request', `stdin is not valid JSON. Send one object, e.g. {"${PROVIDERS[provider].credentialFields[0].name}":"..."}.`)
      }
      // Validate before touching the keychain, so bad input gets its own error even without one.
      const clean = normaliseFields(provider, fields)
      const saved = unwrap(await ctx.core().dispatch('accounts:save', { provider, profile, fields: clean, label: args.values.label as string | undefined }))
      if (io.json) io.emit({ type: 'account', ...saved })
      else io.out(`Saved ${displayText(saved.label)} (${provider}:${profile}) in the system keychain.`)
      return EXIT.ok
    }
    if (action === 'list') {
      const accounts = unwrap(await ctx.core().dispatch('accounts:list', {}))
      const storage = unwrap(await ctx.core().dispatch('storage:list', {}))
      if (io.json) for (const account of storage) io.emit({ type: 'storage', ...account })
      else
        for (const a of storage) {
          const shown = Object.entries(a.display)
            .map(([k, v]) => `${k}=${displayText(v, 512)}`)
            .join(' ')
          io.out(`${a.kind}:${a.profile}\t${displayText(a.label)}\t${shown}`)
        }
      if (io.json) for (const account of accounts) io.emit({ type: 'account', ...account })
      else if (accounts.length === 0 && storage.length === 0) io.out('No accounts saved. Add one with: onair credentials set PROVIDER < fields.json')
      else
        for (const a of accounts) {
          const shown = Object.entries(a.display)
            .map(([k, v]) => `${k}=${displayText(v, 512)}`)
            .join(' ')
          io.out(`${a.provider}:${a.profile}\t${displayText(a.label)}\t${shown}`)
        }
      return EXIT.ok
    }
    if (action === 'delete') {
      const provider = providerArg(providerName)
      const profile = profileArg(args)
      const { deleted } = unwrap(await ctx.core().dispatch('accounts:delete', { provider, profile }))
      if (!deleted) throw onairError('credentials_missing', `No ${PROVIDERS[provider].name} account "${profile}" is saved.`, { provider })
      if (io.json) io.emit({ type: 'deleted', provider, profile })
      else io.out(`Deleted ${provider}:${profile} from the system keychain.`)
      return EXIT.ok
    }
    throw usageError(`Usage:\n${credentialsCommand.usage}`)
  }
}

/** `onair credentials set|delete s3`: the JSON of DESIGN §8 on stdin, never echoed. */
async function storageAccount(ctx: CliContext, action: 'set' | 'delete', args: ParsedArgs): Promise<number> {
  const { io } = ctx
  const profile = profileArg(args)
  if (action === 'delete') {
    const { deleted } = unwrap(await ctx.core().dispatch('storage:delete', { kind: 's3', profile }))
    if (!deleted) throw onairError('credentials_missing', `No S3 account "${profile}" is saved.`)
    if (io.json) io.emit({ type: 'deleted', kind: 's3', profile })
    else io.out(`Deleted s3:${profile} from the system keychain.`)
    return EXIT.ok
  }
  const names = STORAGE.s3.credentialFields.map((f) => f.name)
  if (io.stdinIsTty) io.err(`Paste the S3 fields as JSON (${names.join(', ')}), then press Ctrl-D.`)
  let fields: unknown
  try {
    fields = JSON.parse(await io.readStdin())
  } catch {
    throw onairError('invalid_request', 'stdin is not valid JSON. Send one object, e.g. {"accessKeyId":"...","secretAccessKey":"...","region":"us-east-1"}.')
  }
  // Checked before the keychain is touched (and never echoed: it holds the secret key).
  const clean = normaliseS3Fields(fields)
  const saved = unwrap(await ctx.core().dispatch('storage:save', { kind: 's3', profile, fields: clean, label: args.values.label as string | undefined }))
  if (io.json) io.emit({ type: 'storage', ...saved })
  else io.out(`Saved ${displayText(saved.label)} (s3:${profile}) in the system keychain.`)
  return EXIT.ok
}
