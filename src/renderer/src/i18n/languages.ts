/** The UI's languages and how the first one is chosen (no DOM here, so tests can load it under Node). */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'ko', name: '한국어' },
  { code: 'vi', name: 'Tiếng Việt' }
] as const
export type Language = (typeof LANGUAGES)[number]['code']

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value)
}

/** The user's choice if they made one, else the first OS/browser language we have, else English. */
export function initialLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0]
    if (isLanguage(base)) return base
  }
  return 'en'
}
