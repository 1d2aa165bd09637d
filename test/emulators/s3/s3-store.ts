import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { S3StrictProxy } from './s3-strict-proxy'

/** The keys the test store accepts: distinct enough to search any output for. */
export const S3_TEST_KEYS = { accessKeyId: 'AKIAONAIRTEST00000001', secretAccessKey: 'onairTestSecret/Zq81x7+k2Pw' }

export interface S3TestStore {
  /** The proxy's address: what Onair is pointed at. */
  endpoint: string
  proxy: S3StrictProxy
  /** s3rver's files (buckets, objects, multipart parts). */
  dir: string
  stop(): Promise<void>
}

interface S3rverInstance {
  run(): Promise<{ port: number; address: string }>
  close(): Promise<void>
  httpServer?: { closeAllConnections(): void }
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance

/**
 * An S3-compatible store for upload tests (TOOLCHAIN §8): s3rver on 127.0.0.1, port 0, files in a temp dir, with the
 * given buckets; in front of it the strict proxy, which checks signatures and counts requests.
 */
export async function startS3Store(options: { buckets: string[]; partDelayMs?: number }): Promise<S3TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'onair-s3-'))
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: options.buckets.map((name) => ({ name })) })
  const { port } = await server.run()
  const proxy = new S3StrictProxy({
    target: { host: '127.0.0.1', port },
    credentials: { [S3_TEST_KEYS.accessKeyId]: S3_TEST_KEYS.secretAccessKey },
    partDelayMs: options.partDelayMs
  })
  const endpoint = await proxy.start()
  return {
    endpoint,
    proxy,
    dir,
    async stop() {
      await proxy.stop()
      // A killed uploader's part may still hang half-sent: close does not wait for it.
      const closed = server.close()
      server.httpServer?.closeAllConnections()
      await closed
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
