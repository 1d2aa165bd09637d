/** Requests one socket may have running at once; the UI itself rarely has more than a handful. */
export const MAX_INFLIGHT_PER_CLIENT = 32
/** Requests all sockets together may have running at once, so many sockets cannot multiply the cap. */
export const MAX_INFLIGHT_TOTAL = 128

/**
 * Bounded work per client (issue 7 item 5): 2,000 concurrent requests once crashed gnome-keyring-daemon and pinned
 * serve at 100 % CPU. A request over either cap is refused at once with `busy` instead of queued, so a flood costs
 * the server one small answer per frame.
 */
export class InflightLimit<Client extends object> {
  private total = 0
  private readonly perClient = new Map<Client, number>()

  constructor(
    private readonly maxPerClient = MAX_INFLIGHT_PER_CLIENT,
    private readonly maxTotal = MAX_INFLIGHT_TOTAL
  ) {}

  /** Takes a slot for `client`; false when it or the server is at its cap. */
  tryTake(client: Client): boolean {
    const mine = this.perClient.get(client) ?? 0
    if (mine >= this.maxPerClient || this.total >= this.maxTotal) return false
    this.perClient.set(client, mine + 1)
    this.total += 1
    return true
  }

  release(client: Client): void {
    const mine = this.perClient.get(client) ?? 0
    if (mine <= 0) return
    if (mine === 1) this.perClient.delete(client)
    else this.perClient.set(client, mine - 1)
    this.total -= 1
  }

  inflight(client?: Client): number {
    return client ? (this.perClient.get(client) ?? 0) : this.total
  }
}
