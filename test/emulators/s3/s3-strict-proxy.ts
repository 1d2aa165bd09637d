import { createHash, createHmac } from 'node:crypto'
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** One request as the store received it. */
export interface S3Request {
  method: string
  path: string
  query: URLSearchParams
  /** `UploadPart`, `CreateMultipartUpload`... as far as the test needs to tell them apart. */
  operation: string
  status?: number
}

export interface S3ProxyOptions {
  /** Where s3rver listens. */
  target: { host: string; port: number }
  /** Access key id → secret: what the proxy accepts (s3rver checks only that a key id exists, never a v4 signature). */
  credentials: Record<string, string>
  /** Held before each UploadPart goes on, so a test can kill the uploader with parts in flight. */
  partDelayMs?: number
}

/**
 * A strict front for s3rver (test/emulators): it checks every request's AWS Signature V4 against the secret of its
 * access key, as S3 does (s3rver 3.7 accepts any v4 signature, so a wrong secret would pass unnoticed), keeps a log
 * of the requests, and can cut UploadPart connections to play a network drop.
 */
export class S3StrictProxy {
  readonly requests: S3Request[] = []
  /** UploadPart connections to cut, counted down; -1 cuts every one. */
  dropParts = 0
  /** Held before each UploadPart goes on, so a test can kill the uploader with parts in flight. */
  partDelayMs: number
  private readonly sockets = new Set<Socket>()
  private readonly server = createServer((req, res) => void this.handle(req, res))

  constructor(private readonly options: S3ProxyOptions) {
    this.partDelayMs = options.partDelayMs ?? 0
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** Requests of one kind since `from` (an index into `requests`). */
  count(operation: string, from = 0): number {
    return this.requests.slice(from).filter((r) => r.operation === operation).length
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://proxy')
    const entry: S3Request = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      operation: operationOf(req.method ?? '', url.searchParams)
    }
    this.requests.push(entry)
    const problem = verifySignature(req, this.options.credentials)
    if (problem) {
      entry.status = 403
      req.resume()
      res.writeHead(403, { 'content-type': 'application/xml' })
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${problem}</Code><Message>Refused by the strict proxy.</Message></Error>`)
      return
    }
    if (entry.operation === 'UploadPart') {
      if (this.dropParts !== 0) {
        if (this.dropParts > 0) this.dropParts--
        entry.status = 0
        req.socket.destroy()
        return
      }
      if (this.partDelayMs) await new Promise((r) => setTimeout(r, this.partDelayMs))
    }
    // s3rver knows one key id (S3RVER) and never checks a v4 signature: the request is checked here, then sent on as its.
    const { connection: _hop, ...rest } = req.headers
    const headers = { ...rest, authorization: String(req.headers.authorization).replace(/Credential=[^/]+\//, 'Credential=S3RVER/') }
    const upstream = httpRequest(
      // No keep-alive: s3rver's close waits for every open connection.
      { host: this.options.target.host, port: this.options.target.port, method: req.method, path: req.url, headers, agent: false },
      (answer) => {
        entry.status = answer.statusCode
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.on('error', () => res.destroy())
    // A client killed mid-part: the half-sent part is dropped upstream too, as a real store drops it.
    req.on('close', () => !req.complete && upstream.destroy())
    req.pipe(upstream)
  }
}

function operationOf(method: string, query: URLSearchParams): string {
  if (method === 'PUT' && query.has('partNumber')) return 'UploadPart'
  if (method === 'POST' && query.has('uploads')) return 'CreateMultipartUpload'
  if (method === 'POST' && query.has('uploadId')) return 'CompleteMultipartUpload'
  if (method === 'DELETE' && query.has('uploadId')) return 'AbortMultipartUpload'
  if (method === 'GET' && query.has('uploadId')) return 'ListParts'
  if (method === 'HEAD') return 'HeadObject'
  return `${method} ${query.toString()}`.trim()
}

const rfc3986 = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest()

/**
 * AWS Signature Version 4 as S3 checks it (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html):
 * the canonical request from the method, the path as sent, the sorted query, the signed headers and the payload hash
 * the client declared; then the HMAC chain from the secret. Null when it matches, else S3's error code.
 */
export function verifySignature(req: IncomingMessage, credentials: Record<string, string>): string | null {
  const auth = req.headers.authorization ?? ''
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth)
  if (!match) return 'AccessDenied'
  const [, keyId, date, region, signedHeaders, signature] = match
  const secret = credentials[keyId]
  if (secret === undefined) return 'InvalidAccessKeyId'
  const raw = req.url ?? '/'
  const [path, query = ''] = raw.split('?', 2)
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [k, v = ''] = pair.split('=', 2)
      return [rfc3986(decodeURIComponent(k)), rfc3986(decodeURIComponent(v.replace(/\+/g, '%20')))]
    })
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const names = signedHeaders.split(';')
  const headers = names
    .map(
      (name) =>
        `${name}:${String(req.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`
    )
    .join('')
  const payload = String(req.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD')
  const canonical = [req.method, path, canonicalQuery, headers, signedHeaders, payload].join('\n')
  const amzDate = String(req.headers['x-amz-date'] ?? '')
  const toSign = ['AWS4-HMAC-SHA256', amzDate, `${date}/${region}/s3/aws4_request`, sha256(canonical)].join('\n')
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request')
  return createHmac('sha256', key).update(toSign).digest('hex') === signature ? null : 'SignatureDoesNotMatch'
}
