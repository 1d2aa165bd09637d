/**
 * The S3 multipart calls the upload needs, nothing else (STYLE 4): the SDK adapter implements it for real stores,
 * unit tests hand in a scripted one. Failures throw the SDK's errors (upload-errors.ts types them).
 */
export interface MultipartApi {
  create(input: { bucket: string; key: string; metadata: Record<string, string>; contentType: string }): Promise<string>
  /** Resolves with the part's ETag. */
  uploadPart(input: { bucket: string; key: string; uploadId: string; number: number; body: Buffer; md5: string }, signal: AbortSignal): Promise<string>
  /** The parts the server holds, or null when the store does not implement ListParts (s3rver). Throws NoSuchUpload when it is gone. */
  listParts(input: { bucket: string; key: string; uploadId: string }): Promise<Array<{ number: number; etag: string; size: number }> | null>
  complete(input: { bucket: string; key: string; uploadId: string; parts: Array<{ number: number; etag: string }> }): Promise<{ etag?: string }>
  /** `unsupported` when the store refuses AbortMultipartUpload (s3rver answers 405): the parts stay there, never an object. */
  abort(input: { bucket: string; key: string; uploadId: string }): Promise<'aborted' | 'unsupported'>
  /** The object's size, ETag and metadata, or null when there is none. */
  head(input: { bucket: string; key: string }): Promise<{ size: number; etag?: string; metadata: Record<string, string> } | null>
  close(): void
}

/** S3 error names that mean "this store does not implement the call" rather than a failure of it. */
export function isUnsupported(e: unknown): boolean {
  const shape = (e ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } }
  return (
    shape.name === 'MethodNotAllowed' || shape.name === 'NotImplemented' || shape.$metadata?.httpStatusCode === 405 || shape.$metadata?.httpStatusCode === 501
  )
}

export function isNoSuchUpload(e: unknown): boolean {
  return (e as { name?: string })?.name === 'NoSuchUpload'
}
