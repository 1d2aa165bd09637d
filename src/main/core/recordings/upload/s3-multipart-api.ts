import { isNoSuchUpload, isUnsupported, type MultipartApi } from './multipart-api'

export interface S3Connection {
  region: string
  /** An S3-compatible store's address; none for AWS. */
  endpoint?: string
  /** None: the AWS SDK's default chain (AWS_* variables, ~/.aws), for the CLI only (DESIGN §6). */
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

/** How long one request may go without an answer; a part of 8 MiB needs ~70 s at 1 Mbit/s, so this is per socket idle. */
const REQUEST_TIMEOUT_MS = 120_000
const CONNECT_TIMEOUT_MS = 10_000

/**
 * MultipartApi over `@aws-sdk/client-s3`. The SDK is loaded on first use: every other `onair` command would pay
 * for it at start otherwise.
 */
export async function s3MultipartApi(connection: S3Connection): Promise<MultipartApi> {
  // The SDK warns on node < 22 about its versions after January 2027; ours is pinned (package.json), and the warning
  // would reach every CLI upload's stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const s3 = await import('@aws-sdk/client-s3')
  const client = new s3.S3Client({
    region: connection.region,
    ...(connection.endpoint ? { endpoint: connection.endpoint, forcePathStyle: true } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
    // The SDK's default CRC32 trailers are refused by many S3-compatible stores; each part carries its Content-MD5
    // instead, which S3 checks on arrival (https://github.com/aws/aws-sdk-js-v3/issues/6810).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECT_TIMEOUT_MS }
  })
  return {
    async create({ bucket, key, metadata, contentType }) {
      const out = await client.send(new s3.CreateMultipartUploadCommand({ Bucket: bucket, Key: key, Metadata: metadata, ContentType: contentType }))
      if (!out.UploadId) throw Object.assign(new Error('The store gave no upload id.'), { name: 'NoUploadId' })
      return out.UploadId
    },
    async uploadPart({ bucket, key, uploadId, number, body, md5 }, signal) {
      const out = await client.send(
        new s3.UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: number,
          Body: body,
          ContentLength: body.length,
          ContentMD5: Buffer.from(md5, 'hex').toString('base64')
        }),
        { abortSignal: signal }
      )
      if (!out.ETag) throw Object.assign(new Error('The store gave no ETag for a part.'), { name: 'NoEtag' })
      return out.ETag
    },
    async listParts({ bucket, key, uploadId }) {
      const parts: Array<{ number: number; etag: string; size: number }> = []
      let marker: string | undefined
      try {
        for (;;) {
          const out = await client.send(new s3.ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }))
          for (const p of out.Parts ?? []) if (p.PartNumber && p.ETag) parts.push({ number: p.PartNumber, etag: p.ETag, size: p.Size ?? 0 })
          if (!out.IsTruncated || !out.NextPartNumberMarker) return parts
          marker = out.NextPartNumberMarker
        }
      } catch (e) {
        if (!isNoSuchUpload(e) && isUnsupported(e)) return null
        throw e
      }
    },
    async complete({ bucket, key, uploadId, parts }) {
      const out = await client.send(
        new s3.CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.number, ETag: p.etag })) }
        })
      )
      return { etag: out.ETag }
    },
    async abort({ bucket, key, uploadId }) {
      try {
        await client.send(new s3.AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
        return 'aborted'
      } catch (e) {
        if (isNoSuchUpload(e)) return 'aborted'
        if (isUnsupported(e)) return 'unsupported'
        throw e
      }
    },
    async head({ bucket, key }) {
      try {
        const out = await client.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: key }))
        return { size: out.ContentLength ?? -1, etag: out.ETag, metadata: out.Metadata ?? {} }
      } catch (e) {
        const shape = e as { name?: string; $metadata?: { httpStatusCode?: number } }
        if (shape.name === 'NotFound' || shape.name === 'NoSuchKey' || shape.$metadata?.httpStatusCode === 404) return null
        throw e
      }
    },
    close: () => client.destroy()
  }
}
