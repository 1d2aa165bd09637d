import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import type { RecordingSummary } from '../../../../shared/recordings'
import { changeLanguage } from '../../i18n/i18n'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { formatDuration, formatSize } from './recording-format'
import { RecordingsPage } from './recordings-page'
import { applyRecordingChange } from './recordings-store'

const base = (over: Partial<RecordingSummary>): RecordingSummary => ({
  id: 'r1',
  path: '/home/me/.config/onair/recordings/2026-11-30_03-19-11-방송.mkv',
  fileName: '2026-11-30_03-19-11-방송.mkv',
  sessionId: 's1',
  kind: 'live',
  destinations: ['NAVER · 아침 라이브', 'Sigma · Kênh 1'],
  startedAt: Date.UTC(2026, 10, 30, 3, 19),
  endedAt: Date.UTC(2026, 10, 30, 4, 21),
  durationSeconds: 3725.4,
  sizeBytes: 1_340_000_000,
  state: 'complete',
  inUse: false,
  repairing: false,
  missing: false,
  ...over
})
const COMPLETE = base({})
const REPAIRED = base({
  id: 'r2',
  fileName: 'crash.mkv',
  state: 'repaired',
  recoveredSeconds: 61.4,
  durationSeconds: 61.4,
  sizeBytes: 48_200_000,
  startedAt: COMPLETE.startedAt - 1
})
const RECORDING = base({ id: 'r3', fileName: 'now.mkv', state: 'recording', inUse: true, durationSeconds: undefined, startedAt: COMPLETE.startedAt + 10 })
const CUT = base({
  id: 'r4',
  fileName: 'cut.mkv',
  state: 'interrupted',
  failure: 'disk_full',
  destinations: [],
  kind: 'record',
  startedAt: COMPLETE.startedAt - 2
})

function setup(list: RecordingSummary[]) {
  const api = scriptedApi()
  api.reply('recordings:list', list)
  const user = userEvent.setup()
  const rendered = renderWithApi(<RecordingsPage />, api)
  return { user, ...rendered }
}
const card = (id: string) => screen.getAllByTestId('recording').find((el) => el.dataset.id === id) as HTMLElement

afterEach(async () => {
  act(() => changeLanguage('en'))
})

describe('Recordings place', () => {
  it('lists every recording with its state, length, size, when and where it went (names as written)', async () => {
    setup([RECORDING, COMPLETE, REPAIRED, CUT])
    await screen.findAllByTestId('recording')
    expect(screen.getAllByTestId('recording').map((el) => el.dataset.id)).toEqual(['r3', 'r1', 'r2', 'r4'])
    const complete = within(card('r1'))
    expect(complete.getByTestId('recording-state').textContent).toBe('Complete')
    expect(complete.getByTestId('recording-duration').textContent).toBe('1:02:05')
    expect(complete.getByTestId('recording-size').textContent).toBe('1.3 GB')
    expect(complete.getByTestId('recording-where').textContent).toBe('NAVER · 아침 라이브 · Sigma · Kênh 1')
    expect(complete.getByTestId('recording-name').textContent).toBe('2026-11-30_03-19-11-방송.mkv')
    expect(complete.queryByTestId('recording-note')).toBeNull()

    const repaired = within(card('r2'))
    expect(repaired.getByTestId('recording-state').textContent).toBe('Repaired')
    expect(repaired.getByTestId('recording-recovered').textContent).toBe('1:01')
    expect(repaired.getByTestId('recording-note').textContent).toMatch(/closed unexpectedly.*recovered 1:01/)

    const cut = within(card('r4'))
    expect(cut.getByTestId('recording-note').textContent).toBe('The recording stopped before the show did: the disk is full.')
    expect(cut.getByTestId('recording-where').textContent).toBe('Recorded only (not streamed)')

    // The one being written cannot be deleted, and says why.
    const now = within(card('r3'))
    expect(now.getByTestId('recording-duration').textContent).toBe('—')
    expect((now.getByTestId('recording-delete') as HTMLButtonElement).disabled).toBe(true)
    expect(now.getByText(/In use/)).toBeTruthy()
  })

  it('a recording being repaired says so (not "recording"), then shows what the repair got back', async () => {
    const { api } = setup([base({ id: 'r5', state: 'recording', inUse: true, repairing: true, durationSeconds: undefined })])
    const pill = await screen.findByTestId('recording-state')
    expect(pill.textContent).toBe('Repairing')
    expect(screen.getByTestId('recording-note').textContent).toMatch(/being repaired now/)
    expect((screen.getByTestId('recording-delete') as HTMLButtonElement).disabled).toBe(true)
    act(() => api.emit('recordings:changed', { id: 'r5', recording: base({ id: 'r5', state: 'repaired', recoveredSeconds: 7.2, durationSeconds: 7.2 }) }))
    expect(screen.getByTestId('recording-state').textContent).toBe('Repaired')
    expect(screen.getByTestId('recording-recovered').textContent).toBe('0:07')
  })

  it('says so when there is nothing yet', async () => {
    setup([])
    expect((await screen.findByTestId('recordings-empty')).textContent).toMatch(/No recordings yet/)
  })

  it('follows recordings:changed: a show that starts appears, one that ends changes, a deleted one goes', async () => {
    const { api } = setup([COMPLETE])
    await screen.findByTestId('recording')
    act(() => api.emit('recordings:changed', { id: 'r3', recording: RECORDING }))
    expect(screen.getAllByTestId('recording').map((el) => el.dataset.id)).toEqual(['r3', 'r1'])
    act(() => api.emit('recordings:changed', { id: 'r3', recording: { ...RECORDING, state: 'complete', inUse: false, durationSeconds: 12 } }))
    expect(within(card('r3')).getByTestId('recording-state').textContent).toBe('Complete')
    act(() => api.emit('recordings:changed', { id: 'r1', recording: null }))
    expect(screen.getAllByTestId('recording').map((el) => el.dataset.id)).toEqual(['r3'])
  })

  it('reveal shows where the file is', async () => {
    const { api, user } = setup([COMPLETE])
    api.reply('recordings:reveal', { path: COMPLETE.path })
    await user.click(await screen.findByTestId('recording-reveal'))
    expect(api.requestsOf('recordings:reveal')).toEqual([{ id: 'r1' }])
    expect((await screen.findByTestId('recording-path')).textContent).toContain(COMPLETE.path)
  })

  it('delete asks first: Keep it (focused first) changes nothing, Escape neither; confirming deletes it', async () => {
    const { api, user } = setup([COMPLETE, REPAIRED])
    api.reply('recordings:delete', { deleted: true })
    await user.click(within(await waitFor(() => card('r2'))).getByTestId('recording-delete'))
    const dialog = screen.getByTestId('delete-recording-dialog')
    expect(dialog.textContent).toContain('crash.mkv')
    expect(document.activeElement).toBe(within(dialog).getByTestId('confirm-cancel'))
    await user.click(within(dialog).getByTestId('confirm-cancel'))
    expect(screen.queryByTestId('delete-recording-dialog')).toBeNull()
    await user.click(within(card('r2')).getByTestId('recording-delete'))
    await user.keyboard('{Escape}')
    expect(screen.queryByTestId('delete-recording-dialog')).toBeNull()
    expect(api.requestsOf('recordings:delete')).toEqual([])

    await user.click(within(card('r2')).getByTestId('recording-delete'))
    await user.click(within(screen.getByTestId('delete-recording-dialog')).getByTestId('confirm-ok'))
    await waitFor(() => expect(screen.getAllByTestId('recording').map((el) => el.dataset.id)).toEqual(['r1']))
    expect(api.requestsOf('recordings:delete')).toEqual([{ id: 'r2' }])
  })

  it('a delete main refuses (in use elsewhere) keeps the recording and says why, in Korean', async () => {
    const { api, user } = setup([COMPLETE])
    act(() => changeLanguage('ko'))
    api.fail('recordings:delete', { code: 'recording_in_use', message: 'x.mkv is in use', field: 'id', retryable: true })
    await user.click(await screen.findByTestId('recording-delete'))
    expect(screen.getByTestId('delete-recording-dialog').textContent).toContain('이 녹화를 삭제할까요?')
    await user.click(screen.getByTestId('confirm-ok'))
    const error = await screen.findByTestId('recording-error')
    expect(error.textContent).toContain('사용 중입니다')
    expect(error.textContent).not.toContain('in use')
    expect(screen.getAllByTestId('recording')).toHaveLength(1)
    expect(within(card('r1')).getByTestId('recording-state').textContent).toBe('완료')
  })

  it('Vietnamese: states, the note of a repaired recording, sizes in the reader’s number format', async () => {
    setup([REPAIRED])
    act(() => changeLanguage('vi'))
    const repaired = within(await waitFor(() => card('r2')))
    expect(repaired.getByTestId('recording-state').textContent).toBe('Đã sửa')
    expect(repaired.getByTestId('recording-note').textContent).toContain('khôi phục được 1:01')
    expect(repaired.getByTestId('recording-size').textContent).toBe(formatSize(48_200_000, 'vi'))
    expect(repaired.getByTestId('recording-size').textContent).toMatch(/^48\s?MB$/)
  })
})

describe('recording formats and the change list', () => {
  it.each([
    [0, '0:00'],
    [42.4, '0:42'],
    [59.6, '1:00'],
    [61.4, '1:01'],
    [3725, '1:02:05'],
    [36000, '10:00:00']
  ])('formatDuration(%s) = %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text))

  it.each([
    [0, 'en', '0 bytes'],
    [980, 'en', '980 bytes'],
    [1_340_000, 'en', '1.3 MB'],
    [48_200_000, 'en', '48 MB'],
    [2_600_000_000, 'en', '2.6 GB'],
    [2_600_000_000, 'vi', '2,6 GB']
  ])('formatSize(%s, %s) = %s', (bytes, locale, text) => expect(formatSize(bytes, locale).replace(/\s/g, ' ')).toBe(text))

  it('applyRecordingChange keeps newest first and replaces by id', () => {
    const list = [COMPLETE, REPAIRED]
    expect(applyRecordingChange(list, { id: 'r3', recording: RECORDING }).map((r) => r.id)).toEqual(['r3', 'r1', 'r2'])
    expect(applyRecordingChange(list, { id: 'r1', recording: { ...COMPLETE, state: 'uploaded' } }).map((r) => r.state)).toEqual(['uploaded', 'repaired'])
    expect(applyRecordingChange(list, { id: 'r1', recording: null }).map((r) => r.id)).toEqual(['r2'])
  })
})
