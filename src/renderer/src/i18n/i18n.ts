import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { initialLanguage, type Language } from './languages'
import { initI18n } from './texts'

export { LANGUAGES, type Language } from './languages'
export { errorText, initI18n, localise, logText, MESSAGE_MAX } from './texts'

const STORAGE_KEY = 'onair.language'

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

export function setupI18n(): typeof i18next {
  const lng = initialLanguage(readStored(), navigator.languages?.length ? navigator.languages : [navigator.language])
  initI18n(lng, [initReactI18next])
  document.documentElement.lang = lng
  return i18next
}

export function changeLanguage(lng: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lng)
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = lng
  void i18next.changeLanguage(lng)
}
