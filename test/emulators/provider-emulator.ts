import type { RtmpCallback, RtmpIngest } from '../fixtures/nginx-rtmp'
import { EmulatorServer, IngestLink, type EmulatorRequest, type EmulatorResponse, type ErrorEnvelope } from './emulator-server'

/**
 * What every provider emulator shares: its loopback HTTP server (with the provider's error envelope for faults),
 * the link to a real nginx-rtmp ingest whose publish callbacks move its state, and start/close.
 */
export abstract class ProviderEmulator {
  readonly server: EmulatorServer
  readonly ingest: IngestLink
  protected readonly now: () => number

  constructor(errorEnvelope: ErrorEnvelope, now: () => number = Date.now) {
    this.now = now
    this.server = new EmulatorServer((r) => this.handle(r), errorEnvelope, now)
    this.ingest = new IngestLink((cb) => this.onRtmp(cb))
  }

  /** One API request, answered as the provider documents it. */
  protected abstract handle(req: EmulatorRequest): EmulatorResponse | Promise<EmulatorResponse>
  /** An nginx-rtmp publish callback: the HTTP status decides whether the push is accepted. */
  protected abstract onRtmp(cb: RtmpCallback): number | Promise<number>
  /** Timers the emulator runs (disconnection windows, grace periods), cleared on close. */
  protected clearTimers(): void {}

  start(): Promise<string> {
    return this.server.start()
  }

  async close(): Promise<void> {
    this.clearTimers()
    await this.server.close()
  }

  attachIngest(ingest: RtmpIngest): void {
    this.ingest.attach(ingest)
  }

  get url(): string {
    return this.server.url
  }
}
