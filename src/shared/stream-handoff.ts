import { z } from 'zod'
import { liveDestinationsSchema } from './live'

/** Two days of seconds: no recording is longer. */
const SPAN_MAX_SECONDS = 2 * 86_400

export const fileSpanSchema = z
  .object({ startSeconds: z.number().min(0).max(SPAN_MAX_SECONDS), endSeconds: z.number().min(0).max(SPAN_MAX_SECONDS) })
  .strict()
  .refine((span) => span.endSeconds > span.startSeconds, { message: 'must end after it starts.', path: ['endSeconds'] })

/**
 * `handoff:stream` (DESIGN §6, §8 `onair handoff FILE|ID --provider P --channel ID`): a recording (the library's id;
 * the CLI may name any file) streamed to one to four destinations as a live show. Other clients name recordings by id.
 */
export const handoffStreamRequestSchema = z
  .object({
    recording: z.string().min(1).max(4096),
    destinations: liveDestinationsSchema,
    /** Only this part, in seconds from the file's start (the part of a show that reached no destination). */
    span: fileSpanSchema.optional()
  })
  .strict()
