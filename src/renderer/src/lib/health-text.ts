import type { TFunction } from 'i18next'
import type { HealthCause, LiveHealth } from '../../../shared/live'

/** One health cause in the UI's language, from its code and figures (core's English is for the CLI and the files). */
export function healthCauseText(t: TFunction, cause: HealthCause): string {
  if (cause.code === 'provider') return t('health.reason.provider', { level: t(`health.${cause.level}`) })
  return t(`health.reason.${cause.code}`, cause)
}

export function healthReasons(t: TFunction, health: LiveHealth | null | undefined): string[] {
  return (health?.causes ?? []).map((cause) => healthCauseText(t, cause))
}
