import { basename } from 'node:path'
import type { HandoffProgress } from '../../../../shared/contract'
import { onairError, toErrorValue } from '../../../../shared/errors'
import { DEFAULT_PROFILE } from '../../../../shared/providers'
import { DEFAULT_S3_REGION, type HandoffUploadOutcome } from '../../../../shared/storage'
import type { EventBus } from '../../events/event-bus'
import type { SecretRegistry } from '../../events/secret-registry'
import type { MultipartApi } from './multipart-api'
import { cancelKeptUpload, MultipartUpload, type UploadJob, type UploadProgress } from './multipart-upload'
import { normaliseEndpoint, type S3AccountService } from './s3-account-service'
import type { S3Connection } from './s3-multipart-api'
import { parseS3Url } from './s3-url'
import { resolveRecordingFile } from '../recording-file'
import { partRanges } from './upload-plan'
import { uploadId, type UploadStateStore } from './upload-state'

/** What `handoff:upload` asks for (DESIGN §8: `onair handoff FILE|RECORDING_ID --upload s3://BUCKET/KEY`). */
export interface UploadRequest {
  /** A recording's id in the library, or a file path (the CLI). */
  recording: string
  /** `s3://BUCKET/KEY`; a key ending with `/` gets the file's name. */
  upload: string
  profile: string
  /** Must be the saved account's own endpoint when one is saved (a request never points saved keys elsewhere). */
  endpoint?: string
}

/** The library's part in an upload (issue 11 item 2): find the file of a recording, hold it, mark it `uploaded`. */
export interface UploadRecordings {
  get(id: string): Promise<{ id: string; path: string; state: string }>
  findByPath(path: string): Promise<{ id: string; state: string } | null>
  setState(id: string, state: 'uploaded'): Promise<unknown>
  use(id: string): () => void
}

export interface UploadServiceDeps {
  bus: EventBus
  secrets: SecretRegistry
  accounts: S3AccountService
  states: UploadStateStore
  /** The CLI may fall back to the AWS SDK's default chain (AWS_* variables, ~/.aws) when no account is saved (DESIGN §6). */
  allowDefaultChain: boolean
  /** Files a client may name by path: null for any (the CLI's own user), else only inside this folder (the app's recordings). */
  allowedRoot: string | null
  env: NodeJS.ProcessEnv
  connect: (connection: S3Connection) => Promise<MultipartApi>
  recordings?: UploadRecordings
  now?: () => number
}

/**
 * Uploads recordings to S3-compatible storage (issue 11 item 5): resolves the recording and the account, runs one
 * resumable multipart upload per file and destination, tells `handoff:progress`, and marks the recording `uploaded`
 * once the stored object is checked. The recording itself is only ever read.
 */
export class UploadService {
  private readonly running = new Map<string, RunningUpload>()

  constructor(private readonly deps: UploadServiceDeps) {}

  async upload(request: UploadRequest): Promise<HandoffUploadOutcome> {
    const { job, connection, recordingId } = await this.plan(request)
    const { id, path } = job
    if (this.running.has(id)) throw onairError('busy', `s3://${job.bucket}/${job.key} is being uploaded already.`, { retryable: true })
    const release = recordingId ? this.deps.recordings?.use(recordingId) : undefined
    let last: UploadProgress = { bytesDone: 0, bytesTotal: 0, bytesPerSecond: 0, etaSeconds: null }
    const emit = (state: HandoffProgress['state'], progress: UploadProgress, error?: unknown) => {
      const payload: HandoffProgress = {
        id,
        kind: 'upload',
        path,
        target: `s3://${job.bucket}/${job.key}`,
        ...(recordingId ? { recordingId } : {}),
        ...(job.profile ? { profile: job.profile } : {}),
        state,
        ...progress,
        ...(error ? { error: toErrorValue(error) } : {})
      }
      const entry = this.running.get(id)
      if (entry) entry.last = payload
      this.deps.bus.emit('handoff:progress', payload)
    }
    const settled = (async (): Promise<HandoffUploadOutcome> => {
      const api = await this.deps.connect(connection)
      try {
        const upload = new MultipartUpload(job, { api, states: this.deps.states, now: this.deps.now, onProgress: (p) => emit('running', (last = p)) })
        const entry = this.running.get(id)
        if (entry) {
          entry.upload = upload
          // Stopped while it was still connecting.
          if (entry.stop) stopUpload(entry, entry.stop)
        }
        const outcome = await upload.run()
        const where = { id, path, bucket: job.bucket, key: job.key }
        if (outcome.outcome === 'paused') {
          emit('paused', last)
          return { state: 'paused', ...where }
        }
        if (outcome.outcome === 'cancelled') {
          emit('cancelled', last)
          return { state: 'cancelled', ...where, partsLeftOnServer: outcome.partsLeftOnServer }
        }
        const { result } = outcome
        emit('done', { bytesDone: result.size, bytesTotal: result.size, bytesPerSecond: result.bytesPerSecond, etaSeconds: 0 })
        if (recordingId) await this.deps.recordings?.setState(recordingId, 'uploaded')
        return { state: 'done', ...result }
      } catch (e) {
        emit('failed', last, e)
        throw e
      } finally {
        api.close()
      }
    })()
    // Registered before the run's first await is over, so a cancel right after the call finds it.
    this.running.set(id, { settled })
    try {
      return await settled
    } finally {
      this.running.delete(id)
      release?.()
    }
  }

  /**
   * Cancels an upload by its id (from `handoff:progress`) or by what started it: a running one stops and its multipart
   * upload is aborted; one a killed process left is aborted and forgotten. `cancelled` is false when there was none.
   */
  async cancel(request: { id: string } | UploadRequest): Promise<{ cancelled: boolean; partsLeftOnServer: boolean }> {
    const id = 'id' in request ? request.id : (await this.plan(request)).job.id
    const running = this.running.get(id)
    if (running) {
      stopUpload(running, 'cancel')
      const outcome = await running.settled.catch(() => null)
      return { cancelled: true, partsLeftOnServer: outcome?.state === 'cancelled' && outcome.partsLeftOnServer }
    }
    const kept = await this.deps.states.read(id)
    if (!kept) return { cancelled: false, partsLeftOnServer: false }
    const connection = await this.connection(kept.profile ?? DEFAULT_PROFILE, kept.endpoint)
    const api = await this.deps.connect({ ...connection, region: kept.region })
    try {
      return { cancelled: true, ...(await cancelKeptUpload(api, this.deps.states, kept)) }
    } finally {
      api.close()
    }
  }

  /** The file, the object and the account of a request, and the upload's id (the same for the same three). */
  private async plan(request: UploadRequest): Promise<{ job: UploadJob; connection: S3Connection; recordingId?: string }> {
    const { recordingId, path } = await this.resolveFile(request.recording)
    const target = parseS3Url(request.upload, basename(path))
    const connection = await this.connection(request.profile, request.endpoint)
    const job: UploadJob = {
      id: uploadId(path, connection.endpoint, target.bucket, target.key),
      path,
      ...target,
      region: connection.region,
      ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
      ...(connection.credentials ? { profile: request.profile } : {})
    }
    return { job, connection, ...(recordingId ? { recordingId } : {}) }
  }

  /**
   * Uploads under way and those a closed or killed app left (`paused`, with the bytes already on the server): the
   * Recordings place shows them after a restart, and `handoff:upload` with the same recording and target goes on.
   */
  async list(): Promise<HandoffProgress[]> {
    const out: HandoffProgress[] = []
    for (const run of this.running.values()) if (run.last) out.push(run.last)
    for (const state of await this.deps.states.list()) {
      if (this.running.has(state.id)) continue
      const ranges = new Map(partRanges(state.size, state.partSize).map((r) => [r.number, r.end - r.start]))
      const known = await this.deps.recordings?.findByPath(state.path).catch(() => null)
      out.push({
        id: state.id,
        kind: 'upload',
        path: state.path,
        target: `s3://${state.bucket}/${state.key}`,
        ...(known ? { recordingId: known.id } : {}),
        ...(state.profile ? { profile: state.profile } : {}),
        state: 'paused',
        bytesDone: state.parts.reduce((n, p) => n + (ranges.get(p.number) ?? 0), 0),
        bytesTotal: state.size,
        bytesPerSecond: 0,
        etaSeconds: null
      })
    }
    return out
  }

  /** App quit, SIGINT, serve shutdown: every running upload stops where it is, resumable. */
  async pauseAll(): Promise<void> {
    const runs = [...this.running.values()]
    for (const run of runs) stopUpload(run, 'pause')
    await Promise.all(runs.map((run) => run.settled.catch(() => undefined)))
  }

  /** A library recording by id, else a path: any path for the CLI, only the recordings folder for other clients. */
  private resolveFile(recording: string): Promise<{ recordingId?: string; path: string }> {
    return resolveRecordingFile(recording, { library: this.deps.recordings, allowedRoot: this.deps.allowedRoot, verb: 'upload' })
  }

  /**
   * The account's region, endpoint and keys. A saved account's endpoint is the only one its keys are used with: an
   * `endpoint` in the request that differs is refused (as `--api-base` is for providers, DESIGN §8).
   */
  private async connection(profile: string, endpointArg: string | undefined): Promise<S3Connection> {
    const endpoint = endpointArg ? normaliseEndpoint(endpointArg) : undefined
    let account: Awaited<ReturnType<S3AccountService['get']>> = null
    try {
      account = await this.deps.accounts.get(profile)
    } catch (e) {
      // No keychain (a server, a container): the CLI can still use the AWS variables.
      if (!this.deps.allowDefaultChain || toErrorValue(e).code !== 'keychain_unavailable') throw e
    }
    if (account) {
      if (endpoint !== undefined && endpoint !== account.endpoint) {
        throw onairError(
          'api_base_mismatch',
          `The S3 account "${profile}" is saved for ${account.endpoint ?? 'AWS S3'}, not for the endpoint given. Its keys are used only there; save the account again with the new endpoint (onair credentials set s3${profile === 'default' ? '' : ` --profile ${profile}`}).`,
          { field: 'endpoint' }
        )
      }
      this.deps.secrets.add(account.secretAccessKey)
      return {
        region: account.region,
        ...(account.endpoint ? { endpoint: account.endpoint } : {}),
        credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey }
      }
    }
    if (!this.deps.allowDefaultChain) {
      throw onairError('credentials_missing', `No S3 account "${profile}" is saved. Add it first (onair credentials set s3).`, { field: 'profile' })
    }
    const env = this.deps.env
    this.deps.secrets.add(env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN)
    return { region: env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_S3_REGION, ...(endpoint ? { endpoint } : {}) }
  }
}

interface RunningUpload {
  /** Set once connected. */
  upload?: MultipartUpload
  /** What `handoff:list` says of it: its last progress. */
  last?: HandoffProgress
  stop?: 'pause' | 'cancel'
  settled: Promise<HandoffUploadOutcome>
}

function stopUpload(run: RunningUpload, how: 'pause' | 'cancel'): void {
  if (run.stop === 'cancel') return
  run.stop = how
  if (how === 'cancel') run.upload?.cancel()
  else run.upload?.pause()
}
