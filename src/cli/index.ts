import { parseArgs } from 'node:util'
import { createCore } from '../main/core/compose'
import type { OnairCore } from '../main/core/onair-core'
import type { CliCommand, CliContext } from './cli-command'
import { parseArgsMessage, usageError } from './cli-args'
import { suggestCommand } from './command-suggestion'
import { EXIT, processIo, reportError } from './cli-io'
import { channelCommand } from './commands/channel'
import { channelsCommand } from './commands/channels'
import { credentialsCommand } from './commands/credentials'
import { devicesCommand } from './commands/devices'
import { handoffCommand } from './commands/handoff'
import { liveCommand } from './commands/live'
import { providersCommand } from './commands/providers'
import { recordCommand } from './commands/record'
import { recordingsCommand } from './commands/recordings'
import { serveCommand } from './commands/serve'
import { settingsCommand } from './commands/settings'
import { sessionsCommand } from './commands/sessions'
import { onairPackage } from './package-root'

/** Every `onair` sub-command (DESIGN §8), in the order `onair --help` lists them. */
const COMMANDS: CliCommand[] = [
  providersCommand,
  credentialsCommand,
  channelsCommand,
  channelCommand,
  devicesCommand,
  liveCommand,
  recordCommand,
  serveCommand,
  recordingsCommand,
  handoffCommand,
  sessionsCommand,
  settingsCommand
]

const REPAIRING_COMMANDS = new Set(['live', 'record', 'recordings'])

export function version(): string {
  return onairPackage().version
}

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return [
    'onair: go live from the command line (same core as the desktop app)',
    '',
    ...COMMANDS.map((c) => `  onair ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "onair COMMAND --help" for its options. Environment: ONAIR_FFMPEG (ffmpeg path), ONAIR_DATA_DIR (data folder).'
  ].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const json = rest.includes('--json')
  const io = processIo(json)
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help())
    return name ? EXIT.ok : EXIT.usage
  }
  if (name === '--version') {
    io.out(version())
    return EXIT.ok
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    // What was typed is not echoed (it may be a pasted key); the command it comes close to is.
    const meant = suggestCommand(
      name,
      COMMANDS.map((c) => c.name)
    )
    const message = `unknown command.${meant ? ` Did you mean "onair ${meant}"?` : ' Run "onair --help" for the list.'}`
    if (json) return reportError(io, usageError(message))
    io.err(`onair: ${message}\n\n${help()}`)
    return EXIT.usage
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage)
    return EXIT.ok
  }
  let core: OnairCore | null = null
  const ctx: CliContext = {
    io,
    env: process.env,
    // Only commands that run for a while or read the library repair what a crash left: a short one would exit mid-remux.
    core: () => (core ??= createCore({ shell: 'cli', version: version(), repairRecordings: REPAIRING_COMMANDS.has(command.name) }))
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true })
    return await command.run(ctx, { values: values as Record<string, string | boolean | string[] | undefined>, positionals }).finally(() =>
      // A repair still running stops (its original stays for the next start) rather than outlive the command.
      (core as OnairCore | null)?.services.recordings?.shutdown()
    )
  } catch (e) {
    if (e instanceof TypeError && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`onair ${command.name}: ${parseArgsMessage(e, command.options)}\n\nUsage:\n${command.usage}`)
      return EXIT.usage
    }
    return reportError(io, e)
  }
}
