import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { AccountSummary } from '../../../../shared/contract'
import { changeLanguage } from '../../i18n/i18n'
import { fakeAccounts } from '../../testing/fake-accounts'
import { renderWithApi } from '../../testing/render'
import { scriptedApi } from '../../testing/scripted-api'
import { AccountsPage } from './accounts-page'

const SIGMA: AccountSummary = {
  provider: 'sigma',
  profile: 'default',
  label: 'Sigma studio A',
  connected: true,
  display: { appId: 'app-7f3c1e', username: 'streamer', secret: '••••••••wxyz', apiBase: 'http://127.0.0.1:4100' }
}
const SIGMA_B: AccountSummary = { ...SIGMA, profile: 'studio-b', label: 'Sigma studio B' }
const CUSTOM: AccountSummary = {
  provider: 'custom',
  profile: 'default',
  label: 'Custom RTMP',
  connected: true,
  display: { serverUrl: 'rtmp://127.0.0.1/live', streamKey: '••••••••1234' }
}

function setup(initial: AccountSummary[] = []) {
  const api = scriptedApi()
  const backend = fakeAccounts(api, initial)
  const user = userEvent.setup()
  const { stores } = renderWithApi(<AccountsPage />, api)
  return { api, backend, user, stores }
}

const card = (provider: string, profile: string) =>
  screen.getAllByTestId('account').find((el) => el.dataset.provider === provider && el.dataset.profile === profile) as HTMLElement
const field = (name: string) => screen.getByTestId(`account-field-${name}`) as HTMLInputElement

describe('Accounts: the list', () => {
  it('groups saved accounts by provider, several profiles each, with their labels and masked secrets', async () => {
    setup([CUSTOM, SIGMA_B, SIGMA])
    const sigmaGroup = await screen.findByTestId('provider-sigma')
    expect(within(sigmaGroup).getByRole('heading').textContent).toContain('Sigma Livestream')
    // Sorted by profile inside the group.
    expect(
      within(sigmaGroup)
        .getAllByTestId('account-label-text')
        .map((e) => e.textContent)
    ).toEqual(['Sigma studio A', 'Sigma studio B'])
    expect(within(screen.getByTestId('provider-custom')).getAllByTestId('account')).toHaveLength(1)
    expect(within(card('sigma', 'default')).getByTestId('account-display-secret').textContent).toBe('••••••••wxyz')
    expect(card('sigma', 'studio-b').querySelector('.account-profile')?.textContent).toBe('Profile studio-b')
  })

  it('says what to do when there is no account yet', async () => {
    setup()
    expect((await screen.findByTestId('accounts-empty')).textContent).toMatch(/Add the account/)
  })
})

describe('Accounts: adding', () => {
  it('adds a Sigma account from its field list: secrets in password inputs, sent once, only the mask shown afterwards', async () => {
    const { api, backend, user } = setup()
    await user.click(await screen.findByTestId('accounts-add'))
    await user.selectOptions(screen.getByTestId('account-provider'), 'sigma')
    expect(['appId', 'username', 'secret'].map((n) => field(n).type)).toEqual(['text', 'text', 'password'])
    expect(field('secret').value).toBe('')
    await user.type(screen.getByTestId('account-label'), 'My Sigma')
    await user.type(field('appId'), 'app-7f3c1e')
    await user.type(field('username'), 'streamer')
    await user.type(field('secret'), 'sigma-secret-9876')
    await user.click(screen.getByTestId('account-advanced'))
    await user.type(field('apiBase'), 'http://127.0.0.1:4100')
    await user.click(screen.getByTestId('account-save'))

    await waitFor(() => expect(screen.queryByTestId('account-form')).toBeNull())
    expect(api.requestsOf('accounts:save')).toEqual([
      {
        provider: 'sigma',
        profile: 'default',
        label: 'My Sigma',
        fields: { appId: 'app-7f3c1e', username: 'streamer', secret: 'sigma-secret-9876', apiBase: 'http://127.0.0.1:4100' }
      }
    ])
    expect(backend.secrets.get('sigma:default')?.secret).toBe('sigma-secret-9876')
    expect(within(card('sigma', 'default')).getByTestId('account-display-secret').textContent).toBe('••••••••9876')
    expect(document.body.innerHTML).not.toContain('sigma-secret-9876')
  })

  it('Kollus: a choice between a token and an OAuth client shows the right fields, and saves that shape', async () => {
    const { api, user } = setup()
    await user.click(await screen.findByTestId('accounts-add'))
    await user.selectOptions(screen.getByTestId('account-provider'), 'kollus')
    expect((screen.getByTestId('account-shape-0') as HTMLInputElement).checked).toBe(true)
    expect(field('accessToken').type).toBe('password')
    expect(screen.queryByTestId('account-field-clientId')).toBeNull()

    await user.type(field('serviceAccountKey'), 'svc-key')
    await user.click(screen.getByTestId('account-shape-1'))
    expect(screen.queryByTestId('account-field-accessToken')).toBeNull()
    expect(field('clientSecret').type).toBe('password')
    // The field both methods share keeps what was typed.
    expect(field('serviceAccountKey').value).toBe('svc-key')
    await user.type(field('clientId'), 'client-1')
    await user.type(field('clientSecret'), 'client-secret-1')
    await user.click(screen.getByTestId('account-save'))
    await waitFor(() => expect(api.requestsOf('accounts:save')).toHaveLength(1))
    expect(api.requestsOf('accounts:save')[0]).toEqual({
      provider: 'kollus',
      profile: 'default',
      fields: { serviceAccountKey: 'svc-key', clientId: 'client-1', clientSecret: 'client-secret-1' }
    })
  })

  it('Kollus with a token: saves serviceAccountKey + accessToken only', async () => {
    const { api, user } = setup()
    await user.click(await screen.findByTestId('accounts-add'))
    await user.selectOptions(screen.getByTestId('account-provider'), 'kollus')
    await user.type(field('serviceAccountKey'), 'svc-key')
    await user.type(field('accessToken'), 'token-abcdef')
    await user.click(screen.getByTestId('account-save'))
    await waitFor(() => expect(api.requestsOf('accounts:save')).toHaveLength(1))
    expect(api.requestsOf('accounts:save')[0]).toMatchObject({ provider: 'kollus', fields: { serviceAccountKey: 'svc-key', accessToken: 'token-abcdef' } })
  })

  it('refuses an incomplete form or a taken profile beside the field, without asking main', async () => {
    const { api, user } = setup([SIGMA])
    await user.click(await screen.findByTestId('accounts-add'))
    await user.selectOptions(screen.getByTestId('account-provider'), 'sigma')
    // A second Sigma account gets a free profile name to start with.
    expect((screen.getByTestId('account-profile') as HTMLInputElement).value).toBe('profile-2')
    await user.clear(screen.getByTestId('account-profile'))
    await user.type(screen.getByTestId('account-profile'), 'default')
    await user.click(screen.getByTestId('account-save'))
    expect(screen.getByTestId('account-error-profile').textContent).toMatch(/already have a Sigma Livestream account/)
    expect(screen.getByTestId('account-error-secret').textContent).toBe('!Fill in this field.')
    expect(field('secret').getAttribute('aria-invalid')).toBe('true')
    // Focus went to the first field to fix.
    expect(document.activeElement).toBe(screen.getByTestId('account-profile'))
    expect(api.requestsOf('accounts:save')).toEqual([])
  })

  it('shows main’s error beside the field it names (error.field), in the UI’s language', async () => {
    const { api, user } = setup()
    api.fail('accounts:save', { code: 'invalid_request', message: 'The API address must start with https://', field: 'fields.apiBase' })
    await user.click(await screen.findByTestId('accounts-add'))
    await user.selectOptions(screen.getByTestId('account-provider'), 'livestream-api')
    await user.type(field('tokenId'), 'tid')
    await user.type(field('tokenSecret'), 'tsecret')
    await user.type(field('apiBase'), 'http://api.example.com')
    await user.click(screen.getByTestId('account-save'))
    const error = await screen.findByTestId('account-error-apiBase')
    expect(error.dataset.code).toBe('invalid_request')
    expect(error.textContent).toContain('The API address must start with https://')
    await waitFor(() => expect(document.activeElement).toBe(field('apiBase')))
    act(() => changeLanguage('ko'))
    expect(screen.getByTestId('account-error-apiBase').textContent).toMatch(/^!API 주소는 https:\/\/호스트/)
    expect(screen.getByTestId('account-error-apiBase').textContent).not.toMatch(/must start/)
  })

  it('an error about no field (the keychain) is shown under the form', async () => {
    const { api, user } = setup()
    api.fail('accounts:save', { code: 'keychain_unavailable', message: 'The system keychain is not reachable.' })
    await user.click(await screen.findByTestId('accounts-add'))
    await user.selectOptions(screen.getByTestId('account-provider'), 'custom')
    await user.type(field('serverUrl'), 'rtmp://127.0.0.1/live')
    await user.type(field('streamKey'), 'key-1234')
    await user.click(screen.getByTestId('account-save'))
    expect((await screen.findByTestId('account-error')).dataset.code).toBe('keychain_unavailable')
    act(() => changeLanguage('vi'))
    expect(screen.getByTestId('account-error').textContent).toContain('kho khóa hệ thống')
  })
})

describe('Accounts: verify', () => {
  it('shows connected with the time it was checked', async () => {
    const { api, user } = setup([SIGMA])
    api.reply('accounts:verify', { connected: true, checkedAt: Date.UTC(2026, 0, 1, 9, 30, 0) })
    await user.click(within(await screen.findByTestId('account')).getByTestId('account-verify'))
    await waitFor(() => expect(screen.getByTestId('account-status').dataset.status).toBe('connected'))
    expect(screen.getByTestId('account-status').textContent).toMatch(/Connected · checked at \d\d:30:00/)
    expect(api.requestsOf('accounts:verify')).toEqual([{ provider: 'sigma', profile: 'default' }])
  })

  it('shows not connected with the typed reason, localised (no English in Korean)', async () => {
    const { api, user } = setup([SIGMA])
    let answer: (v: { ok: true; value: { connected: boolean; checkedAt: number; error?: never } } | { ok: true; value: unknown }) => void = () => {}
    api.handle('accounts:verify', () => new Promise((r) => (answer = r as typeof answer)))
    await user.click(within(await screen.findByTestId('account')).getByTestId('account-verify'))
    // While the provider is being asked, the card says so and Verify waits.
    expect(screen.getByTestId('account-status').dataset.status).toBe('checking')
    expect((screen.getByTestId('account-verify') as HTMLButtonElement).disabled).toBe(true)
    act(() =>
      answer({
        ok: true,
        value: {
          connected: false,
          checkedAt: Date.now(),
          error: { code: 'auth', message: 'Sigma Livestream refused the credentials (401).', provider: 'sigma', retryable: false }
        }
      })
    )
    await waitFor(() => expect(screen.getByTestId('account-status').dataset.status).toBe('notConnected'))
    expect(screen.getByTestId('account-verify-error').dataset.code).toBe('auth')
    act(() => changeLanguage('ko'))
    expect(screen.getByTestId('account-status').textContent).toMatch(/^연결 안 됨/)
    expect(screen.getByTestId('account-verify-error').textContent).toBe('!Sigma Livestream에서 이 인증 정보를 받아들이지 않았습니다. 확인 후 다시 시도하세요.')
  })
})

describe('Accounts: editing', () => {
  it('changes one field without retyping the secret: accounts:update carries only that field', async () => {
    const { api, user } = setup([SIGMA])
    await user.click(within(await screen.findByTestId('account')).getByTestId('account-edit'))
    expect(field('secret').value).toBe('')
    expect(field('secret').placeholder).toBe('Empty keeps ••••••••wxyz')
    expect(screen.getByTestId('account-note').textContent).toContain('Secret fields left empty keep their saved values.')
    expect(field('appId').value).toBe('app-7f3c1e')
    const label = screen.getByTestId('account-label')
    await user.clear(label)
    await user.type(label, 'Sigma, main studio')
    await user.click(screen.getByTestId('account-save'))
    await waitFor(() => expect(screen.queryByTestId('account-form')).toBeNull())
    expect(api.requestsOf('accounts:update')).toEqual([{ provider: 'sigma', profile: 'default', label: 'Sigma, main studio', fields: {} }])
    expect(screen.getByTestId('account-label-text').textContent).toBe('Sigma, main studio')
  })

  it('a new API address asks for the secret again before anything is sent', async () => {
    const { api, user } = setup([SIGMA])
    await user.click(within(await screen.findByTestId('account')).getByTestId('account-edit'))
    await user.clear(field('apiBase'))
    await user.type(field('apiBase'), 'https://api.sigma.example')
    expect(screen.getByTestId('account-note').textContent).toMatch(/enter the secrets again/)
    expect(field('secret').placeholder).toBe('')
    await user.click(screen.getByTestId('account-save'))
    expect(screen.getByTestId('account-error-secret').textContent).toBe('!Enter this secret again.')
    expect(api.requestsOf('accounts:update')).toEqual([])
    await user.type(field('secret'), 'new-secret')
    await user.click(screen.getByTestId('account-save'))
    await waitFor(() => expect(api.requestsOf('accounts:update')).toHaveLength(1))
    expect(api.requestsOf('accounts:update')[0]).toEqual({
      provider: 'sigma',
      profile: 'default',
      fields: { apiBase: 'https://api.sigma.example', secret: 'new-secret' }
    })
  })

  it('main refusing a missing secret shows beside that field', async () => {
    const { api, user } = setup([CUSTOM])
    api.fail('accounts:update', { code: 'invalid_request', message: 'Give "streamKey" again.', field: 'streamKey' })
    await user.click(within(await screen.findByTestId('account')).getByTestId('account-edit'))
    await user.type(screen.getByTestId('account-label'), ' 2')
    await user.click(screen.getByTestId('account-save'))
    expect((await screen.findByTestId('account-error-streamKey')).dataset.code).toBe('invalid_request')
  })
})

describe('Accounts: removing', () => {
  it('asks first; Keep it (or Escape) sends nothing, Remove deletes the account', async () => {
    const { api, user } = setup([SIGMA, CUSTOM])
    await screen.findAllByTestId('account')
    await user.click(within(card('sigma', 'default')).getByTestId('account-remove'))
    const dialog = screen.getByTestId('remove-dialog')
    expect(dialog.getAttribute('role')).toBe('alertdialog')
    expect(dialog.textContent).toContain('“Sigma studio A” (Sigma Livestream)')
    // The safe answer has the focus.
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'))
    await user.click(screen.getByTestId('confirm-cancel'))
    expect(screen.queryByTestId('remove-dialog')).toBeNull()

    await user.click(within(card('sigma', 'default')).getByTestId('account-remove'))
    await user.keyboard('{Escape}')
    expect(screen.queryByTestId('remove-dialog')).toBeNull()
    expect(api.requestsOf('accounts:delete')).toEqual([])

    await user.click(within(card('sigma', 'default')).getByTestId('account-remove'))
    // Tab stays inside the dialog.
    await user.tab()
    expect(document.activeElement).toBe(screen.getByTestId('confirm-ok'))
    await user.tab()
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'))
    await user.click(screen.getByTestId('confirm-ok'))
    await waitFor(() => expect(screen.queryByTestId('provider-sigma')).toBeNull())
    expect(api.requestsOf('accounts:delete')).toEqual([{ provider: 'sigma', profile: 'default' }])
    expect(screen.getAllByTestId('account')).toHaveLength(1)
  })
})
