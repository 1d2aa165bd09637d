import { z } from 'zod'
import { liveDestinationsSchema } from './live'

/**
 * `handoff:stream` (DESIGN §6, §8 `onair handoff FILE|ID --provider P --channel ID`): a recording (the library's id;
 * the CLI may name any file) streamed to one to four destinations as a live show. Other clients name recordings by id.
 */
export const handoffStreamRequestSchema = z
  .object({
    recording: z.string().min(1).max(4096),
    destinations: liveDestinationsSchema
  })
  .strict()
