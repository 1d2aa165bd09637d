import { realpath } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { onairError } from '../../../shared/errors'
import { localFileError } from './upload/upload-errors'

/** What finding a handoff's file needs of the library. */
export interface RecordingLookup {
  get(id: string): Promise<{ id: string; path: string; state: string }>
  findByPath(path: string): Promise<{ id: string; state: string } | null>
}

const WORDS = {
  upload: { writing: 'upload it when the show has ended', outside: 'Only recordings can be uploaded from here.' },
  stream: { writing: 'stream it when the show has ended', outside: 'Only recordings can be streamed from here.' }
}

/**
 * The file a handoff names: a library recording by id, else a path (any path for the CLI's own user; only inside
 * `allowedRoot`, the recordings folder, for the app and socket clients). A recording still being written is refused.
 */
export async function resolveRecordingFile(
  recording: string,
  options: { library?: RecordingLookup; allowedRoot: string | null; verb: keyof typeof WORDS }
): Promise<{ recordingId?: string; path: string }> {
  const { library, allowedRoot } = options
  const words = WORDS[options.verb]
  const stillWritten = () => onairError('invalid_request', `This recording is still being written; ${words.writing}.`, { field: 'recording' })
  if (library && /^[0-9a-f-]{36}$/i.test(recording)) {
    const found = await library.get(recording)
    if (found.state === 'recording') throw stillWritten()
    return { recordingId: found.id, path: await real(found.path) }
  }
  if (allowedRoot !== null && !isAbsolute(recording)) throw onairError('invalid_request', 'Name a recording by its id.', { field: 'recording' })
  const path = await real(resolve(recording))
  if (allowedRoot !== null) {
    const root = await real(allowedRoot).catch(() => resolve(allowedRoot))
    const inside = relative(root, path)
    if (inside.startsWith('..') || isAbsolute(inside)) throw onairError('invalid_request', words.outside, { field: 'recording' })
  }
  const known = library ? await library.findByPath(path) : null
  if (known?.state === 'recording') throw stillWritten()
  return { ...(known ? { recordingId: known.id } : {}), path }
}

async function real(path: string): Promise<string> {
  try {
    return await realpath(path)
  } catch (e) {
    throw localFileError(e, path, 'file')
  }
}
