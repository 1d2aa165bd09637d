import { describe, expect, it } from 'vitest'
import type { DestinationStatus } from '../../../../shared/live'
import { parseShow } from '../studio/show-memory'
import { chipKey, destinationName, localBackupLabel, sessionChips, shortName, toLiveDestinations, validChips, type DestinationChip } from './destination-chip'

const NAVER = 'NAVER Cloud Live Station'
const main: DestinationStatus = { id: 'd1', provider: 'naver', profile: 'default', channelId: 'ls-1', label: `${NAVER} · 방송_1`, state: 'live' }
const backup: DestinationStatus = { ...main, id: 'd2', backup: true, label: `${NAVER} · 방송_1 (backup)` }
const custom: DestinationStatus = { id: 'd3', provider: 'custom', profile: 'default', label: 'rtmp://h/live', state: 'live' }

describe('destination chips', () => {
  it('one key per account + channel; a Custom RTMP account is a destination by itself', () => {
    expect(chipKey({ provider: 'naver', profile: 'default', channelId: 'a' })).not.toBe(chipKey({ provider: 'naver', profile: 'default', channelId: 'b' }))
    expect(chipKey({ provider: 'custom', profile: 'default', channelId: 'x' })).toBe(chipKey({ provider: 'custom', profile: 'default' }))
  })

  it('live:start gets ids only, and backup only where the channel has one and it was chosen', () => {
    const chips: DestinationChip[] = [
      { provider: 'naver', profile: 'default', channelId: 'ls-1', channelName: '방송_1', hasBackup: true, backup: true },
      { provider: 'naver', profile: 'p2', channelId: 'ls-2', backup: true },
      { provider: 'custom', profile: 'default', channelId: 'ignored' }
    ]
    expect(toLiveDestinations(chips)).toEqual([
      { provider: 'naver', profile: 'default', channelId: 'ls-1', backup: true },
      { provider: 'naver', profile: 'p2', channelId: 'ls-2' },
      { provider: 'custom', profile: 'default' }
    ])
  })

  it('a session’s backup push joins its main one on one chip', () => {
    const grouped = sessionChips([main, backup, custom], [])
    expect(grouped.map((g) => [g.main.id, g.backup?.id, g.chip.channelName])).toEqual([
      ['d1', 'd2', '방송_1'],
      ['d3', undefined, undefined]
    ])
  })

  it('names a destination core could only name by its channel id with the name the chip was picked with', () => {
    const failed: DestinationStatus = { ...main, label: `${NAVER} · ls-1`, state: 'failed' }
    const chips: DestinationChip[] = [{ provider: 'naver', profile: 'default', channelId: 'ls-1', channelName: '방송_1' }]
    expect(destinationName(failed, chips)).toBe(`${NAVER} · 방송_1`)
    expect(destinationName(failed, [])).toBe(`${NAVER} · ls-1`)
    expect(shortName(failed, chips)).toBe('방송_1')
    expect(shortName(custom, chips)).toBe('rtmp://h/live')
    expect(localBackupLabel(backup, chips, 'Dự phòng')).toBe(`${NAVER} · 방송_1 (Dự phòng)`)
  })

  it('gives a backup push its channel’s short name, without core’s English "(backup)" (the page says it in its language)', () => {
    expect(backup.label.endsWith(' (backup)')).toBe(true)
    expect(shortName(backup, [])).toBe(shortName(main, []))
    expect(shortName(backup, [])).not.toContain('backup')
  })

  it('reads remembered chips and sources back without trusting them', () => {
    const raw = [
      { provider: 'naver', profile: 'default', channelId: 'ls-1', hasBackup: true, backup: true },
      { provider: 'naver', profile: 'default', channelId: 'ls-1' },
      { provider: 'sigma', profile: 'default' },
      { provider: 'evil', profile: 'default' },
      { provider: 'custom', profile: 'x'.repeat(500) },
      { provider: 'naver', profile: 'p', channelId: 'c', backup: true },
      'junk',
      { provider: 'custom', profile: 'a' },
      { provider: 'custom', profile: 'b' },
      { provider: 'custom', profile: 'c' }
    ]
    expect(validChips(raw)).toEqual([
      { provider: 'naver', profile: 'default', channelId: 'ls-1', hasBackup: true, backup: true },
      { provider: 'naver', profile: 'p', channelId: 'c' },
      { provider: 'custom', profile: 'a' },
      { provider: 'custom', profile: 'b' }
    ])
    expect(parseShow({ destinations: 'x', video: 'screen:0', audio: 7, record: 'yes' })).toEqual({ destinations: [], video: 'screen:0' })
    expect(parseShow(null)).toEqual({ destinations: [] })
  })
})
