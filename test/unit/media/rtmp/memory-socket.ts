import { Duplex } from 'node:stream'

/**
 * One end of an in-memory connection (Node 20 has no stream.duplexPair). What one end writes, the other reads.
 * `stall()` holds this end's writes the way a dead link does: they pile up, the write callbacks never come, and
 * the writer sees backpressure.
 */
export class MemorySocket extends Duplex {
  peer!: MemorySocket
  private stalled = false
  private held: Array<[Buffer, (error?: Error | null) => void]> = []

  constructor() {
    // Like a net.Socket: when the other end ends, this one ends too.
    super({ allowHalfOpen: false })
  }

  stall(): void {
    this.stalled = true
  }

  unstall(): void {
    this.stalled = false
    for (const [chunk, callback] of this.held.splice(0)) {
      this.peer.push(chunk)
      callback()
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.stalled) this.held.push([chunk, callback])
    else {
      this.peer.push(chunk)
      callback()
    }
  }

  override _read(): void {}

  override _final(callback: (error?: Error | null) => void): void {
    this.peer.push(null)
    callback()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.held = []
    if (!this.peer.destroyed) this.peer.destroy()
    callback(error)
  }
}

/** [client, server]: the client says 'connect' on the next turn, as a TCP socket would. */
export function memorySocketPair(): [MemorySocket, MemorySocket] {
  const client = new MemorySocket()
  const server = new MemorySocket()
  client.peer = server
  server.peer = client
  setImmediate(() => client.emit('connect'))
  return [client, server]
}
