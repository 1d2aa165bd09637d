import type { EventName, EventPayloads } from '../../../shared/contract'
import type { SecretRegistry } from './secret-registry'

export type EventListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void

/** The core's event stream (DESIGN §2). Every payload is redacted once, here, before any transport sees it. */
export class EventBus {
  private readonly listeners = new Set<EventListener>()

  constructor(private readonly secrets: SecretRegistry) {}

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    const safe = this.secrets.redactDeep(payload)
    for (const listener of [...this.listeners]) {
      try {
        listener(event, safe)
      } catch {
        // A broken listener (a closed socket, say) must not break the session.
      }
    }
  }

  onDidEmit(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
