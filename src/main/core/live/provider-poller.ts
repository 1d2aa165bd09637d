import { toErrorValue, type OnairErrorValue } from '../../../shared/errors'
import type { ProviderEvent } from '../providers/provider'
import type { ProviderReportedStatus } from './ingest-resolver'

/** A destination whose provider can be asked about the channel while live (API providers only). */
export interface PolledDestination {
  id: string
  status?: () => Promise<ProviderReportedStatus>
  /** Events strictly after `since` (ms since epoch), oldest first. */
  events?: (since: number) => Promise<ProviderEvent[]>
}

export interface ProviderPollerListener {
  onStatus(id: string, reported: ProviderReportedStatus): void
  /** A provider event not seen before in this session. */
  onEvent(id: string, event: ProviderEvent): void
  /** A status or events call failed; told once per destination and kind, the next failures are quiet. */
  onFailure(id: string, kind: 'status' | 'events', error: OnairErrorValue): void
}

export interface ProviderPollerOptions {
  /**
   * How often to ask. 10 s keeps Kollus (60 calls a minute for the whole app, spaced ≥ 1 s by its own limiter) far
   * from its limit and is what the providers' own consoles refresh at.
   */
  intervalMs: number
  /** Events older than this are an earlier show's (NAVER keeps a channel's events across broadcasts). */
  since: number
}

/** How many event keys each destination remembers for de-duplication: a 4-hour show's events, with room to spare. */
const SEEN_MAX = 2000

/**
 * The provider poller (DESIGN §3 live/): while live, asks each API provider for the channel's state and its events,
 * at once and then every interval. Events are de-duplicated (a provider that returns the same event twice, or one
 * whose `since` is coarser than ours, shows it once). A failing call never touches the stream: the session is told
 * once and polling goes on.
 */
export class ProviderPoller {
  private timer: NodeJS.Timeout | null = null
  private running = false
  private readonly since = new Map<string, number>()
  private readonly seen = new Map<string, Set<string>>()
  private readonly failuresTold = new Set<string>()
  private inFlight: Promise<void> | null = null

  constructor(
    private readonly destinations: PolledDestination[],
    private readonly listener: ProviderPollerListener,
    private readonly options: ProviderPollerOptions
  ) {}

  start(): void {
    if (this.running || !this.destinations.some((d) => d.status || d.events)) return
    this.running = true
    this.timer = setInterval(() => void this.pollOnce(), this.options.intervalMs)
    this.timer.unref?.()
    void this.pollOnce()
  }

  stop(): void {
    this.running = false
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /**
   * One round over every destination, in turn (a provider's own queue spaces the calls). A round still running when
   * the next is due (a slow provider) is not doubled: the caller waits for it. Exposed for tests.
   */
  pollOnce(): Promise<void> {
    this.inFlight ??= this.round().finally(() => (this.inFlight = null))
    return this.inFlight
  }

  private async round(): Promise<void> {
    for (const d of this.destinations) {
      if (!this.running) return
      if (d.status) await this.ask(d.id, 'status', async () => this.listener.onStatus(d.id, await d.status!()))
      if (!this.running) return
      if (d.events) await this.ask(d.id, 'events', async () => this.newEvents(d.id, await d.events!(this.since.get(d.id) ?? this.options.since)))
    }
  }

  private async ask(id: string, kind: 'status' | 'events', call: () => Promise<void>): Promise<void> {
    try {
      await call()
    } catch (e) {
      const key = `${id}:${kind}`
      if (!this.running || this.failuresTold.has(key)) return
      this.failuresTold.add(key)
      this.listener.onFailure(id, kind, toErrorValue(e))
    }
  }

  private newEvents(id: string, events: ProviderEvent[]): void {
    if (!this.running) return
    const seen = this.seen.get(id) ?? new Set<string>()
    this.seen.set(id, seen)
    for (const event of [...events].sort((a, b) => a.time - b.time)) {
      if (event.time < this.options.since) continue
      const key = `${event.time}\u0000${event.code}\u0000${event.message}`
      if (seen.has(key)) continue
      seen.add(key)
      if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value as string)
      // Asked again from the newest one: a provider whose `since` is inclusive repeats it, and `seen` drops it.
      this.since.set(id, Math.max(this.since.get(id) ?? 0, event.time))
      this.listener.onEvent(id, event)
    }
  }
}
