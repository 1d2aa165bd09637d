import { describe, expect, it, vi as vitest } from 'vitest'
import { ERROR_CODES } from '../../../src/shared/errors'
import { LIVE_STATES } from '../../../src/shared/live'
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

  it('only translates error codes that exist', () => {
    const codes = new Set<string>(ERROR_CODES)
    for (const key of Object.keys(en).filter((k) => k.startsWith('error.') && k !== 'error.title')) expect(codes.has(key.slice(6))).toBe(true)
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

describe('errors as the UI shows them', () => {
  it('drop control and bidi characters and stay short, whatever text reaches the renderer', async () => {
    const { errorText } = await import('../../../src/renderer/src/i18n/i18n')
    const shown = errorText({ code: 'bad_response', message: `Provider said: \u202Egnp.exe\u001b[2J ${'x'.repeat(5000)}`, retryable: false })
    const all = `${shown.text}${shown.detail ?? ''}`
    expect(all).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(all.startsWith('Provider said: gnp.exe[2J')).toBe(true)
    expect(shown.text.length).toBeLessThanOrEqual(600)
  })
})
