import { z } from 'zod'
import { credentialFieldsSchema, profileSchema, type CredentialFieldInfo } from './providers'

/**
 * Storage accounts (DESIGN §6, §8): where a recording is uploaded. Kept in the keychain like a provider's account
 * (`s3:PROFILE`), but not a provider: nothing goes live there, so they stay out of `providers:list` and `accounts:*`.
 */
export const STORAGE_IDS = ['s3'] as const
export type StorageId = (typeof STORAGE_IDS)[number]
export const storageIdSchema = z.enum(STORAGE_IDS)

export interface StorageInfo {
  id: StorageId
  name: string
  credentialFields: CredentialFieldInfo[]
  /** The fields an account must have. */
  required: string[]
}

export const STORAGE: Record<StorageId, StorageInfo> = {
  s3: {
    id: 's3',
    name: 'S3-compatible storage',
    credentialFields: [
      { name: 'accessKeyId', label: 'Access key ID', secret: false, required: true },
      { name: 'secretAccessKey', label: 'Secret access key', secret: true, required: true },
      { name: 'region', label: 'Region', secret: false, required: false, placeholder: 'us-east-1' },
      // S3-compatible stores (MinIO, Ceph, Wasabi, R2...) answer at their own address; AWS needs none.
      { name: 'endpoint', label: 'Endpoint (S3-compatible stores only)', secret: false, required: false, placeholder: 'https://…' }
    ],
    required: ['accessKeyId', 'secretAccessKey']
  }
}

/** The region an S3 account without one signs for: AWS's default, and what most S3-compatible stores accept. */
export const DEFAULT_S3_REGION = 'us-east-1'

/** A saved storage account as callers see it: secrets masked. */
export interface StorageAccountSummary {
  kind: StorageId
  profile: string
  label: string
  display: Record<string, string>
}

/** What `handoff:upload` resolves with once the object is complete and checked. */
export interface HandoffUploadResult {
  id: string
  path: string
  bucket: string
  key: string
  size: number
  sha256: string
  /**
   * How the stored object was checked against the file, besides its size: `multipart-etag` (S3's ETag of the parts'
   * MD5s), `md5` (an ETag that is the whole object's MD5, as some S3-compatible stores give), `parts` (the ETag says
   * neither, e.g. an encrypted bucket: each part was checked by its Content-MD5 on arrival).
   */
  checked: 'multipart-etag' | 'md5' | 'parts'
  partsTotal: number
  /** Parts sent by this run; the others were already on the server from an earlier, interrupted one. */
  partsSent: number
  partsResumed: number
  seconds: number
  /** Bytes sent by this run per second. */
  bytesPerSecond: number
}

/** How `handoff:upload` ended: the checked object, or stopped (paused to go on later, or cancelled: no object written). */
export type HandoffUploadOutcome =
  | ({ state: 'done' } & HandoffUploadResult)
  | { state: 'paused'; id: string; path: string; bucket: string; key: string }
  | {
      state: 'cancelled'
      id: string
      path: string
      bucket: string
      key: string
      /** The store refused AbortMultipartUpload (s3rver does): the parts sent stay there, unlisted, until it drops them. */
      partsLeftOnServer: boolean
    }

// ---- requests (contract.ts names the commands) ----

/** `handoff:upload`: a recording (its id, or a file path from the CLI) to `s3://BUCKET/KEY` with a saved account. */
export const handoffUploadRequestSchema = z
  .object({
    recording: z.string().min(1).max(4096),
    upload: z.string().min(6).max(1100),
    profile: profileSchema.default('default'),
    /** Only the saved account's own endpoint (or any, for the CLI's AWS variables): a request never sends saved keys elsewhere. */
    endpoint: z.string().min(1).max(2048).optional()
  })
  .strict()

/** `handoff:cancel`: by the id `handoff:progress` carries, or by the same request that started it. */
export const handoffCancelRequestSchema = z.union([z.object({ id: z.string().regex(/^[0-9a-f]{24}$/) }).strict(), handoffUploadRequestSchema])

export const storageSaveRequestSchema = z
  .object({ kind: storageIdSchema, profile: profileSchema.default('default'), label: z.string().max(80).optional(), fields: credentialFieldsSchema })
  .strict()

export const storageRefSchema = z.object({ kind: storageIdSchema, profile: profileSchema.default('default') }).strict()
