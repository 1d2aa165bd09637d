import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import type { HandoffProgress } from '../../../../shared/contract'
import type { RecordingSummary } from '../../../../shared/recordings'
import type { StorageAccountSummary } from '../../../../shared/storage'
import { changeLanguage } from '../../i18n/i18n'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { RecordingsPage } from './recordings-page'
import { isUploadTarget, uploadOf } from './uploads-store'

const REC: RecordingSummary = {
  id: 'r1',
  path: '/rec/2026-11-30_방송.mkv',
  fileName: '2026-11-30_방송.mkv',
  sessionId: 's1',
  kind: 'live',
  destinations: ['NAVER · 아침 라이브'],
  startedAt: Date.UTC(2026, 10, 30, 3),
  durationSeconds: 3725,
  sizeBytes: 1_340_000_000,
  state: 'complete',
  inUse: false,
  repairing: false,
  missing: false
}
const ACCOUNT: StorageAccountSummary = {
  kind: 's3',
  profile: 'default',
  label: 'S3',
  display: { accessKeyId: 'AKIA…', secretAccessKey: '••••••••abcd', region: 'ap-northeast-2' }
}
const progress = (over: Partial<HandoffProgress>): HandoffProgress => ({
  id: 'a'.repeat(24),
  kind: 'upload',
  path: REC.path,
  recordingId: 'r1',
  target: 's3://shows/2026/',
  profile: 'default',
  state: 'running',
  bytesDone: 536_000_000,
  bytesTotal: 1_340_000_000,
  bytesPerSecond: 12_400_000,
  etaSeconds: 65,
  ...over
})

function setup(options: { accounts?: StorageAccountSummary[]; uploads?: HandoffProgress[]; recording?: RecordingSummary } = {}) {
  const api = scriptedApi()
  api.reply('recordings:list', [options.recording ?? REC])
  api.reply('storage:list', options.accounts ?? [ACCOUNT])
  api.reply('handoff:list', options.uploads ?? [])
  const user = userEvent.setup()
  const rendered = renderWithApi(<RecordingsPage />, api)
  return { user, ...rendered }
}

afterEach(() => {
  act(() => changeLanguage('en'))
})

describe('Recordings: uploading to S3-compatible storage', () => {
  it('asks where to, checks the destination, and starts the upload of this recording with the chosen account', async () => {
    const { api, user } = setup({ accounts: [ACCOUNT, { ...ACCOUNT, profile: 'minio', label: 'MinIO', display: { endpoint: 'https://minio.example' } }] })
    api.handle('handoff:upload', () => new Promise(() => {})) // runs until main says otherwise
    await user.click(await screen.findByTestId('upload-open'))
    const account = screen.getByTestId('upload-account') as HTMLSelectElement
    expect([...account.options].map((o) => o.textContent)).toEqual(['S3 · ap-northeast-2', 'MinIO · https://minio.example'])
    await user.selectOptions(account, 'minio')
    await user.click(screen.getByTestId('upload-start'))
    expect(screen.getByTestId('upload-target-error').textContent).toMatch(/s3:\/\/bucket/)
    await user.type(screen.getByTestId('upload-target'), 'shows/2026/')
    await user.click(screen.getByTestId('upload-start'))
    expect(api.requestsOf('handoff:upload')).toEqual([{ recording: 'r1', upload: 's3://shows/2026/', profile: 'minio' }])
    expect(screen.queryByTestId('upload-form')).toBeNull()
  })

  it('while it runs: how far, how fast, how long still; Cancel stops it', async () => {
    const { api, user } = setup()
    api.reply('handoff:cancel', { cancelled: true, partsLeftOnServer: false })
    await screen.findByTestId('recording')
    act(() => api.emit('handoff:progress', progress({})))
    const panel = screen.getByTestId('upload')
    expect(panel.dataset.state).toBe('running')
    // Not offered twice: the card's Upload is gone while this one runs.
    expect(screen.queryByTestId('upload-open')).toBeNull()
    expect(within(panel).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40')
    expect(within(panel).getByTestId('upload-pace').textContent).toBe('40% · 12 MB/s · 1:05 left')
    expect(panel.textContent).toContain('Uploading to s3://shows/2026/')
    expect(screen.getByTestId('recording-state').textContent).toBe('Handing off')
    // The delete button is main's to refuse (the recording is held); the card still offers it.
    await user.click(within(panel).getByTestId('upload-cancel'))
    expect(api.requestsOf('handoff:cancel')).toEqual([{ id: 'a'.repeat(24) }])
    await waitFor(() => expect(screen.queryByTestId('upload')).toBeNull())
    expect(screen.getByTestId('upload-open')).toBeTruthy()
    expect(screen.getByTestId('recording-state').dataset.handingOff).toBeUndefined()
  })

  it('an upload a closed app left is paused with its progress; Resume goes on with the same destination and account', async () => {
    const { api, user } = setup({ uploads: [progress({ state: 'paused', bytesDone: 831_000_000, profile: 'studio' })] })
    api.handle('handoff:upload', () => new Promise(() => {}))
    const stopped = await screen.findByTestId('upload-stopped')
    expect(stopped.textContent).toBe('The upload to s3://shows/2026/ is paused at 62%. Resume goes on from there.')
    await user.click(screen.getByTestId('upload-resume'))
    expect(api.requestsOf('handoff:upload')).toEqual([{ recording: 'r1', upload: 's3://shows/2026/', profile: 'studio' }])
    act(() => api.emit('handoff:progress', progress({ bytesDone: 840_000_000, etaSeconds: null, bytesPerSecond: 0 })))
    expect(screen.getByTestId('upload-pace').textContent).toBe('62%')
    act(() => api.emit('handoff:progress', progress({ state: 'done', bytesDone: 1_340_000_000 })))
    expect(screen.getByTestId('upload-done').textContent).toContain('Uploaded to s3://shows/2026/')
  })

  it('without a storage account: the S3 form first (secret in a password field, empty fields left out), then the destination', async () => {
    const { api, user } = setup({ accounts: [] })
    api.handle('storage:save', (r) => ({
      ok: true,
      value: { ...ACCOUNT, display: { accessKeyId: String(r.fields.accessKeyId), secretAccessKey: '••••••••wxyz' } }
    }))
    await user.click(await screen.findByTestId('upload-open'))
    expect((screen.getByTestId('upload-field-secretAccessKey') as HTMLInputElement).type).toBe('password')
    await user.type(screen.getByTestId('upload-field-accessKeyId'), 'AKIAEXAMPLE')
    await user.type(screen.getByTestId('upload-field-secretAccessKey'), 'wJalrXUtnFEMI/K7MDENG')
    await user.click(screen.getByTestId('upload-save-account'))
    expect(api.requestsOf('storage:save')).toEqual([
      { kind: 's3', profile: 'default', fields: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' } }
    ])
    expect(await screen.findByTestId('upload-form')).toBeTruthy()
    expect(document.body.textContent).not.toContain('wJalrXUtnFEMI')
  })

  it('a refusal is said in the streamer’s language and can be tried again; a recording still being written cannot be uploaded', async () => {
    const { api, user } = setup()
    act(() => changeLanguage('ko'))
    api.fail('handoff:upload', { code: 'not_found', message: 'The bucket shows does not exist', field: 'bucket' })
    await user.click(await screen.findByTestId('upload-open'))
    await user.type(screen.getByTestId('upload-target'), 'shows')
    await user.click(screen.getByTestId('upload-start'))
    const error = await screen.findByTestId('upload-error')
    expect(error.getAttribute('data-code')).toBe('not_found')
    expect(error.textContent).not.toMatch(/does not exist/)
    expect(screen.getByTestId('upload-open').textContent).toBe('업로드')
  })

  it('is not offered for a recording being written', async () => {
    setup({ recording: { ...REC, state: 'recording', inUse: true } })
    expect(((await screen.findByTestId('upload-open')) as HTMLButtonElement).disabled).toBe(true)
  })
})

describe('upload helpers', () => {
  it.each([
    ['s3://shows', true],
    ['s3://shows/2026/', true],
    ['s3://my.bucket-1/a b/c.mkv', true],
    ['s3://', false],
    ['s3://a', false],
    ['https://shows.s3.amazonaws.com/x', false],
    ['s3://Shows/x', false]
  ])('isUploadTarget(%s) = %s', (target, ok) => expect(isUploadTarget(target)).toBe(ok))

  it('a card shows the upload under way before a paused one, and never a cancelled one', () => {
    const running = progress({ id: '1'.repeat(24) })
    const paused = progress({ id: '2'.repeat(24), state: 'paused' })
    const cancelled = progress({ id: '3'.repeat(24), state: 'cancelled' })
    expect(uploadOf({ [paused.id]: paused, [running.id]: running }, 'r1')).toBe(running)
    expect(uploadOf({ [paused.id]: paused }, 'r1')).toBe(paused)
    expect(uploadOf({ [cancelled.id]: cancelled }, 'r1')).toBeUndefined()
    expect(uploadOf({ [running.id]: running }, 'other')).toBeUndefined()
  })
})
