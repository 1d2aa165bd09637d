import { unwrap } from '../../shared/contract'
import { displayText } from '../../shared/display-text'
import type { SettingsPatch, SettingsSnapshot } from '../../shared/settings'
import type { CliCommand } from '../cli-command'
import { jsonOption, usageError } from '../cli-args'
import { EXIT, type CliIo } from '../cli-io'

/**
 * `onair settings`: the settings the app and `onair live` share (settings.json in the data dir), shown or changed
 * through the contract like the Settings place does (`settings:get`, `settings:set`), so the same checks apply.
 */
export const settingsCommand: CliCommand = {
  name: 'settings',
  summary: 'Show or change the settings the app and onair live share',
  usage: [
    'onair settings [--json]                  every setting, one per line (KEY = VALUE)',
    'onair settings set KEY=VALUE... [--json]  e.g. output.preset=1080p30 recording.enabled=false language=ko ffmpegPath=null',
    'VALUE is read as JSON where it is JSON (numbers, true/false, null, [...]), else as text.'
  ].join('\n'),
  options: { ...jsonOption },
  async run(ctx, args) {
    const [action, ...pairs] = args.positionals
    if (action === undefined) {
      print(ctx.io, unwrap(await ctx.core().dispatch('settings:get', {})))
      return EXIT.ok
    }
    if (action !== 'set') throw usageError(`Unknown action "${displayText(action, 40)}": onair settings, or onair settings set (see onair settings --help).`)
    if (pairs.length === 0) throw usageError(`Say what to change: onair settings set KEY=VALUE...`)
    print(ctx.io, unwrap(await ctx.core().dispatch('settings:set', settingsPatch(pairs))))
    return EXIT.ok
  }
}

/** `output.preset=1080p30 language=ko` → `{ output: { preset: '1080p30' }, language: 'ko' }`; core checks the rest. */
export function settingsPatch(pairs: string[]): SettingsPatch {
  const patch: Record<string, unknown> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    // (No "KEY=VALUE" in the message: the redaction would take it for a secret in a query string.)
    if (eq <= 0) throw usageError(`"${displayText(pair, 60)}" has no value: write the setting's name, an equals sign, then its value.`)
    const path = pair.slice(0, eq).split('.')
    if (path.length > 2 || path.some((p) => !/^[A-Za-z]+$/.test(p))) throw usageError(`"${displayText(pair.slice(0, eq), 60)}" is not a setting's name.`)
    const value = parseValue(pair.slice(eq + 1))
    if (path.length === 1) patch[path[0]] = value
    else patch[path[0]] = { ...(patch[path[0]] as object | undefined), [path[1]]: value }
  }
  return patch as SettingsPatch
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function print(io: CliIo, snapshot: SettingsSnapshot): void {
  if (io.json) return io.emit({ type: 'settings', ...snapshot })
  if (snapshot.recovered) io.err(`onair: warning: the settings file could not be read; it was kept as ${snapshot.recovered.keptAs} and the defaults are used.`)
  for (const [key, value] of Object.entries(snapshot.settings)) {
    if (key === 'version') continue
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const [field, v] of Object.entries(value)) io.out(`${key}.${field} = ${show(v)}`)
    else io.out(`${key} = ${show(value)}`)
  }
}

function show(value: unknown): string {
  return displayText(typeof value === 'string' ? value : JSON.stringify(value), 2000)
}
