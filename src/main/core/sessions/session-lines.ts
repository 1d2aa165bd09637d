import { z } from 'zod'
import { HEALTH_LEVELS, LIVE_STATES } from '../../../shared/live'
import { PROVIDER_IDS } from '../../../shared/providers'
import { SESSION_ENDINGS, type SessionSummary } from '../../../shared/sessions'

/**
 * The lines of a session file (`sessions/<id>.ndjson`, one JSON object per line, DESIGN §11). Written as the show
 * happens; read back without trusting them: a line that is not JSON or not one of these shapes is skipped, and every
 * figure the report adds up is a finite number. Unknown fields are dropped, so a later version's extra fields do not make a
 * file unreadable.
 */
export const SESSION_FILE_VERSION = 1

const time = z.number().finite()
const figure = z.number().finite()
const text = z.string().max(16 * 1024)

const errorSchema = z.object({ code: z.string().max(64), message: text, provider: z.string().max(64).optional(), step: z.string().max(32).optional() })

const destinationSchema = z.object({
  id: z.string().max(16),
  provider: z.enum(PROVIDER_IDS),
  profile: z.string().max(64),
  channelId: z.string().max(256).optional(),
  backup: z.boolean().optional(),
  label: text,
  state: z.enum(LIVE_STATES).optional(),
  rawState: text.optional(),
  error: errorSchema.optional()
})

const headerLine = z.object({
  t: z.literal('header'),
  v: z.number(),
  id: z.string().max(64),
  start: time,
  pid: z.number().int().optional(),
  host: z.string().max(256).optional(),
  sources: z.object({ video: text, audio: text }).nullable(),
  destinations: z.array(destinationSchema).max(16),
  output: z.record(z.string(), z.unknown()).optional()
})

const stateLine = z.object({
  t: z.literal('state'),
  time,
  state: z.enum(LIVE_STATES),
  destinations: z.array(destinationSchema).max(16),
  liveSince: time.optional(),
  recordingPath: text.optional(),
  /** Offline mode: the parts of the show that reached no destination so far (the last one open while offline). */
  unstreamed: z
    .array(z.object({ start: time, end: time.optional() }))
    .max(10_000)
    .optional(),
  error: errorSchema.optional()
})

const statsLine = z.object({
  t: z.literal('stats'),
  time,
  fps: figure,
  bitrateKbps: figure,
  speed: figure,
  droppedFrames: figure,
  duplicatedFrames: figure.optional(),
  destinations: z
    .array(
      z.object({
        id: z.string().max(16),
        state: z.enum(LIVE_STATES).optional(),
        kbps: figure,
        bytesSent: figure.optional(),
        congestion: figure,
        droppedFrames: figure,
        reconnects: figure
      })
    )
    .max(16)
})

const healthLine = z.object({
  t: z.literal('health'),
  time,
  level: z.enum(HEALTH_LEVELS),
  reasons: z.array(text).max(32),
  causes: z
    .array(z.record(z.string(), z.union([z.string().max(256), z.number()])))
    .max(32)
    .optional()
})

const logLine = z.object({
  t: z.literal('log'),
  time,
  level: z.enum(['info', 'warn', 'error']),
  code: z.string().max(128),
  message: text,
  data: z.record(z.string(), z.unknown()).optional(),
  source: z.string().max(64).optional()
})

const recordingLine = z.object({
  t: z.literal('recording'),
  time,
  path: text,
  complete: z.boolean(),
  seconds: figure,
  error: z.string().max(32).optional()
})

/** Written each second when nothing else was lately: a crashed show's length is read from its last line. */
const beatLine = z.object({ t: z.literal('beat'), time })

const summarySchema = z.object({
  id: z.string().max(64),
  start: time,
  end: time,
  durationSeconds: figure,
  ending: z.enum(SESSION_ENDINGS),
  errorCode: z.string().max(64).optional(),
  destinations: z.array(text).max(16),
  onAirSeconds: figure,
  outages: figure,
  reconnects: figure,
  recordedSeconds: figure.nullable()
})

/** The last line: how the show ended, and its summary (so listing the history reads only first and last lines). */
const endLine = z.object({ t: z.literal('end'), time, ending: z.enum(SESSION_ENDINGS), error: errorSchema.optional(), summary: summarySchema.optional() })

export const sessionLineSchema = z.discriminatedUnion('t', [headerLine, stateLine, statsLine, healthLine, logLine, recordingLine, beatLine, endLine])
export type SessionLine = z.infer<typeof sessionLineSchema>
export type HeaderLine = z.infer<typeof headerLine>
export type StateLine = z.infer<typeof stateLine>
export type StatsLine = z.infer<typeof statsLine>
export type HealthLine = z.infer<typeof healthLine>
export type LogLine = z.infer<typeof logLine>
export type RecordingLine = z.infer<typeof recordingLine>
export type EndLine = z.infer<typeof endLine>
export type DestinationLine = z.infer<typeof destinationSchema>

/** One line of text → a session line, or null when it is not one (a torn last write, a hand edit, another version). */
export function parseSessionLine(line: string): SessionLine | null {
  if (!line.trim()) return null
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  const parsed = sessionLineSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

/** Every readable line of a file's text, in order; the rest are skipped. */
export function parseSessionText(text: string): SessionLine[] {
  const lines: SessionLine[] = []
  for (const raw of text.split('\n')) {
    const line = parseSessionLine(raw)
    if (line) lines.push(line)
  }
  return lines
}

/** The summary an end line carries, typed as the contract's. */
export function summaryOf(end: EndLine): SessionSummary | undefined {
  return end.summary as SessionSummary | undefined
}
