import { act, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { AutoHandoffEvent } from '../../../../shared/auto-handoff'
import { changeLanguage } from '../../i18n/i18n'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { AutoHandoffLines } from './auto-handoff-lines'
import { withAutoHandoff } from './auto-handoff-store'

const event = (over: Partial<AutoHandoffEvent>): AutoHandoffEvent => ({
  recordingId: 'r1',
  fileName: 'show.mkv',
  action: 'stream',
  state: 'started',
  target: '127.0.0.1:1935/live',
  time: 1,
  ...over
})
const lines = () => screen.queryAllByTestId('auto-handoff-line').map((l) => [l.getAttribute('data-state'), l.textContent])

afterEach(() => {
  act(() => changeLanguage('en'))
})

describe('what the automatic handoff rule did, in Recordings', () => {
  it('says sending, then sent, one line per recording; a failure with why and that the recording is kept', () => {
    const api = scriptedApi()
    renderWithApi(<AutoHandoffLines />, api)
    expect(screen.queryByTestId('auto-handoff-lines')).toBeNull()
    act(() => api.emit('handoff:auto', event({})))
    expect(lines()).toEqual([['started', 'Sending show.mkv to 127.0.0.1:1935/live by itself: the destination is back.']])
    act(() => api.emit('handoff:auto', event({ state: 'done' })))
    expect(lines()).toEqual([['done', 'show.mkv was sent to 127.0.0.1:1935/live by itself.']])
    act(() =>
      api.emit(
        'handoff:auto',
        event({
          recordingId: 'r2',
          fileName: 'late.mkv',
          action: 'upload',
          state: 'failed',
          target: 's3://shows/',
          retryAt: 2,
          error: { code: 'network', message: 'x', retryable: true }
        })
      )
    )
    const [failed, done] = lines()
    expect(failed[0]).toBe('failed')
    expect(failed[1]).toMatch(/^Could not upload late\.mkv to s3:\/\/shows\/\. Onair tries again at .+ and keeps the recording\. \S/)
    expect(done[0]).toBe('done')
  })

  it('in Vietnamese', () => {
    const api = scriptedApi()
    act(() => changeLanguage('vi'))
    renderWithApi(<AutoHandoffLines />, api)
    act(() => api.emit('handoff:auto', event({ state: 'done' })))
    expect(lines()).toEqual([['done', 'Đã tự động gửi show.mkv đến 127.0.0.1:1935/live.']])
  })

  it('keeps the newest line of at most three recordings', () => {
    const told = ['a', 'b', 'c', 'd', 'b'].reduce<AutoHandoffEvent[]>((all, id) => withAutoHandoff(all, event({ recordingId: id })), [])
    expect(told.map((e) => e.recordingId)).toEqual(['b', 'd', 'c'])
  })
})
