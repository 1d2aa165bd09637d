import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { suggestCommand } from '../../../src/cli/command-suggestion'

const COMMANDS = ['providers', 'credentials', 'channels', 'channel', 'devices', 'live', 'record', 'serve', 'recordings', 'handoff', 'sessions', 'settings']

describe('onair proposes the command a streamer meant', () => {
  it.each([
    ['accounts', 'credentials'],
    ['Accounts', 'credentials'],
    ['history', 'sessions'],
    ['upload', 'handoff'],
    ['sesions', 'sessions'],
    ['handof', 'handoff'],
    ['recrod', 'record'],
    ['devcies', 'devices'],
    ['channles', 'channels'],
    ['lvie', 'live'],
    ['setting', 'settings']
  ])('%s → %s', (typed, meant) => {
    expect(suggestCommand(typed, COMMANDS)).toBe(meant)
  })

  it.each([['start'], ['x'], ['deploy'], ['li'], ['rm -rf']])('proposes nothing for %s', (typed) => {
    expect(suggestCommand(typed, COMMANDS)).toBeNull()
  })

  it('names the unknown command and the one meant, with the list of commands', () => {
    const r = spawnSync(process.execPath, ['bin/onair.mjs', 'accounts'], { env: { ...process.env, ONAIR_CLI_FROM_SOURCE: '1' }, encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^onair: unknown command "accounts"\. Did you mean "onair credentials"\?\n/)
    expect(r.stderr).toContain('onair sessions')
  })
})
