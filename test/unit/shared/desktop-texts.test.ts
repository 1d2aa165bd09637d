import { describe, expect, it } from 'vitest'
import { DESKTOP_LANGUAGES, DESKTOP_TEXTS, desktopLanguage, desktopText } from '../../../src/shared/desktop-texts'

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()

describe('the desktop shell speaks en, ko and vi', () => {
  const keys = Object.keys(DESKTOP_TEXTS.en)

  it.each(DESKTOP_LANGUAGES.filter((l) => l !== 'en'))('%s has every string, in its own words, with the same placeholders', (lang) => {
    expect(Object.keys(DESKTOP_TEXTS[lang]).sort()).toEqual([...keys].sort())
    for (const key of keys as Array<keyof typeof DESKTOP_TEXTS.en>) {
      const text = DESKTOP_TEXTS[lang][key]
      expect(text.trim(), key).not.toBe('')
      expect(placeholders(text), key).toEqual(placeholders(DESKTOP_TEXTS.en[key]))
      // Translated, not English left in place (the product name alone may stay).
      if (DESKTOP_TEXTS.en[key] !== 'Onair') expect(text, key).not.toBe(DESKTOP_TEXTS.en[key])
    }
  })

  it.each([
    ['ko', [], 'ko'],
    ['auto', ['vi-VN', 'en-US'], 'vi'],
    ['auto', ['fr-FR', 'ko_KR'], 'ko'],
    ['auto', ['fr-FR'], 'en'],
    ['auto', [], 'en'],
    ['en', ['ko-KR'], 'en']
  ] as const)('language %s with the OS preferring %j: %s', (setting, os, expected) => {
    expect(desktopLanguage(setting, os)).toBe(expected)
  })

  it('fills placeholders and leaves a missing one visible', () => {
    expect(desktopText('ko', 'notify.backLive.body', { destination: 'NAVER · 내 방송' })).toBe('NAVER · 내 방송에 다시 송출되고 있습니다.')
    expect(desktopText('en', 'notify.reconnecting.body')).toContain('{{destination}}')
  })
})
