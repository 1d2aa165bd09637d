import { describe, expect, it, vi as vitest } from 'vitest'
import { ERROR_CODES } from '../../../src/shared/errors'
import { LIVE_STATES } from '../../../src/shared/live'
import { PROVIDER_IDS, PROVIDERS } from '../../../src/shared/providers'
import { en } from '../../../src/renderer/src/i18n/en'
import { initialLanguage } from '../../../src/renderer/src/i18n/languages'
import { ko } from '../../../src/renderer/src/i18n/ko'
import { vi } from '../../../src/renderer/src/i18n/vi'
import { errorField, formatElapsed } from '../../../src/renderer/src/lib/format'

describe('UI language', () => {
  it('follows the stored choice, then the OS/browser languages, then English', () => {
    expect(initialLanguage('vi', ['ko-KR'])).toBe('vi')
    expect(initialLanguage(null, ['ko-KR', 'en-US'])).toBe('ko')
    expect(initialLanguage(null, ['fr-FR', 'vi'])).toBe('vi')
    expect(initialLanguage('xx', ['de-DE'])).toBe('en')
  })

  it('Korean and Vietnamese translate every English string', () => {
    const keys = Object.keys(en).sort()
    expect(Object.keys(ko).sort()).toEqual(keys)
    expect(Object.keys(vi).sort()).toEqual(keys)
  })

  it('has a label for every live state', () => {
    for (const state of LIVE_STATES) expect(en).toHaveProperty(`state.${state}`)
  })

  it('only translates error codes that exist (error.<code>, or error.<code>.<field> for one field)', () => {
    const codes = new Set<string>(ERROR_CODES)
    for (const key of Object.keys(en).filter((k) => k.startsWith('error.') && k !== 'error.title')) expect(codes.has(key.split('.')[1])).toBe(true)
  })

  it('says every error code in every language: no English developer text in Korean or Vietnamese', () => {
    for (const messages of [en, ko, vi] as Array<Record<string, string | undefined>>) {
      for (const code of ERROR_CODES) expect(messages[`error.${code}`], code).toBeTruthy()
    }
  })

  it('labels every credential field of every provider, and every Kollus sign-in method', () => {
    for (const provider of PROVIDER_IDS) {
      for (const field of PROVIDERS[provider].credentialFields) expect(en).toHaveProperty(`credentials.field.${field.name}`)
    }
    PROVIDERS.kollus.credentialShapes.forEach((_, i) => expect(en).toHaveProperty(`accounts.form.shape.kollus.${i}`))
  })

  it('keeps the same {{placeholders}} in every language', () => {
    const placeholders = (text: string | undefined) => [...(text ?? '').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(placeholders(ko[key]), `ko ${key}`).toEqual(placeholders(en[key]))
      expect(placeholders(vi[key]), `vi ${key}`).toEqual(placeholders(en[key]))
    }
  })
})

describe('display helpers', () => {
  it('formats elapsed time as hh:mm:ss', () => {
    expect(formatElapsed(0)).toBe('00:00:00')
    expect(formatElapsed(3_725_999)).toBe('01:02:05')
    expect(formatElapsed(-5)).toBe('00:00:00')
  })

  it('puts an error beside the field it names, or the field a streamer would fix', () => {
    expect(errorField({ code: 'invalid_request', field: 'serverUrl' })).toBe('serverUrl')
    expect(errorField({ code: 'ingest_rejected_key' })).toBe('streamKey')
    expect(errorField({ code: 'ingest_unreachable' })).toBe('serverUrl')
    expect(errorField({ code: 'encoder_failed' })).toBeUndefined()
  })
})

describe('localised core messages', () => {
  it('fills a log event’s parameters into the translation, and keeps the English message without one', async () => {
    vitest.stubGlobal('navigator', { languages: ['ko-KR'], language: 'ko-KR' })
    vitest.stubGlobal('document', { documentElement: {} })
    const { setupI18n, localise, changeLanguage } = await import('../../../src/renderer/src/i18n/i18n')
    setupI18n()
    changeLanguage('ko')
    expect(localise('log.live.connecting', 'Connecting to rtmp://h/app', { destinations: 'rtmp://h/app' })).toBe('rtmp://h/app에 연결하는 중')
    expect(localise('log.some.unknown', 'Something happened', { x: 1 })).toBe('Something happened')
    changeLanguage('vi')
    expect(localise('log.pusher.reconnecting', 'x', { destination: 'd1', attempt: 2, seconds: 1.5 })).toBe(
      'd1: mất kết nối. Đang kết nối lại (lần 2, sau 1.5 giây)'
    )
    changeLanguage('en')
    expect(localise('log.live.connecting', 'Connecting to rtmp://h/app', { destinations: 'rtmp://h/app' })).toBe('Connecting to rtmp://h/app')
    vitest.unstubAllGlobals()
  })
})

describe('the event log', () => {
  it('says a destination’s error like the error itself, after the destination’s name; English keeps main’s words', async () => {
    const { logText, changeLanguage } = await import('../../../src/renderer/src/i18n/i18n')
    const event = {
      code: 'error.ingest_rejected_key',
      message: 'rtmp://h/app: The ingest refused the stream key (NetStream.Publish.BadName).',
      data: { destination: 'rtmp://h/app', code: 'ingest_rejected_key' }
    }
    changeLanguage('ko')
    expect(logText(event)).toBe('rtmp://h/app: 인제스트 서버가 스트림 키를 거부했습니다. 방송 서비스에서 키를 다시 복사해 저장하세요.')
    expect(logText({ code: 'destination.ready', message: 'rtmp://h/app: ingest ready', data: { destination: 'rtmp://h/app' } })).toBe(
      'rtmp://h/app: 인제스트 준비됨'
    )
    changeLanguage('en')
    expect(logText(event)).toBe(event.message)
    // A provider's refusal is worded by the app in English too: main's line carries HTTP codes and CLI advice.
    const refused = {
      code: 'error.auth',
      message: 'Sigma Livestream · 89e9: Sigma Livestream did not accept your credentials (HTTP 401). Check them, then run `onair credentials set sigma`.',
      data: { destination: 'Sigma Livestream · Kênh tối nay', code: 'auth', provider: 'sigma' }
    }
    expect(logText(refused)).toBe('Sigma Livestream · Kênh tối nay: Sigma Livestream did not accept these credentials. Check them and try again.')
    changeLanguage('vi')
    expect(logText(refused)).toMatch(/^Sigma Livestream · Kênh tối nay: Sigma Livestream không chấp nhận/)
    changeLanguage('en')
  })
})

describe('errors as the UI shows them', () => {
  it('drop control and bidi characters and stay short, whatever text reaches the renderer', async () => {
    const { errorText } = await import('../../../src/renderer/src/i18n/i18n')
    const shown = errorText({ code: 'bad_response', message: `Provider said: \u202Egnp.exe\u001b[2J ${'x'.repeat(5000)}`, retryable: false })
    const all = shown.text
    expect(all).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(all.startsWith('Provider said: gnp.exe[2J')).toBe(true)
    expect(shown.text.length).toBeLessThanOrEqual(600)
  })

  it('in Korean and Vietnamese: the code and its parameters in their words, the field named in their words, never main’s English', async () => {
    const { errorText, changeLanguage } = await import('../../../src/renderer/src/i18n/i18n')
    const english = 'Missing "secret": Sigma Livestream needs appId + username + secret.'
    changeLanguage('ko')
    expect(errorText({ code: 'invalid_request', message: english, field: 'secret', retryable: false }).text).toBe(
      '시크릿 키 항목을 확인하세요. 비어 있거나 서비스가 요구하는 형식이 아닙니다.'
    )
    expect(errorText({ code: 'invalid_request', message: 'The API address is not a URL', field: 'fields.apiBase', retryable: false }).text).toMatch(
      /^API 주소는/
    )
    changeLanguage('vi')
    const auth = errorText({ code: 'auth', message: 'Sigma Livestream refused the credentials (401 Unauthorized).', provider: 'sigma', retryable: false }).text
    expect(auth).toBe('Sigma Livestream không chấp nhận thông tin đăng nhập này. Hãy kiểm tra rồi thử lại.')
    expect(errorText({ code: 'timeout', message: 'x', retryable: true }).text).toBe('Dịch vụ phản hồi quá lâu. Hãy thử lại.')
    // A field we have no words for gets the code's words, not the English message.
    expect(errorText({ code: 'invalid_request', message: english, field: 'somethingElse', retryable: false }).text).toBe('Yêu cầu có chỗ chưa đúng.')
    changeLanguage('en')
    // A provider's refusal is worded by the app (main's words are for the command line: `onair credentials set`, HTTP codes)…
    const cli = 'Sigma Livestream did not accept your credentials (HTTP 401). Save them again with `onair credentials set sigma`.'
    expect(errorText({ code: 'auth', message: cli, provider: 'sigma', retryable: false }).text).toBe(
      'Sigma Livestream did not accept these credentials. Check them and try again.'
    )
    // …the rest shows main's own, most specific message.
    expect(errorText({ code: 'disk_full', message: 'The folder /rec has 3 MB free.', retryable: false }).text).toBe('The folder /rec has 3 MB free.')
    expect(errorText({ code: 'network', message: 'Lost the connection to "onair serve".', retryable: true }).text).toBe('Lost the connection to "onair serve".')
    // A push's failure without the socket's own detail (ECONNREFUSED, a status): that is for the event log and the CLI.
    const unreachable = 'The ingest server does not answer. Check the server address and your network, then try again. (connect ECONNREFUSED 127.0.0.1:1935)'
    expect(errorText({ code: 'ingest_unreachable', message: unreachable, retryable: true }).text).toBe(
      'The ingest server does not answer. Check the server address and your network, then try again.'
    )
  })
})
