import type { ParseArgsConfig } from 'node:util'
import type { OnairCore } from '../main/core/onair-core'
import type { CliIo } from './cli-io'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export interface CliContext {
  io: CliIo
  /** The core, created on first use (so `onair --help` needs no keychain, no ffmpeg). */
  core(): OnairCore
  env: NodeJS.ProcessEnv
}

export interface ParsedArgs {
  positionals: string[]
  values: Record<string, string | boolean | string[] | undefined>
}

/** One `onair` sub-command. Each lives in src/cli/commands/<name>.ts and is listed in src/cli/index.ts. */
export interface CliCommand {
  name: string
  summary: string
  usage: string
  options: OptionSpec
  run(ctx: CliContext, args: ParsedArgs): Promise<number>
}
