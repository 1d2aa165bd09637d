import type { AccountSummary } from '../../../shared/contract'
import { PROVIDERS, type ProviderId } from '../../../shared/providers'
import type { ScriptedApi } from './scripted-api'

/**
 * accounts:list|save|update|delete scripted as main answers them (masks only, never a secret back), over an in-memory
 * list a test can start from and inspect. Secrets are kept aside, as the keychain would, so a test can check what was saved.
 */
export function fakeAccounts(api: ScriptedApi, initial: AccountSummary[] = []) {
  const accounts = [...initial]
  const secrets = new Map<string, Record<string, string>>()
  const key = (provider: ProviderId, profile: string) => `${provider}:${profile}`
  const summarise = (provider: ProviderId, profile: string, label: string | undefined, fields: Record<string, string>): AccountSummary => {
    const display: Record<string, string> = {}
    for (const f of PROVIDERS[provider].credentialFields) {
      const v = fields[f.name]
      if (v) display[f.name] = f.secret ? `••••••••${v.slice(-4)}` : v
    }
    return { provider, profile, label: label || PROVIDERS[provider].name, connected: true, display }
  }
  api.handle('accounts:list', () => ({ ok: true, value: structuredClone(accounts) }))
  api.handle('accounts:save', (raw) => {
    const r = raw as { provider: ProviderId; profile: string; label?: string; fields: Record<string, string> }
    const summary = summarise(r.provider, r.profile, r.label, r.fields)
    const i = accounts.findIndex((a) => a.provider === r.provider && a.profile === r.profile)
    if (i >= 0) accounts[i] = summary
    else accounts.push(summary)
    secrets.set(key(r.provider, r.profile), { ...r.fields })
    return { ok: true, value: summary }
  })
  api.handle('accounts:update', (raw) => {
    const r = raw as { provider: ProviderId; profile: string; label?: string; fields: Record<string, string> }
    const i = accounts.findIndex((a) => a.provider === r.provider && a.profile === r.profile)
    if (i < 0) return { ok: false, error: { code: 'credentials_missing', message: 'No such account.', retryable: false } }
    const fields = { ...secrets.get(key(r.provider, r.profile)), ...r.fields }
    secrets.set(key(r.provider, r.profile), fields)
    accounts[i] = {
      ...summarise(r.provider, r.profile, r.label ?? accounts[i].label, fields),
      display: { ...accounts[i].display, ...summarise(r.provider, r.profile, '', r.fields).display }
    }
    return { ok: true, value: accounts[i] }
  })
  api.handle('accounts:delete', (raw) => {
    const r = raw as { provider: ProviderId; profile: string }
    const i = accounts.findIndex((a) => a.provider === r.provider && a.profile === r.profile)
    if (i >= 0) accounts.splice(i, 1)
    return { ok: true, value: { deleted: i >= 0 } }
  })
  return { accounts, secrets }
}

/** Saved accounts as accounts:list shows them (masks only), for the tests that need one of each to pick from. */
export const CUSTOM_ACCOUNT: AccountSummary = {
  provider: 'custom',
  profile: 'default',
  label: 'Custom RTMP',
  connected: true,
  display: { serverUrl: 'rtmp://127.0.0.1:1935/live', streamKey: '••••••••1234' }
}
export const SIGMA_ACCOUNT: AccountSummary = {
  provider: 'sigma',
  profile: 'default',
  label: 'Sigma Livestream',
  connected: true,
  display: { appId: 'app', secret: '••••••••wxyz' }
}
export const NAVER_ACCOUNT: AccountSummary = {
  provider: 'naver',
  profile: 'default',
  label: 'NAVER studio',
  connected: true,
  display: { accessKey: 'NCPKEY', secretKey: '••••••••abcd' }
}
