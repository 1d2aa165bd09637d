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

  it('proposes the command meant without echoing what was typed (it may be a pasted key), in text and in --json', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/onair.mjs', ...args], { env: { ...process.env, ONAIR_CLI_FROM_SOURCE: '1' }, encoding: 'utf8' })
    const text = run('accounts')
    expect(text.status).toBe(2)
    expect(text.stderr).toMatch(/^onair: unknown command\. Did you mean "onair credentials"\?\n/)
    expect(text.stderr).toContain('onair sessions')

    const key = run('live_sk_4f9a0c2e7b1d', '--json')
    expect(key.status).toBe(2)
    expect(JSON.parse(key.stdout)).toMatchObject({
      type: 'error',
      code: 'invalid_request',
      field: 'usage',
      message: 'unknown command. Run "onair --help" for the list.'
    })
    expect(key.stdout + key.stderr).not.toContain('4f9a0c2e7b1d')
  })
})
