import { join } from 'node:path'
import type { AppInfo, EventPayloads } from '../../shared/contract'
import { AccountService } from './credentials/account-service'
import type { CredentialStore } from './credentials/credential-store'
import { KeyringCredentialStore } from './credentials/keyring-credential-store'
import { defaultDataDir } from './data-dir'
import { EventBus } from './events/event-bus'
import { SecretRegistry } from './events/secret-registry'
import { IngestResolver } from './live/ingest-resolver'
import { LiveService } from './live/live-service'
import { FfmpegLocator } from './media/ffmpeg-locator'
import type { MediaPipelineFactory, PipelinePlan } from './media/media-pipeline'
import { listDevices } from './media/device-discovery'
import { FanoutPipeline } from './media/fanout-pipeline'
import { PreviewCapture } from './media/preview-capture'
import { PREVIEW_FPS, PREVIEW_WIDTH } from '../../shared/preview'
import { HardwareEncoderDetector } from './media/hw-encoder'
import { DEFAULT_RECONNECT } from './media/reconnect-policy'
import { OnairCore } from './onair-core'
import { shareInFlight } from './share-in-flight'
import { SessionHistory } from './sessions/session-history'
import { SessionRecorder } from './sessions/session-recorder'
import { SettingsService } from './settings/settings-service'
import { isActive } from './live/live-transitions'
import { followLiveRecordings } from './recordings/live-recordings'
import { RecordService } from './recordings/record-service'
import { RecordingLibrary } from './recordings/recording-library'
import { RecordingStore } from './recordings/recording-store'
import { S3AccountService } from './recordings/upload/s3-account-service'
import { s3MultipartApi } from './recordings/upload/s3-multipart-api'
import { UploadService } from './recordings/upload/upload-service'
import { UploadStateStore } from './recordings/upload/upload-state'
import { StreamHandoffService } from './recordings/stream-handoff'
import { probeFile } from './recordings/stream-probe'
import { AutoHandoffService, type AutoHandoffDeps } from './recordings/auto-handoff-service'
import { autoHandoffDestinations } from './recordings/auto-handoff-rule'
import { ProviderChannelService, providerIngestResolver } from './providers/provider-channels'
import type { ProviderContext } from './providers/provider'
import { accountCheck } from './providers/account-check'
import { providerVerifier } from './providers/provider-registry'

export interface ComposeOptions {
  shell: AppInfo['shell']
  version: string
  env?: NodeJS.ProcessEnv
  dataDir?: string
  /** Tests hand in a MemoryCredentialStore; everything else uses the OS keychain. */
  credentialStore?: CredentialStore
  ffmpegPath?: string
  pipelineFactory?: MediaPipelineFactory
  /** Tests: fast HTTP timeouts and scaled provider rate limits (the emulators answer in milliseconds). */
  providerTuning?: Pick<ProviderContext, 'http' | 'tuning'>
  /**
   * Repair, in the background, the recordings a crash left (default on). Off for a short CLI command that does not
   * touch recordings: it would exit in the middle of the remux.
   */
  repairRecordings?: boolean
  /** Tests: the automatic handoff rule's pace (how often it looks, checks a destination, retries). */
  autoHandoffTuning?: Pick<AutoHandoffDeps, 'tickMs' | 'probeEveryMs' | 'retryBaseMs'>
}

/** The composition root (STYLE 4): the one place that wires the real services together. */
export function createCore(options: ComposeOptions): OnairCore {
  const env = options.env ?? process.env
  const dataDir = options.dataDir ?? defaultDataDir(env)
  const secrets = new SecretRegistry()
  const bus = new EventBus(secrets)
  const store = options.credentialStore ?? new KeyringCredentialStore()
  // Provider clients share the keychain (Kollus hand-entered ingest) and the data dir (Kollus's app-wide rate limit).
  const providerBase = { dataDir, store, ...options.providerTuning }
  const accounts = new AccountService(store, providerVerifier(providerBase), accountCheck(providerBase))
  const settings = new SettingsService({ file: join(dataDir, 'settings.json'), bus })
  const locator = new FfmpegLocator({
    setting: () => options.ffmpegPath ?? settings.current().ffmpegPath ?? undefined,
    env,
    cacheFile: join(dataDir, 'cache', 'ffmpeg-capabilities.json')
  })
  const ingest = new IngestResolver(accounts, providerIngestResolver(providerBase))
  // Read at each start, so a change in Settings applies to the next show.
  const recordingsDir = () => settings.current().recording.folder ?? join(dataDir, 'recordings')
  const reconnect = () => ({ ...DEFAULT_RECONNECT, giveUpAfterMs: settings.current().network.reconnectWindowMinutes * 60_000 })
  const encoders = new HardwareEncoderDetector({ platform: process.platform, env, cacheFile: join(dataDir, 'cache', 'hw-encoders.json') })
  const chooseEncoder = (plan: PipelinePlan) => () =>
    plan.encoder && plan.encoder !== 'auto'
      ? encoders.require(plan.ffmpegPath, plan.encoders ?? new Set(), plan.encoder)
      : encoders.choose(plan.ffmpegPath, plan.ffmpegVersion ?? '', plan.encoders ?? new Set())
  const live = new LiveService({
    bus,
    secrets,
    ingest,
    locator,
    env,
    get recordingsDir() {
      return recordingsDir()
    },
    pipelineFactory:
      options.pipelineFactory ??
      // The encoder's own preview (only for a show that took a camera over from the Studio's preview) at the Studio's size.
      ((plan, listener) =>
        new FanoutPipeline(plan, listener, {
          chooseEncoder: chooseEncoder(plan),
          previewFormat: { fps: PREVIEW_FPS, width: PREVIEW_WIDTH },
          policy: reconnect()
        }))
  })
  // The Studio's picture and meters come from the preview capture, which runs before, through and after a show; the
  // live encoder's own preview would only send a second, smaller picture between its frames.
  live.useLocalOptions({ preview: false })
  const preview = new PreviewCapture({
    locator,
    env,
    listener: {
      onFrame: (frame) => bus.emit('preview:frame', frame),
      onLevels: (levels) => bus.emit('audio:levels', levels),
      onState: (status) => bus.emit('preview:state', status)
    }
  })
  // A show (or a record-only show) that took a camera over from the preview gives it back when it ends or fails.
  bus.onDidEmit((event, payload) => {
    const state =
      event === 'live:state'
        ? (payload as EventPayloads['live:state']).state
        : event === 'record:state'
          ? (payload as EventPayloads['record:state']).state
          : null
    if (state === 'ended' || state === 'failed') void preview.resume()
  })
  const recordings = new RecordingLibrary({
    store: new RecordingStore(join(dataDir, 'recordings-library')),
    bus,
    ffmpeg: async () => (await locator.locate({ muxers: ['matroska'] })).path
  })
  followLiveRecordings(bus, recordings)
  const record = new RecordService({
    bus,
    locator,
    library: recordings,
    get recordingsDir() {
      return recordingsDir()
    },
    liveActive: () => isActive(live.snapshot().state),
    env,
    pipelineFactory: (plan, listener) => new FanoutPipeline(plan, listener)
  })
  if (options.repairRecordings ?? true) void recordings.repairLeftovers()
  // Every show written as it happens; the history closes as crashed what a dead process left open.
  const recorder = new SessionRecorder({ bus, secrets, dir: join(dataDir, 'sessions') })
  recorder.start()
  const sessions = new SessionHistory({
    dir: join(dataDir, 'sessions'),
    currentId: () => recorder.currentId(),
    recordingOf: (sessionId) => recordings.findBySession(sessionId)
  })
  void sessions.recover()
  const storageAccounts = new S3AccountService(store)
  const uploads = new UploadService({
    bus,
    secrets,
    accounts: storageAccounts,
    states: new UploadStateStore(join(dataDir, 'uploads')),
    // The AWS variables are the CLI user's own; the app and serve use saved accounts only (DESIGN §6).
    allowDefaultChain: options.shell === 'cli',
    // The CLI's user names any file; other clients name recordings (by id, or a path inside the recordings folder).
    allowedRoot: options.shell === 'cli' ? null : join(dataDir, 'recordings'),
    env,
    connect: s3MultipartApi,
    // The library holds a recording while it is uploaded and marks it `uploaded` once the object is checked.
    recordings
  })
  // A recording streamed to channels as a show: the live session runs it (copy mode); ffprobe checks the file first.
  const streams = new StreamHandoffService({
    bus,
    live,
    recordings,
    allowedRoot: options.shell === 'cli' ? null : join(dataDir, 'recordings'),
    probe: async (path) => probeFile((await locator.locate({ muxers: ['flv'] })).path, path)
  })
  // The automatic handoff rule runs where the app runs (desktop, serve); a CLI command is too short-lived for it.
  const check = accountCheck(providerBase)
  const autoHandoff = new AutoHandoffService({
    bus,
    settings: () => settings.current().handoff,
    recordings,
    destinationsOf: async (sessionId) => autoHandoffDestinations((await sessions.get(sessionId)).report.destinations),
    check: async (d) => {
      const account = await accounts.get(d.provider, d.profile).catch(() => null)
      if (!account) return 'gone'
      return check(d.provider, account.fields).then(
        () => 'up' as const,
        () => 'down' as const
      )
    },
    // A record-only show counts too: the streamer is producing, the handoff would take the CPU and the network.
    showRunning: () => isActive(live.snapshot().state) || streams.current() !== null || ['starting', 'recording', 'ending'].includes(record.snapshot().state),
    stream: (request) => streams.stream(request),
    stopStream: () => streams.stop(),
    upload: (request) => uploads.upload(request),
    ...options.autoHandoffTuning
  })
  if (options.shell !== 'cli') autoHandoff.start()
  return new OnairCore({
    info: { version: options.version, platform: process.platform, shell: options.shell },
    bus,
    secrets,
    accounts,
    live,
    sessions,
    preview,
    channels: new ProviderChannelService(accounts, providerBase),
    // Each listing spawns ffmpeg probes: callers asking at the same time share one.
    devices: shareInFlight(() => listDevices(locator, env)),
    settings,
    recordings,
    record,
    uploads,
    storageAccounts,
    streams,
    autoHandoff,
    // Test encodes of the hardware encoders this ffmpeg lists (remembered per binary): what Settings offers.
    encoders: shareInFlight(async () => {
      const caps = await locator.locate({ encoders: ['libx264'] })
      return encoders.usable(caps.path, caps.encoders)
    })
  })
}
