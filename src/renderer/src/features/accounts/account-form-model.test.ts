import { describe, expect, it } from 'vitest'
import type { AccountSummary } from '../../../../shared/contract'
import {
  accountRequest,
  addressChanged,
  formFields,
  formProblems,
  freeProfile,
  initialValues,
  savedShape,
  type FormMode,
  type FormState
} from './account-form-model'

const sigma: AccountSummary = {
  provider: 'sigma',
  profile: 'default',
  label: 'My Sigma',
  connected: true,
  display: { appId: 'app-1', username: 'streamer', secret: '••••••••wxyz', apiBase: 'http://127.0.0.1:4000' }
}
const kollusToken: AccountSummary = {
  provider: 'kollus',
  profile: 'default',
  label: 'Kollus Live',
  connected: true,
  display: { serviceAccountKey: 'svc', accessToken: '••••••••abcd' }
}
const edit = (account: AccountSummary): FormMode => ({ kind: 'edit', account })
const stateOf = (account: AccountSummary, values: Record<string, string>, shape = savedShape(account)): FormState => ({
  provider: account.provider,
  shape,
  profile: account.profile,
  label: account.label,
  values: { ...initialValues(formFields(account.provider, shape), account), ...values }
})

describe('account form fields', () => {
  it.each([
    ['kollus', 0, ['serviceAccountKey', 'accessToken', 'apiBase']],
    ['kollus', 1, ['serviceAccountKey', 'clientId', 'clientSecret', 'apiBase']],
    ['sigma', 0, ['appId', 'username', 'secret', 'apiBase']],
    ['livestream-api', 0, ['tokenId', 'tokenSecret', 'apiBase']],
    ['naver', 0, ['accessKey', 'secretKey', 'region', 'apiBase']],
    ['custom', 0, ['serverUrl', 'streamKey']]
  ] as const)('%s, sign-in method %i: %j', (provider, shape, names) => {
    expect(formFields(provider, shape).map((f) => f.name)).toEqual(names)
  })

  it('asks for the fields of the chosen shape, keeps an optional API address under Advanced (the v1.0-poc needs it, so not there)', () => {
    const oauth = formFields('kollus', 1)
    expect(oauth.filter((f) => f.required).map((f) => f.name)).toEqual(['serviceAccountKey', 'clientId', 'clientSecret'])
    expect(oauth.find((f) => f.name === 'apiBase')).toMatchObject({ required: false, advanced: true })
    expect(formFields('livestream-api', 0).find((f) => f.name === 'apiBase')).toMatchObject({ required: true, advanced: false })
  })

  it('never prefills a secret; an edit starts from the saved non-secret values', () => {
    expect(initialValues(formFields('sigma', 0), sigma)).toEqual({ appId: 'app-1', username: 'streamer', secret: '', apiBase: 'http://127.0.0.1:4000' })
    expect(initialValues(formFields('sigma', 0))).toEqual({ appId: '', username: '', secret: '', apiBase: '' })
  })

  it('finds the Kollus sign-in method a saved account uses', () => {
    expect(savedShape(kollusToken)).toBe(0)
    expect(savedShape({ ...kollusToken, display: { serviceAccountKey: 'svc', clientId: 'c', clientSecret: '••••••••' } })).toBe(1)
  })

  it('offers a free profile name', () => {
    expect(freeProfile('sigma', [])).toBe('default')
    expect(freeProfile('sigma', [sigma])).toBe('profile-2')
    expect(freeProfile('naver', [sigma])).toBe('default')
    expect(freeProfile('sigma', [sigma, { ...sigma, profile: 'profile-2' }])).toBe('profile-3')
  })
})

describe('what the form refuses before sending', () => {
  const add: FormMode = { kind: 'add', accounts: [sigma] }
  const blank = (provider: FormState['provider'], shape = 0, profile = 'default'): FormState => ({
    provider,
    shape,
    profile,
    label: '',
    values: initialValues(formFields(provider, shape))
  })

  it.each([
    ['an empty Sigma form', blank('sigma', 0, 'second'), { appId: 'required', username: 'required', secret: 'required' }],
    ['an empty Kollus token form', blank('kollus', 0), { serviceAccountKey: 'required', accessToken: 'required' }],
    ['an empty Kollus OAuth form', blank('kollus', 1), { serviceAccountKey: 'required', clientId: 'required', clientSecret: 'required' }],
    [
      'a taken profile',
      { ...blank('custom'), values: { serverUrl: 'rtmp://h/app', streamKey: 'k' }, provider: 'sigma' as const },
      { appId: 'required', username: 'required', secret: 'required', profile: 'profileTaken' }
    ],
    ['a bad profile name', { ...blank('custom', 0, 'my profile'), values: { serverUrl: 'rtmp://h/app', streamKey: 'k' } }, { profile: 'profileInvalid' }],
    ['a complete Custom RTMP form', { ...blank('custom'), values: { serverUrl: 'rtmp://h/app', streamKey: 'k' } }, {}]
  ])('%s', (_name, state, problems) => {
    expect(formProblems(add, state)).toEqual(problems)
  })

  it('an edit keeps the secrets; a new API address or server URL asks for them again', () => {
    expect(formProblems(edit(sigma), stateOf(sigma, { username: 'other' }))).toEqual({})
    const moved = stateOf(sigma, { apiBase: 'https://api.example.com' })
    expect(addressChanged(edit(sigma), moved)).toBe(true)
    expect(formProblems(edit(sigma), moved)).toEqual({ secret: 'secretRequired' })
    expect(formProblems(edit(sigma), { ...moved, values: { ...moved.values, secret: 'new' } })).toEqual({})
    const custom: AccountSummary = {
      provider: 'custom',
      profile: 'default',
      label: 'Custom RTMP',
      connected: true,
      display: { serverUrl: 'rtmp://a/app', streamKey: '••••••••' }
    }
    expect(formProblems(edit(custom), stateOf(custom, { serverUrl: 'rtmp://b/app' }))).toEqual({ streamKey: 'secretRequired' })
    expect(formProblems(edit(sigma), stateOf(sigma, { appId: '' }))).toEqual({ appId: 'required' })
  })
})

describe('the command a form sends', () => {
  it('adds with accounts:save and the non-empty fields only', () => {
    const state: FormState = {
      provider: 'kollus',
      shape: 1,
      profile: 'default',
      label: ' Studio B ',
      values: { serviceAccountKey: 'svc', clientId: 'cid', clientSecret: 'cs', apiBase: '' }
    }
    expect(accountRequest({ kind: 'add', accounts: [] }, state)).toEqual({
      command: 'accounts:save',
      request: { provider: 'kollus', profile: 'default', label: 'Studio B', fields: { serviceAccountKey: 'svc', clientId: 'cid', clientSecret: 'cs' } }
    })
  })

  it('edits one field with accounts:update: no secret, no unchanged field', () => {
    expect(accountRequest(edit(sigma), { ...stateOf(sigma, {}), label: 'Sigma, studio 2' })).toEqual({
      command: 'accounts:update',
      request: { provider: 'sigma', profile: 'default', label: 'Sigma, studio 2', fields: {} }
    })
    expect(accountRequest(edit(sigma), stateOf(sigma, { username: 'other', apiBase: '' }))).toEqual({
      command: 'accounts:update',
      request: { provider: 'sigma', profile: 'default', fields: { username: 'other', apiBase: '' } }
    })
    expect(accountRequest(edit(sigma), stateOf(sigma, { secret: ' typed ' })).request.fields).toEqual({ secret: 'typed' })
  })

  it('switching Kollus from token to OAuth saves the whole new set (the old token does not linger)', () => {
    const state = stateOf(kollusToken, { clientId: 'cid', clientSecret: 'cs' }, 1)
    expect(accountRequest(edit(kollusToken), state)).toEqual({
      command: 'accounts:save',
      request: { provider: 'kollus', profile: 'default', label: 'Kollus Live', fields: { serviceAccountKey: 'svc', clientId: 'cid', clientSecret: 'cs' } }
    })
  })
})
