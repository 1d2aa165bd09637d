import { z } from 'zod'
import { NAME_LIMIT } from './display-text'
import { audioSourceSchema, MAX_DESTINATIONS, videoSourceSchema } from './live'
import { DEFAULT_OUTPUT_SETTINGS, outputSettingsSchema } from './output-presets'
import { CHANNEL_ID_MAX, profileSchema, providerIdSchema } from './providers'

/**
 * The app's settings (DESIGN §3 settings/): one JSON file in the data dir, read by the app and the CLI alike.
 * `version` grows when a field changes meaning; core migrates older files and keeps a newer one aside.
 */
export const SETTINGS_VERSION = 1

/** A destination of the last show as the Studio held it: ids, and the channel's name as the provider wrote it. */
export const savedDestinationSchema = z
  .object({
    provider: providerIdSchema,
    profile: profileSchema,
    channelId: z.string().min(1).max(CHANNEL_ID_MAX).optional(),
    channelName: z.string().min(1).max(NAME_LIMIT).optional(),
    hasBackup: z.boolean().optional(),
    backup: z.boolean().optional()
  })
  .strict()
export type SavedDestination = z.output<typeof savedDestinationSchema>

/** An absolute folder on this computer (POSIX, a Windows drive or a UNC share); never relative to wherever we run. */
const folderSchema = z
  .string()
  .max(1024)
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'must be an absolute folder path.')
const pathSchema = z
  .string()
  .min(1)
  .max(4096)
  // No control characters: the path is shown in the Settings place and passed to spawn as it is.
  .refine((path) => ![...path].some((c) => c.charCodeAt(0) < 0x20), 'must be a file path.')
/** An Electron accelerator (`CommandOrControl+Shift+F9`), or '' for none. https://www.electronjs.org/docs/latest/api/accelerator */
const hotkeySchema = z
  .string()
  .max(64)
  .regex(/^$|^([A-Za-z0-9]+\+)*[A-Za-z0-9=\-[\];',./`\\]+$/, 'must be a key combination such as CommandOrControl+Shift+F9.')

export const SETTINGS_LANGUAGES = ['auto', 'en', 'ko', 'vi'] as const
export type SettingsLanguage = (typeof SETTINGS_LANGUAGES)[number]

/** What the automatic handoff rule does with a pending recording (DESIGN §6). */
export const AUTO_HANDOFF_ACTIONS = ['stream', 'upload'] as const
export type AutoHandoffAction = (typeof AUTO_HANDOFF_ACTIONS)[number]

export const RECONNECT_WINDOW_LIMITS = { min: 1, max: 240 } as const

// Each section's fields, kept apart so the full schema and the patch schema are built from the same shapes.
const sections = {
  /** The last show's sources; null until one was chosen (the Studio then proposes real ones). */
  sources: z.object({ video: videoSourceSchema.nullable(), audio: audioSourceSchema.nullable() }),
  output: outputSettingsSchema,
  /** Every show records locally unless turned off; `folder` null = the data dir's recordings folder. */
  recording: z.object({ enabled: z.boolean(), folder: folderSchema.nullable() }),
  /** Go on recording (state `offline`) when no destination can be reached (DESIGN §6); on by default in the app. */
  offline: z.object({ enabled: z.boolean() }),
  /**
   * Hand pending recordings off by themselves once their destination is back (off unless asked for): `stream` them to
   * the destinations they missed, or `upload` them with the `storageProfile` s3 account to `uploadTo` (s3://BUCKET/PREFIX/).
   */
  handoff: z.object({
    auto: z.boolean(),
    action: z.enum(AUTO_HANDOFF_ACTIONS),
    storageProfile: profileSchema,
    uploadTo: z.union([
      z.literal(''),
      z
        .string()
        .max(1100)
        .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/, 'must be s3://BUCKET/ or s3://BUCKET/FOLDER/.')
    ])
  }),
  /** How long a lost destination is retried before it counts as lost (DESIGN §4: 30 min). */
  network: z.object({ reconnectWindowMinutes: z.number().int().min(RECONNECT_WINDOW_LIMITS.min).max(RECONNECT_WINDOW_LIMITS.max) }),
  hotkeys: z.object({ goLive: hotkeySchema, stop: hotkeySchema }),
  notifications: z.object({ enabled: z.boolean() })
} as const

const strictSections = Object.fromEntries(Object.entries(sections).map(([k, s]) => [k, s.strict()])) as {
  [K in keyof typeof sections]: ReturnType<(typeof sections)[K]['strict']>
}

export const settingsSchema = z
  .object({
    version: z.literal(SETTINGS_VERSION),
    ...strictSections,
    destinations: z.array(savedDestinationSchema).max(MAX_DESTINATIONS),
    /** 'auto' follows the OS's language. */
    language: z.enum(SETTINGS_LANGUAGES),
    /** An ffmpeg chosen by the streamer; null = ONAIR_FFMPEG, the bundled one, then PATH (DESIGN §4). */
    ffmpegPath: pathSchema.nullable()
  })
  .strict()
export type Settings = z.output<typeof settingsSchema>
export type SettingsSectionName = keyof typeof sections

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  sources: { video: null, audio: null },
  output: DEFAULT_OUTPUT_SETTINGS,
  recording: { enabled: true, folder: null },
  offline: { enabled: true },
  handoff: { auto: false, action: 'stream', storageProfile: 'default', uploadTo: '' },
  network: { reconnectWindowMinutes: 30 },
  hotkeys: { goLive: 'CommandOrControl+Shift+F9', stop: 'CommandOrControl+Shift+F10' },
  notifications: { enabled: true },
  destinations: [],
  language: 'auto',
  ffmpegPath: null
}

const partialSections = Object.fromEntries(Object.entries(sections).map(([k, s]) => [k, s.partial().strict().optional()])) as {
  [K in keyof typeof sections]: z.ZodOptional<ReturnType<ReturnType<(typeof sections)[K]['partial']>['strict']>>
}

/**
 * What `settings:set` takes: any subset of the fields, section by section (a section's omitted fields keep their
 * values); `destinations` is replaced whole. Strict at every level: an unknown key is refused, not dropped.
 */
export const settingsPatchSchema = z
  .object({
    ...partialSections,
    destinations: settingsSchema.shape.destinations.optional(),
    language: settingsSchema.shape.language.optional(),
    ffmpegPath: settingsSchema.shape.ffmpegPath.optional()
  })
  .strict()
export type SettingsPatch = z.output<typeof settingsPatchSchema>

/** Why the settings file was set aside at start (and defaults used): the UI says so once. */
export interface SettingsRecovery {
  /** `corrupt`: not JSON or not our schema; `newer`: written by a newer Onair (its version is above ours). */
  reason: 'corrupt' | 'newer'
  /** Where the old file now is (full path), so the streamer can look at it or restore it. */
  keptAs: string
  /** ms since epoch. */
  at: number
}

/** `settings:get`, `settings:set` and `settings:changed` all carry the whole settings. */
export interface SettingsSnapshot {
  settings: Settings
  recovered?: SettingsRecovery
}
