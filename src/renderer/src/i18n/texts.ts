import i18next, { type Module } from 'i18next'
import { displayText } from '../../../shared/display-text'
import type { OnairErrorValue } from '../../../shared/errors'
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '../../../shared/providers'
import { en } from './en'
import { ko } from './ko'
import { vi } from './vi'
import type { Language } from './languages'

/*
 * What main reports (log lines, errors) in the UI's words, and the strings' setup. Nothing here touches the page, so a
 * test in Node can word a show's log lines exactly as a window would (i18n.ts adds the page: storage, <html lang>).
 */

/** The strings and their rules, without the page (a test in Node words log lines with it). */
export function initI18n(lng: Language, plugins: Module[] = []): void {
  // React's binding comes from i18n.ts: this file stays free of React (and of its DOM types) for Node.
  for (const plugin of plugins) i18next.use(plugin)
  void i18next.init({
    resources: { en: { translation: en }, ko: { translation: ko }, vi: { translation: vi } },
    lng,
    fallbackLng: 'en',
    // Keys are flat strings such as `log.live.started`; codes from main map onto them directly.
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    initAsync: false
  })
}

/**
 * Text for something main reported with a stable code. English shows main's own message (it is the most specific);
 * Korean and Vietnamese show our translation of the code when we have one, else main's English message.
 * `data` fills the translation's placeholders (a log event's parameters, e.g. the destination).
 */
export function localise(key: string, englishMessage: string, data?: Record<string, unknown>): string {
  const lng = i18next.language
  if (lng === 'en') return englishMessage
  const translated: unknown = i18next.getResource(lng, 'translation', key)
  if (typeof translated !== 'string') return englishMessage
  return data ? i18next.t(key, { ...data, lng }) : translated
}

/**
 * A log event as the UI says it. A destination's error is logged with the code `error.<code>`: it is said like that
 * error (in Korean and Vietnamese from the code, never main's English), after the destination's name.
 */
export function logText(event: { code: string; message: string; data?: Record<string, unknown> }): string {
  const message = displayText(event.message, MESSAGE_MAX)
  if (!event.code.startsWith('error.')) return localise(`log.${event.code}`, message, event.data)
  const code = event.code.slice('error.'.length) as OnairErrorValue['code']
  const provider = isProviderId(event.data?.provider as string | undefined) ? (event.data?.provider as ProviderId) : undefined
  // English keeps main's line unless the app words the error itself (a provider's refusal: main's says HTTP codes and CLI advice).
  if (i18next.language === 'en' && !(provider && APP_WORDED.has(code))) return message
  const destination = typeof event.data?.destination === 'string' ? displayText(event.data.destination) : null
  const text = errorText({ code, message, retryable: false, ...(provider ? { provider } : {}) }).text
  return destination ? `${destination}: ${text}` : text
}

/** Longest error or log text shown: main's own messages are a sentence or two. */
export const MESSAGE_MAX = 600

/**
 * Provider API errors the app words itself in English too: main's messages for them are written for the command line
 * (`onair credentials set ...`) and carry HTTP status codes, which mean nothing in the app.
 */
const APP_WORDED = new Set<string>(['auth', 'forbidden', 'not_found', 'rate_limited', 'clock_skew', 'server', 'network', 'timeout', 'bad_response'])

/**
 * Main's words for a push that failed end in the socket's or the server's own detail in brackets (`connect
 * ECONNREFUSED 127.0.0.1:1935`, a status code): right for the CLI's line and the event log, noise in the app's message.
 */
function withoutTechnicalDetail(error: OnairErrorValue): string {
  return error.code.startsWith('ingest_') ? error.message.replace(/\s+\([^()]*\)$/, '') : error.message
}

function isProviderId(value: string | undefined): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value ?? '')
}

/**
 * What the UI says for a typed error. English shows main's own message (the most specific: paths, figures) except for the above;
 * Korean and Vietnamese say the error's code in their words, with its parameters (`data`, the field it concerns) filled
 * in, and never main's English text (issue 8: no English developer text in Korean or Vietnamese). A code about one field
 * may have its own words (`error.invalid_request.apiBase`), else the code's words for any field.
 */
export function errorText(error: OnairErrorValue): { text: string } {
  const lng = i18next.language
  // Main never echoes a request in an error, but a provider's or ffmpeg's words can pass through: shown without
  // control or bidi characters (a name must read as it is) and not a page long.
  if (lng === 'en' && !(error.provider && APP_WORDED.has(error.code))) return { text: displayText(withoutTechnicalDetail(error), MESSAGE_MAX) }
  const field = error.field?.replace(/^fields\./, '')
  const fieldLabelKey = `credentials.field.${field}`
  const candidates = [
    field && `error.${error.code}.${field}`,
    field && i18next.exists(fieldLabelKey, { lng }) && `error.${error.code}.field`,
    `error.${error.code}`
  ]
  const key = candidates.find((k): k is string => Boolean(k) && i18next.exists(k as string, { lng }))
  if (!key) return { text: i18next.t('error.title', { lng }) }
  const provider = isProviderId(error.provider) ? PROVIDERS[error.provider].name : i18next.t('provider.generic', { lng })
  const params = { ...error.data, provider, ...(field ? { field: i18next.t(fieldLabelKey, { lng }) } : {}), lng }
  return { text: i18next.t(key, params) }
}
