import {
  COMMANDS,
  isCommandName,
  type AppInfo,
  type ChannelSummary,
  type CommandName,
  type CommandParsedRequest,
  type CommandResponse,
  type CommandResult,
  type DeviceInfo
} from '../../shared/contract'
import { OnairError, onairError, toErrorValue } from '../../shared/errors'
import { redactDeep } from '../../shared/redact'
import { PROVIDERS, PROVIDER_IDS, type ProviderId } from '../../shared/providers'
import { validationError } from '../../shared/validation-error'
import type { AccountService } from './credentials/account-service'
import { requestProblem } from './request-guard'
import type { EventBus, EventListener } from './events/event-bus'
import type { SecretRegistry } from './events/secret-registry'
import type { LiveService } from './live/live-service'
import type { PreviewCapture } from './media/preview-capture'
import type { SettingsService } from './settings/settings-service'
import type { H264Encoder } from '../../shared/output-presets'
import type { RecordService } from './recordings/record-service'
import type { RecordingLibrary } from './recordings/recording-library'
import { PROVIDER_CHANNEL_OPTIONS } from './providers/provider-registry'
import type { SessionHistory } from './sessions/session-history'
import type { UploadService } from './recordings/upload/upload-service'
import type { S3AccountService } from './recordings/upload/s3-account-service'
import type { StreamHandoffService } from './recordings/stream-handoff'

/** Channel operations of API providers (the provider registry implements it), always at the account's saved address. */
export interface ChannelService {
  list(provider: ProviderId, profile: string): Promise<ChannelSummary[]>
  get(provider: ProviderId, profile: string, channelId: string): Promise<ChannelSummary>
  create(provider: ProviderId, profile: string, name: string, options: Record<string, string | number | boolean>): Promise<ChannelSummary>
  setIngest(
    provider: ProviderId,
    profile: string,
    channelId: string,
    serverUrl: string,
    streamKey: string
  ): Promise<{ channelId: string; server: string; streamKey: string }>
}

export interface CoreServices {
  info: AppInfo
  bus: EventBus
  secrets: SecretRegistry
  accounts: AccountService
  live: LiveService
  channels?: ChannelService
  devices?: () => Promise<DeviceInfo[]>
  settings?: SettingsService
  /** The H.264 encoders that pass a test encode here (hardware first, then libx264). */
  encoders?: () => Promise<H264Encoder[]>
  recordings?: RecordingLibrary
  record?: RecordService
  /** The Studio's preview and audio meters (the app and serve; the CLI has none). */
  preview?: PreviewCapture
  /** The show history (DESIGN §11). */
  sessions?: SessionHistory
  /** Uploads of recordings to S3-compatible storage (issue 11 item 5). */
  uploads?: UploadService
  /** Storage accounts (`s3`) in the keychain. */
  storageAccounts?: S3AccountService
  /** Recordings streamed to channels as live shows (issue 11 item 4). */
  streams?: StreamHandoffService
  /** The automatic handoff rule (DESIGN §6): stopped first at shutdown so it starts nothing new. */
  autoHandoff?: { stop(): void; yieldToShow?(): Promise<void> }
}

type Handlers = { [C in CommandName]: (request: CommandParsedRequest<C>) => Promise<CommandResponse<C>> }

/**
 * The one object that implements the contract (DESIGN §1). Every front door (Electron IPC, `onair serve`, tests)
 * calls `dispatch`, which validates the request against the command's schema, runs it, and returns a result whose
 * error is a redacted, typed value.
 */
export class OnairCore {
  private readonly handlers: Handlers

  private closing = false

  constructor(readonly services: CoreServices) {
    const { accounts, live } = services
    const uploads = () => {
      if (!services.uploads) throw onairError('unsupported', 'Uploads are not available in this build.')
      return services.uploads
    }
    const storageAccounts = () => {
      if (!services.storageAccounts) throw onairError('unsupported', 'Storage accounts are not available in this build.')
      return services.storageAccounts
    }
    const channels = () => {
      if (!services.channels) throw onairError('unsupported', 'Channels are not available in this build.')
      return services.channels
    }
    const recordings = () => {
      if (!services.recordings) throw onairError('unsupported', 'The recordings library is not available in this build.')
      return services.recordings
    }
    const record = () => {
      if (!services.record) throw onairError('unsupported', 'Recording without going live is not available in this build.')
      return services.record
    }
    const settings = () => {
      if (!services.settings) throw onairError('unsupported', 'Settings are not available in this build.')
      return services.settings
    }
    const preview = () => {
      if (!services.preview) throw onairError('unsupported', 'The preview is not available in this build.')
      return services.preview
    }
    const sessions = () => {
      if (!services.sessions) throw onairError('unsupported', 'The show history is not available in this build.')
      return services.sessions
    }
    const apiProvider = (provider: ProviderId) => {
      if (!PROVIDERS[provider].hasApi)
        throw onairError('unsupported', `${PROVIDERS[provider].name} has no channels: it pushes straight to the server you entered.`, { field: 'provider' })
    }
    this.handlers = {
      'app:info': async () => services.info,
      'providers:list': async () => PROVIDER_IDS.map((id) => PROVIDERS[id]),
      'accounts:list': () => accounts.list(),
      'accounts:save': (r) => accounts.save(r.provider, r.profile, r.fields, r.label),
      'accounts:update': (r) => accounts.update(r.provider, r.profile, r.fields, r.label),
      'accounts:delete': async (r) => ({ deleted: await accounts.delete(r.provider, r.profile) }),
      'accounts:verify': (r) => accounts.verify(r.provider, r.profile),
      'channels:list': async (r) => (apiProvider(r.provider), channels().list(r.provider, r.profile)),
      'channels:get': async (r) => (apiProvider(r.provider), channels().get(r.provider, r.profile, r.channelId)),
      'channels:create': async (r) => (apiProvider(r.provider), channels().create(r.provider, r.profile, r.name, r.options)),
      'channels:options': async (r) => (apiProvider(r.provider), structuredClone([...(PROVIDER_CHANNEL_OPTIONS[r.provider] ?? [])])),
      'channels:setIngest': async (r) => {
        apiProvider(r.provider)
        // The key is kept out of whatever this call throws without joining the session's secret registry: any client
        // could otherwise grow that list (and the cost of every later redaction) without end. Going live adds it then.
        try {
          return await channels().setIngest(r.provider, r.profile, r.channelId, r.serverUrl, r.streamKey)
        } catch (e) {
          throw new OnairError(redactDeep(toErrorValue(e), [r.streamKey]))
        }
      },
      'devices:list': async () => (services.devices ? services.devices() : []),
      'live:start': async (r) => {
        // A recording the automatic rule is streaming gives way to the streamer's own show (it is sent again later).
        await services.autoHandoff?.yieldToShow?.()
        // A camera the Studio's preview holds goes to the show's encoder, whose own frames become the preview meanwhile.
        const handedOver = (await services.preview?.handOver(r.video)) ?? false
        try {
          return await live.start({
            destinations: r.destinations,
            video: r.video,
            audio: r.audio,
            record: r.record,
            output: r.output ?? services.settings?.current().output,
            // Offline mode: the request's word, else the saved setting (on by default in the app).
            offline: r.offline ?? services.settings?.current().offline.enabled ?? false,
            ...(handedOver ? { preview: true } : {})
          })
        } catch (e) {
          if (handedOver) void services.preview?.resume()
          throw e
        }
      },
      'live:stop': () => live.stop(),
      'live:retryNow': async () => live.retryNow(),
      'live:snapshot': async () => live.snapshot(),
      'live:history': async () => live.history(),
      'settings:get': async () => settings().snapshot(),
      'settings:set': (r) => settings().set(r),
      // Not waiting for a crash repair under way (a long show takes a while): it is listed as repairing, then changes.
      'recordings:list': () => recordings().list(),
      'recordings:delete': (r) => recordings().delete(r.id),
      'recordings:reveal': (r) => recordings().reveal(r.id),
      'record:start': async (r) => {
        // As for a show: a camera the preview holds is let go of, or the recording could not open it.
        const handedOver = (await services.preview?.handOver(r.video)) ?? false
        try {
          return await record().start({ video: r.video, audio: r.audio })
        } catch (e) {
          if (handedOver) void services.preview?.resume()
          throw e
        }
      },
      'record:stop': () => record().stop(),
      'record:snapshot': async () => record().snapshot(),
      'preview:start': async (r) => preview().start(r.video, r.audio),
      'preview:stop': async () => preview().stop(),
      'audio:mute': async (r) => {
        // The show's encoder first: the streamer hears the mute take effect as the button changes.
        live.setMuted(r.muted)
        return preview().setMuted(r.muted)
      },
      // Each transport keeps it for its own connection (ws-server.ts, ipc.ts): the core has nothing to change.
      'monitor:watch': async (r) => ({ watching: r.watching }),
      'sessions:list': async (r) => sessions().list(r.limit),
      'sessions:get': async (r) => sessions().get(r.id),
      'handoff:upload': (r) => uploads().upload(r),
      // A stream's id stops the stream (the show ends cleanly); anything else is an upload's.
      'handoff:cancel': (r) => ('id' in r && services.streams?.owns(r.id) ? services.streams.stop() : uploads().cancel(r)),
      'storage:list': () => storageAccounts().list(),
      'storage:save': (r) => storageAccounts().save(r.profile, r.fields, r.label),
      'storage:delete': async (r) => ({ deleted: await storageAccounts().delete(r.profile) }),
      'handoff:list': async () => {
        const stream = services.streams?.current()
        return [...(stream ? [stream] : []), ...(await uploads().list())]
      },
      'encoders:list': async () => ({ encoders: services.encoders ? await services.encoders() : ['libx264'] }),
      'handoff:stream': (r) => {
        if (!services.streams) throw onairError('unsupported', 'Streaming a recording is not available in this build.')
        return services.streams.stream(r)
      }
    }
  }

  async dispatch<C extends CommandName>(command: C, rawRequest: unknown): Promise<CommandResult<C>>
  async dispatch(command: string, rawRequest: unknown): Promise<CommandResult<CommandName>>
  async dispatch(command: string, rawRequest: unknown): Promise<CommandResult<CommandName>> {
    try {
      if (!isCommandName(command)) throw onairError('invalid_request', 'Unknown command.', { field: 'command' })
      // Depth and prototype keys first: the schemas and the redaction after them walk the value recursively.
      const problem = requestProblem(rawRequest)
      if (problem) throw onairError('invalid_request', problem)
      const parsed = COMMANDS[command].request.safeParse(rawRequest ?? {})
      if (!parsed.success) throw validationError(parsed.error, COMMANDS[command].request, CREDENTIAL_FIELD_NAMES)
      const handler = this.handlers[command] as (r: unknown) => Promise<unknown>
      const value = await handler(parsed.data)
      return { ok: true, value: this.services.secrets.redactDeep(value) as CommandResponse<CommandName> }
    } catch (e) {
      return { ok: false, error: this.services.secrets.redactDeep(toErrorValue(e)) }
    }
  }

  onDidEmit(listener: EventListener): () => void {
    return this.services.bus.onDidEmit(listener)
  }

  /** Ends whatever is running (app quit, SIGTERM, serve shutdown). */
  async shutdown(): Promise<void> {
    this.closing = true
    this.services.autoHandoff?.stop()
    // Uploads stop where they are, their parts kept: the next start sends the rest.
    await this.services.uploads?.pauseAll()
    await Promise.all([this.services.live.stop(), this.services.preview?.stop(), this.services.record?.stop()])
    await this.services.recordings?.shutdown()
  }

  /** The last window (or socket) went away: the preview stops unless one comes back within a few seconds (a reload). */
  clientsGone(): void {
    // The door closing after shutdown drops the sockets too: no new timer then (it kept serve alive 5 s after SIGTERM).
    if (this.closing) return
    this.services.preview?.stopSoon()
  }
}

/** Keys of `accounts:save` fields that are ours to name in an error; any other key is "an unknown field". */
const CREDENTIAL_FIELD_NAMES = new Set(PROVIDER_IDS.flatMap((id) => PROVIDERS[id].credentialFields.map((f) => f.name)))
