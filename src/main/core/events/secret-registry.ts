import { redact, redactDeep } from '../../../shared/redact'

/**
 * The secrets currently held in main-process memory (stream keys, tokens). Whatever leaves the core (events,
 * errors, logs, argv shown to users) is redacted against them, on top of the shape-based masking of `redact`.
 */
export class SecretRegistry {
  private readonly secrets = new Set<string>()

  add(...values: Array<string | undefined | null>): void {
    for (const v of values) if (v && v.length >= 3) this.secrets.add(v)
  }

  /** How many secrets are held (each one costs every later redaction a little). */
  get size(): number {
    return this.secrets.size
  }

  redact(text: string): string {
    return redact(text, this.secrets)
  }

  redactDeep<T>(value: T): T {
    return redactDeep(value, this.secrets)
  }
}
