import { describe, expect, it } from 'vitest'
import { localShowMemory } from './show-memory'

describe('the remembered show', () => {
  it('survives a reload of the page, and a damaged entry starts afresh', () => {
    const data = new Map<string, string>()
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) }
    localShowMemory(storage).save({ destinations: [{ provider: 'custom', profile: 'default' }], video: 'screen:1' })
    const next = localShowMemory(storage)
    next.save({ audio: 'mic:default' })
    expect(localShowMemory(storage).load()).toEqual({ destinations: [{ provider: 'custom', profile: 'default' }], video: 'screen:1', audio: 'mic:default' })
    data.set('onair.lastShow', '{not json')
    expect(localShowMemory(storage).load()).toEqual({ destinations: [] })
  })

  it('a storage that refuses to write (full, private mode) keeps the show for this page', () => {
    const memory = localShowMemory({
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError')
      }
    })
    memory.save({ record: false })
    expect(memory.load()).toEqual({ destinations: [], record: false })
  })
})
